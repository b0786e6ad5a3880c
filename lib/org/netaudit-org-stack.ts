import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { OrganizationAuditor, type OrganizationAuditorProps } from './organization-auditor';

/** Properties of {@link NetAuditOrgStack}: the stack's own and those of its {@link OrganizationAuditor}. */
export interface NetAuditOrgStackProps extends StackProps, OrganizationAuditorProps {}

/** The central stack of organization mode, deployed once, in a delegated administrator account. */
export class NetAuditOrgStack extends Stack {
  readonly auditor: OrganizationAuditor;

  constructor(scope: Construct, id: string, props: NetAuditOrgStackProps) {
    super(scope, id, {
      description: 'NetAudit organization mode: audits every account and region of the organization',
      ...props,
    });
    this.auditor = new OrganizationAuditor(this, 'OrgAuditor', props);

    new CfnOutput(this, 'StateMachineArn', {
      description: 'aws stepfunctions start-execution --state-machine-arn <this> to run an audit now',
      value: this.auditor.stateMachine.stateMachineArn,
    });
    new CfnOutput(this, 'AuditRoleArn', {
      description: 'The role every member role trusts (MemberRoleStack centralAccountId + auditRoleName)',
      value: this.auditor.auditRole.roleArn,
    });
    new CfnOutput(this, 'AlertTopicArn', {
      description: 'SNS topic of the organization digest',
      value: this.auditor.alerts.topic.topicArn,
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      description: 'SNS topic of the operational alarms (failed runs); subscribe on-call here',
      value: this.auditor.operations.topic.topicArn,
    });
  }
}
