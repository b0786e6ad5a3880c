import { Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { NetworkAuditor, type NetworkAuditorProps } from './network-auditor';

/** Properties of {@link NetAuditStack}: the stack's own and those of the {@link NetworkAuditor} it holds. */
export interface NetAuditStackProps extends StackProps, NetworkAuditorProps {}

/** The stack `cdk deploy` installs: one NetworkAuditor for the account and region it is deployed to. */
export class NetAuditStack extends Stack {
  readonly auditor: NetworkAuditor;

  constructor(scope: Construct, id: string, props: NetAuditStackProps = {}) {
    super(scope, id, {
      description: 'NetAudit: scheduled and change-triggered audit of the network configuration',
      ...props,
    });
    this.auditor = new NetworkAuditor(this, 'Auditor', props);
  }
}
