import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
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

    // What docs/deploy.md tells people to use after `cdk deploy`: run an audit now, find failed runs.
    new CfnOutput(this, 'AuditFunctionName', {
      description: 'aws lambda invoke --function-name <this> to audit now',
      value: this.auditor.function.functionName,
    });
    new CfnOutput(this, 'AlertTopicArn', {
      description: 'SNS topic of NetAudit alerts; subscribe more endpoints here',
      value: this.auditor.alertTopic.topicArn,
    });
    new CfnOutput(this, 'AlarmTopicArn', {
      description: 'SNS topic of the operational alarms (failed runs, lost APIs); subscribe on-call here',
      value: this.auditor.alarmTopic.topicArn,
    });
    new CfnOutput(this, 'DashboardName', {
      description: 'CloudWatch dashboard of the auditor',
      value: this.auditor.dashboard.dashboard.dashboardName,
    });
    new CfnOutput(this, 'FailedInvocationsQueueUrl', {
      description: 'Audit invocations that failed every retry land here',
      value: this.auditor.failedInvocations.queueUrl,
    });
  }
}
