import * as path from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DEFAULT_AUDIT_ENTRY } from '../../lib/audit-function';
import type { NetAuditStack, NetAuditStackProps } from '../../lib/netaudit-stack';
import { POSTURE_CHANGING_EC2_CALLS } from '../../lib/posture-events';
import { buildStack } from './support';

/** The stack, its template, and `ref` to turn a construct attribute into what the template holds. */
function synth(props: NetAuditStackProps = {}): {
  stack: NetAuditStack;
  template: Template;
  ref: (value: string) => unknown;
} {
  const stack = buildStack(props);
  return { stack, template: Template.fromStack(stack), ref: (value) => stack.resolve(value) };
}

const productArn = {
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':securityhub:',
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'AWS::AccountId' },
      ':product/',
      { Ref: 'AWS::AccountId' },
      '/default',
    ],
  ],
};
const hubArn = {
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':securityhub:',
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'AWS::AccountId' },
      ':hub/default',
    ],
  ],
};

describe('NetworkAuditor function', () => {
  it('runs the audit handler on Node.js 22, ARM64, sized for a large region, one run at a time', () => {
    const { template, stack, ref } = synth();

    template.resourceCountIs('AWS::Lambda::Function', 1);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      MemorySize: 1024,
      Timeout: 300,
      ReservedConcurrentExecutions: 1,
      Role: ref(stack.auditor.role.roleArn),
      LoggingConfig: { LogGroup: ref(stack.auditor.logGroup.logGroupName) },
      Environment: {
        Variables: {
          ALERT_TOPIC_ARN: ref(stack.auditor.alerts.topic.topicArn),
          SECURITY_HUB_ENABLED: 'true',
          POWERTOOLS_SERVICE_NAME: 'netaudit',
          POWERTOOLS_METRICS_NAMESPACE: 'NetAudit',
          NODE_OPTIONS: '--enable-source-maps',
        },
      },
    });
  });

  it('bundles lambda/handlers/audit.ts by default', () => {
    expect(path.relative(path.resolve(__dirname, '..', '..'), DEFAULT_AUDIT_ENTRY)).toBe(
      path.join('lambda', 'handlers', 'audit.ts'),
    );
  });

  it('takes memory, timeout and log retention from props', () => {
    const { template } = synth({
      memorySize: 2048,
      timeout: Duration.minutes(10),
      logRetention: RetentionDays.ONE_YEAR,
    });

    template.hasResourceProperties('AWS::Lambda::Function', { MemorySize: 2048, Timeout: 600 });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 365 });
  });

  it('keeps its logs three months and retains them when the stack is deleted', () => {
    const { template } = synth();

    template.hasResource('AWS::Logs::LogGroup', {
      Properties: { RetentionInDays: 90 },
      DeletionPolicy: 'Retain',
    });
  });

  it('sends failed asynchronous invocations to an encrypted, TLS-only queue after one retry', () => {
    const { template, stack, ref } = synth();
    const queueArn = ref(stack.auditor.failedInvocations.queueArn);

    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: ref(stack.auditor.function.functionName),
      Qualifier: '$LATEST',
      MaximumRetryAttempts: 1,
      MaximumEventAgeInSeconds: 3600,
      DestinationConfig: { OnFailure: { Destination: queueArn } },
    });
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 'sqs:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('rejects impossible sizes and addresses at synth', () => {
    expect(() => synth({ memorySize: 64 })).toThrow('memorySize: 64 is not a whole number of MB');
    expect(() => synth({ timeout: Duration.minutes(20) })).toThrow('timeout: 1200 s');
    expect(() => synth({ alertEmails: ['ops'] })).toThrow('alertEmails: "ops" is not an email address');
    expect(() => synth({ enableSecurityHub: true, publishToSecurityHub: false })).toThrow(
      'enableSecurityHub is true but publishToSecurityHub is false',
    );
  });
});

describe('NetworkAuditor permissions', () => {
  it('grants exactly: the EC2 reads collection makes, its own findings, its topic, its logs and its queue', () => {
    const { template, stack, ref } = synth();

    template.resourceCountIs('AWS::IAM::Policy', 1);
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [ref(stack.auditor.role.roleName)],
      PolicyDocument: {
        // exact: a statement that gains a condition, a resource or an action fails this test
        Statement: Match.exact([
          {
            Effect: 'Allow',
            Action: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'],
            Resource: ref(stack.auditor.failedInvocations.queueArn),
          },
          {
            Effect: 'Allow',
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: ref(stack.auditor.logGroup.logGroupArn),
          },
          {
            Sid: 'ReadWritePublishState',
            Effect: 'Allow',
            Action: ['s3:GetObject', 's3:PutObject'],
            Resource: ref(stack.auditor.publishState!.bucket.arnForObjects('publish-state/*')),
          },
          {
            Sid: 'ListPublishState',
            Effect: 'Allow',
            Action: 's3:ListBucket',
            Resource: ref(stack.auditor.publishState!.bucket.bucketArn),
            Condition: { StringLike: { 's3:prefix': ['publish-state/*'] } },
          },
          {
            Sid: 'ReadNetworkConfiguration',
            Effect: 'Allow',
            // Each call collection makes, and nothing else: no Describe* (it would read user data).
            Action: [
              'ec2:DescribeAddresses',
              'ec2:DescribeFlowLogs',
              'ec2:DescribeInstances',
              'ec2:DescribeInternetGateways',
              'ec2:DescribeNatGateways',
              'ec2:DescribeNetworkAcls',
              'ec2:DescribeNetworkInterfaces',
              'ec2:DescribeRouteTables',
              'ec2:DescribeSecurityGroups',
              'ec2:DescribeStaleSecurityGroups',
              'ec2:DescribeSubnets',
              'ec2:DescribeVpcAttribute',
              'ec2:DescribeVpcPeeringConnections',
              'ec2:DescribeVpcs',
              'sts:GetCallerIdentity',
            ],
            Resource: '*',
          },
          {
            Sid: 'PublishAlerts',
            Effect: 'Allow',
            Action: 'sns:Publish',
            Resource: ref(stack.auditor.alerts.topic.topicArn),
          },
          {
            Sid: 'EncryptAlerts',
            Effect: 'Allow',
            Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
            Resource: ref(stack.auditor.alerts.key.keyArn),
          },
          {
            Sid: 'ImportOwnFindings',
            Effect: 'Allow',
            Action: 'securityhub:BatchImportFindings',
            Resource: productArn,
          },
          { Sid: 'ReadFindings', Effect: 'Allow', Action: 'securityhub:GetFindings', Resource: hubArn },
        ]),
      },
    });
  });

  it('has no managed policy, so nothing is granted outside that list', () => {
    const { template } = synth();

    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [
          { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
        ],
      },
      ManagedPolicyArns: Match.absent(),
    });
  });

  it('grants no Security Hub access when findings are not published', () => {
    const { template } = synth({ publishToSecurityHub: false });

    const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(policies).not.toContain('securityhub:');
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ SECURITY_HUB_ENABLED: 'false' }) },
    });
  });
});

describe('NetworkAuditor triggers', () => {
  it('runs a full audit every hour by default', () => {
    const { template, stack, ref } = synth();

    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 hour)',
      State: 'ENABLED',
      Targets: [
        {
          Arn: ref(stack.auditor.function.functionArn),
          Id: 'Target0',
          DeadLetterConfig: { Arn: ref(stack.auditor.failedInvocations.queueArn) },
          RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
        },
      ],
    });
  });

  it('runs on the schedule it is given', () => {
    const { template } = synth({ schedule: Schedule.expression('cron(0 6 * * ? *)') });

    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'cron(0 6 * * ? *)' });
  });

  it('re-audits on every successful posture-changing EC2 call recorded by CloudTrail', () => {
    const { template, stack, ref } = synth();

    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        source: ['aws.ec2'],
        'detail-type': ['AWS API Call via CloudTrail'],
        detail: {
          eventSource: ['ec2.amazonaws.com'],
          eventName: [...POSTURE_CHANGING_EC2_CALLS],
          errorCode: [{ exists: false }],
        },
      },
      Targets: [Match.objectLike({ Arn: ref(stack.auditor.function.functionArn) })],
    });
  });

  it('watches the calls that change security groups, routes, ACLs, addresses, gateways, peering and flow logs', () => {
    expect(POSTURE_CHANGING_EC2_CALLS).toEqual(
      expect.arrayContaining([
        'AuthorizeSecurityGroupIngress',
        'ModifySecurityGroupRules',
        'ReplaceRoute',
        'ReplaceRouteTableAssociation',
        'ReplaceNetworkAclEntry',
        'AssociateAddress',
        'CreateNatGateway',
        'DetachInternetGateway',
        'AcceptVpcPeeringConnection',
        'DeleteFlowLogs',
        'ModifyInstanceAttribute',
        'RunInstances',
        'AssociateNatGatewayAddress',
        'CreateNetworkAcl',
      ]),
    );
    expect(new Set(POSTURE_CHANGING_EC2_CALLS).size).toBe(POSTURE_CHANGING_EC2_CALLS.length);
  });

  it('has no change trigger when it is turned off', () => {
    const { template } = synth({ changeTrigger: false });

    template.resourceCountIs('AWS::Events::Rule', 1);
    template.resourcePropertiesCountIs('AWS::Events::Rule', { EventPattern: Match.anyValue() }, 0);
  });

  it('lets only its own rules invoke the function', () => {
    const { template, stack, ref } = synth();

    template.resourceCountIs('AWS::Lambda::Permission', 2);
    for (const rule of [stack.auditor.scheduleRule, stack.auditor.changeRule!]) {
      template.hasResourceProperties('AWS::Lambda::Permission', {
        Action: 'lambda:InvokeFunction',
        Principal: 'events.amazonaws.com',
        SourceArn: ref(rule.ruleArn),
      });
    }
  });
});

describe('NetworkAuditor alerts', () => {
  it('encrypts the topic with its own rotating key that CloudWatch alarms may use', () => {
    const { template, stack, ref } = synth();

    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: ref(stack.auditor.alerts.key.keyArn),
    });
    template.hasResource('AWS::KMS::Key', {
      Properties: {
        EnableKeyRotation: true,
        KeyPolicy: {
          Statement: Match.arrayWith([
            {
              Sid: 'AllowCloudWatchAlarmsToUseTheKey',
              Effect: 'Allow',
              Principal: { Service: 'cloudwatch.amazonaws.com' },
              Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
              Resource: '*',
            },
          ]),
        },
      },
      DeletionPolicy: 'Retain',
    });
  });

  it('accepts publishing over TLS only, and from this account’s alarms', () => {
    const { template, stack, ref } = synth();
    const topic = ref(stack.auditor.alerts.topic.topicArn);

    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [topic],
      PolicyDocument: {
        Statement: Match.exact([
          {
            Sid: 'AllowPublishThroughSSLOnly',
            Effect: 'Deny',
            Principal: '*',
            Action: 'sns:Publish',
            Resource: topic,
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
          {
            Sid: 'AllowThisAccountsAlarmsToPublish',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Resource: topic,
            Condition: {
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
              ArnLike: {
                'aws:SourceArn': {
                  'Fn::Join': [
                    '',
                    [
                      'arn:',
                      { Ref: 'AWS::Partition' },
                      ':cloudwatch:',
                      { Ref: 'AWS::Region' },
                      ':',
                      { Ref: 'AWS::AccountId' },
                      ':alarm:*',
                    ],
                  ],
                },
              },
            },
          },
        ]),
      },
    });
  });

  it('subscribes each alert email, and nobody by default', () => {
    const { template, stack, ref } = synth({ alertEmails: ['ops@example.com', 'sec@example.com'] });

    template.resourceCountIs('AWS::SNS::Subscription', 2);
    for (const email of ['ops@example.com', 'sec@example.com']) {
      template.hasResourceProperties('AWS::SNS::Subscription', {
        Protocol: 'email',
        Endpoint: email,
        TopicArn: ref(stack.auditor.alerts.topic.topicArn),
      });
    }
    synth().template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('alarms the topic when the function errs and when a run fails', () => {
    const { template, stack, ref } = synth();
    const topic = ref(stack.auditor.alerts.topic.topicArn);
    const common = {
      AlarmActions: [topic],
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
      EvaluationPeriods: 1,
      Period: 300,
      Statistic: 'Sum',
      TreatMissingData: 'notBreaching',
    };

    template.resourceCountIs('AWS::CloudWatch::Alarm', 3);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ...common,
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: ref(stack.auditor.function.functionName) }],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ...common,
      Namespace: 'NetAudit',
      MetricName: 'FailedRuns',
      Dimensions: [{ Name: 'service', Value: 'netaudit' }],
    });
    // Findings refused by Security Hub or an alert not sent: lost for good unless someone is told.
    const lost = Object.values(template.findResources('AWS::CloudWatch::Alarm')).find((a) =>
      JSON.stringify(a).includes('AlertFailed'),
    );
    expect(JSON.stringify(lost)).toContain('PublishFailed');
    expect(lost?.Properties).toMatchObject({
      AlarmActions: [topic],
      Threshold: 1,
      TreatMissingData: 'notBreaching',
    });
  });

  it('destroys the key and logs with the stack only when asked', () => {
    const { template } = synth({ removalPolicy: RemovalPolicy.DESTROY });

    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Delete' });
    template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Delete' });
  });
});

describe('NetworkAuditor configuration', () => {
  it('passes no NETAUDIT_CONFIG when every setting is a default', () => {
    const { template } = synth();

    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ NETAUDIT_CONFIG: Match.absent() }) },
    });
  });

  it('passes the validated config, with the alert thresholds prop taking precedence', () => {
    const { template } = synth({
      config: { $schema: './schema.json', disabledRules: ['SG.2'], alertThresholds: { CRITICAL: 1 } },
      alertThresholds: { HIGH: 5 },
    });

    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          NETAUDIT_CONFIG: JSON.stringify({ disabledRules: ['SG.2'], alertThresholds: { HIGH: 5 } }),
        }),
      },
    });
  });

  it('fails at synth on a config the handler would reject', () => {
    expect(() => synth({ config: { disabledRules: ['SG.99'] } })).toThrow('unknown rule id "SG.99"');
  });

  it('fails at synth on a config too large for the function environment', () => {
    const suppressions = Array.from({ length: 40 }, (_, i) => ({
      ruleId: 'SG.1',
      resourceId: `sg-${String(i).padStart(17, '0')}`,
      reason: 'the bastion accepts SSH from the office only through the VPN',
      owner: 'network-team@example.com',
      expires: '2027-01-31',
    }));

    expect(() => synth({ config: { suppressions } })).toThrow(/bytes as JSON, more than the 3500/);
  });
});

describe('NetAuditStack', () => {
  it('outputs what a user needs after deploy: the function, the topic and the failed-invocation queue', () => {
    const { template, stack, ref } = synth();

    template.hasOutput('AuditFunctionName', { Value: ref(stack.auditor.function.functionName) });
    template.hasOutput('AlertTopicArn', { Value: ref(stack.auditor.alerts.topic.topicArn) });
    template.hasOutput('FailedInvocationsQueueUrl', { Value: ref(stack.auditor.failedInvocations.queueUrl) });
  });
});

describe('NetworkAuditor Security Hub', () => {
  it('does not touch Security Hub’s enablement by default', () => {
    synth().template.resourceCountIs('AWS::SecurityHub::Hub', 0);
  });

  it('enables the hub without standards when asked, and keeps it when the stack goes', () => {
    const { template } = synth({ enableSecurityHub: true });

    template.hasResource('AWS::SecurityHub::Hub', {
      Properties: { EnableDefaultStandards: false },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });
});
