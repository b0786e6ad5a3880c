import { Stack, Validations } from 'aws-cdk-lib';
import { Key } from 'aws-cdk-lib/aws-kms';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import type { NetAuditStackProps } from '../../lib/netaudit-stack';
import { buildStack, unbundledApp } from './support';

/** "rule at construct path" for every unacknowledged AwsSolutions error or warning, so a failure reads well. */
function nagViolations(props: NetAuditStackProps): string[] {
  const report = new AwsSolutionsChecks().validateScope(buildStack(props));
  return report.violations.flatMap((v) =>
    v.violatingResources.map((r) => `${v.severity} ${v.ruleName} at ${r.constructPath}`),
  );
}

/** Every acknowledgement in the tree, as "path: rule id" with its reason. */
function acknowledgements(root: IConstruct): Record<string, string> {
  const found: Record<string, string> = {};
  for (const node of root.node.findAll()) {
    for (const entry of node.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        found[`${node.node.path}: ${id.replace(/^annotation::/i, '')}`] = reason;
      }
    }
  }
  return found;
}

describe('cdk-nag AwsSolutions checks', () => {
  it('do report what is not acknowledged (the harness can fail)', () => {
    const stack = buildStack();
    new Queue(stack, 'Plain');

    const rules = new AwsSolutionsChecks().validateScope(stack).violations.map((v) => v.ruleName);

    expect(rules).toEqual(expect.arrayContaining(['AwsSolutions-SQS3', 'AwsSolutions-SQS4']));
  });

  it('find nothing unacknowledged in the default stack', () => {
    expect(nagViolations({})).toEqual([]);
  });

  it('find nothing unacknowledged with every option turned on or off', () => {
    expect(
      nagViolations({
        alertEmails: ['ops@example.com'],
        enableSecurityHub: true,
        config: { disabledRules: [] },
      }),
    ).toEqual([]);
    expect(nagViolations({ changeTrigger: false, publishToSecurityHub: false })).toEqual([]);
    expect(nagViolations({ alarmEmails: ['oncall@example.com'], logLevel: 'DEBUG' })).toEqual([]);
  });

  it('find nothing unacknowledged with an existing topic, key and log group', () => {
    const owner = new Stack(unbundledApp(), 'Existing');
    const topic = (name: string) =>
      Topic.fromTopicArn(owner, name, `arn:aws:sns:us-east-1:123456789012:${name}`);
    const key = Key.fromKeyArn(owner, 'Key', 'arn:aws:kms:us-east-1:123456789012:key/1111-2222');

    expect(
      nagViolations({
        alertTopic: topic('alerts'),
        alertTopicKey: key,
        alarmTopic: topic('pager'),
        logGroup: LogGroup.fromLogGroupName(owner, 'Logs', '/org/netaudit'),
      }),
    ).toEqual([]);
    expect(nagViolations({ encryptionKey: key })).toEqual([]);
  });

  it('are acknowledged only where listed here, wildcards one by one, each with a specific reason', () => {
    const acks = acknowledgements(buildStack());

    // A change to this list is a change to the stack's security review: make it on purpose.
    expect(Object.keys(acks).sort()).toEqual([
      'NetAudit/Auditor/FailedInvocations: AwsSolutions-SQS3',
      'NetAudit/Auditor/Function: AwsSolutions-L1',
      'NetAudit/Auditor/PublishState/Bucket: AwsSolutions-S1',
      'NetAudit/Auditor/Role: AwsSolutions-IAM5[Resource::*]',
      'NetAudit/Auditor/Role: AwsSolutions-IAM5[Resource::<AuditorPublishStateBucketC877FC48.Arn>/publish-state/*]',
    ]);
    for (const reason of Object.values(acks)) expect(reason.length).toBeGreaterThan(60);
  });
});
