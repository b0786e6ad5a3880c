import * as path from 'node:path';
import { Duration, RemovalPolicy, type CfnElement } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { Key } from 'aws-cdk-lib/aws-kms';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
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
      MemorySize: 3008,
      Timeout: 900,
      ReservedConcurrentExecutions: 1,
      TracingConfig: { Mode: 'Active' },
      Role: ref(stack.auditor.role.roleArn),
      LoggingConfig: { LogGroup: ref(stack.auditor.logGroup.logGroupName) },
      Environment: {
        Variables: {
          ALERT_TOPIC_ARN: ref(stack.auditor.alertTopic.topicArn),
          SECURITY_HUB_ENABLED: 'true',
          POWERTOOLS_SERVICE_NAME: 'netaudit',
          POWERTOOLS_METRICS_NAMESPACE: 'NetAudit',
          POWERTOOLS_LOG_LEVEL: 'INFO',
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
          // Active tracing: X-Ray's upload calls take no resource.
          {
            Effect: 'Allow',
            Action: ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'],
            Resource: '*',
          },
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
              'directconnect:DescribeDirectConnectGatewayAssociations',
              'directconnect:DescribeDirectConnectGateways',
              'directconnect:DescribeVirtualInterfaces',
              'ec2:DescribeAddresses',
              'ec2:DescribeCustomerGateways',
              'ec2:DescribeDhcpOptions',
              'ec2:DescribeEgressOnlyInternetGateways',
              'ec2:DescribeFlowLogs',
              'ec2:DescribeInstances',
              'ec2:DescribeInternetGateways',
              'ec2:DescribeManagedPrefixLists',
              'ec2:DescribeNatGateways',
              'ec2:DescribeNetworkAcls',
              'ec2:DescribeNetworkInterfaces',
              'ec2:DescribeRouteTables',
              'ec2:DescribeSecurityGroups',
              'ec2:DescribeStaleSecurityGroups',
              'ec2:DescribeSubnets',
              'ec2:DescribeTransitGatewayAttachments',
              'ec2:DescribeTransitGatewayPeeringAttachments',
              'ec2:DescribeTransitGatewayRouteTables',
              'ec2:DescribeTransitGatewayVpcAttachments',
              'ec2:DescribeTransitGateways',
              'ec2:DescribeVpcAttribute',
              'ec2:DescribeVpcBlockPublicAccessExclusions',
              'ec2:DescribeVpcBlockPublicAccessOptions',
              'ec2:DescribeVpcEndpoints',
              'ec2:DescribeVpcPeeringConnections',
              'ec2:DescribeVpcs',
              'ec2:DescribeVpnConnections',
              'ec2:DescribeVpnGateways',
              'ec2:GetManagedPrefixListEntries',
              'ec2:GetTransitGatewayRouteTableAssociations',
              'ec2:GetTransitGatewayRouteTablePropagations',
              'ec2:SearchTransitGatewayRoutes',
              'network-firewall:DescribeFirewall',
              'network-firewall:ListFirewalls',
              'sts:GetCallerIdentity',
            ],
            Resource: '*',
          },
          {
            Sid: 'PublishAlerts',
            Effect: 'Allow',
            Action: 'sns:Publish',
            Resource: ref(stack.auditor.alertTopic.topicArn),
          },
          {
            Sid: 'EncryptAlerts',
            Effect: 'Allow',
            Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
            Resource: ref(stack.auditor.alerts!.key.keyArn),
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

/** `arn:<partition>:cloudwatch:<region>:<account>:alarm:<name>` as the template spells it. */
const alarmArn = (name: string) => ({
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':cloudwatch:',
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'AWS::AccountId' },
      `:alarm:${name}`,
    ],
  ],
});

describe('NetworkAuditor alerts', () => {
  it('encrypts the alert topic with its own rotating key, which grants CloudWatch nothing', () => {
    const { template, stack, ref } = synth();
    const key = stack.auditor.alerts!.key;

    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: ref(key.keyArn) });
    const alertKey =
      template.findResources('AWS::KMS::Key')[stack.getLogicalId(key.node.defaultChild as CfnElement)];
    expect(alertKey).toMatchObject({ Properties: { EnableKeyRotation: true }, DeletionPolicy: 'Retain' });
    expect(JSON.stringify(alertKey)).not.toContain('cloudwatch.amazonaws.com');
  });

  it('accepts publishing to the alert topic over TLS only, and from no alarm', () => {
    const { template, ref, stack } = synth();
    const topic = ref(stack.auditor.alertTopic.topicArn);

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
        ]),
      },
    });
  });

  it('subscribes each alert email to both topics, and nobody by default', () => {
    const { template, stack, ref } = synth({ alertEmails: ['ops@example.com', 'sec@example.com'] });

    template.resourceCountIs('AWS::SNS::Subscription', 4);
    for (const email of ['ops@example.com', 'sec@example.com']) {
      for (const topic of [stack.auditor.alertTopic, stack.auditor.alarmTopic]) {
        template.hasResourceProperties('AWS::SNS::Subscription', {
          Protocol: 'email',
          Endpoint: email,
          TopicArn: ref(topic.topicArn),
        });
      }
    }
    synth().template.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  it('sends the alarms to the people given as alarmEmails instead', () => {
    const { template, stack, ref } = synth({
      alertEmails: ['sec@example.com'],
      alarmEmails: ['oncall@example.com'],
    });

    template.resourceCountIs('AWS::SNS::Subscription', 2);
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Endpoint: 'oncall@example.com',
      TopicArn: ref(stack.auditor.alarmTopic.topicArn),
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Endpoint: 'sec@example.com',
      TopicArn: ref(stack.auditor.alertTopic.topicArn),
    });
  });

  it('destroys the keys and logs with the stack only when asked', () => {
    const { template } = synth({ removalPolicy: RemovalPolicy.DESTROY });

    template.allResources('AWS::KMS::Key', { DeletionPolicy: 'Delete' });
    template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Delete' });
  });
});

describe('NetworkAuditor alarms', () => {
  it('names every alarm with one prefix and sends each to the operations topic only', () => {
    const { template, stack, ref } = synth();
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));

    expect(stack.auditor.alarmNamePrefix).toMatch(/^NetAudit-Auditor-[A-Z0-9]+-$/);
    expect(alarms.map((a) => a.Properties.AlarmName as string).sort()).toEqual(
      ['CoreApisLost', 'Errors', 'FailedInvocations', 'FailedRuns', 'LostOutput'].map(
        (name) => `${stack.auditor.alarmNamePrefix}${name}`,
      ),
    );
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([ref(stack.auditor.alarmTopic.topicArn)]);
    }
    expect(ref(stack.auditor.alarmTopic.topicArn)).not.toEqual(ref(stack.auditor.alertTopic.topicArn));
  });

  it('alarms when the function errs, a run fails, a core API is lost, or output is lost', () => {
    const { template, stack, ref } = synth();
    const common = {
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
      EvaluationPeriods: 1,
      Period: 300,
      Statistic: 'Sum',
      TreatMissingData: 'notBreaching',
    };

    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      ...common,
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: ref(stack.auditor.function.functionName) }],
    });
    for (const metric of ['FailedRuns', 'CoreApisLost']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        ...common,
        Namespace: 'NetAudit',
        MetricName: metric,
        Dimensions: [{ Name: 'service', Value: 'netaudit' }],
      });
    }
    // Findings refused by Security Hub or an alert not sent: lost for good unless someone is told.
    const lost = Object.values(template.findResources('AWS::CloudWatch::Alarm')).find((a) =>
      JSON.stringify(a).includes('AlertFailed'),
    );
    expect(JSON.stringify(lost)).toContain('PublishFailed');
    expect(lost?.Properties).toMatchObject({ Threshold: 1, TreatMissingData: 'notBreaching' });
  });

  it('alarms as soon as a message waits in the failed-invocation queue', () => {
    const { template, stack, ref } = synth();

    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: ref(stack.auditor.failedInvocations.queueName) }],
      Statistic: 'Maximum',
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      Threshold: 1,
      TreatMissingData: 'notBreaching',
    });
  });

  it('encrypts the operations topic with a key of its own, which only these alarms of this account may use', () => {
    const { template, stack, ref } = synth();
    const operations = stack.auditor.operations!;
    const source = {
      StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
      ArnLike: { 'aws:SourceArn': alarmArn(`${stack.auditor.alarmNamePrefix}*`) },
    };

    template.hasResourceProperties('AWS::SNS::Topic', {
      DisplayName: 'NetAudit operations',
      KmsMasterKeyId: ref(operations.key.keyArn),
    });
    expect(ref(operations.key.keyArn)).not.toEqual(ref(stack.auditor.alerts!.key.keyArn));
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: {
        Statement: Match.arrayWith([
          {
            Sid: 'AllowNetAuditAlarmsToUseTheKey',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Resource: '*',
            Condition: source,
          },
        ]),
      },
    });
    const topic = ref(operations.topic.topicArn);
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [topic],
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Sid: 'AllowNetAuditAlarmsToPublish',
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
            Resource: topic,
            Condition: source,
          },
        ]),
      },
    });
  });

  it('grants the function nothing on the operations topic: only alarms publish there', () => {
    const { template, stack, ref } = synth();

    const policies = JSON.stringify(template.findResources('AWS::IAM::Policy'));
    expect(policies).not.toContain(JSON.stringify(ref(stack.auditor.operations!.topic.topicArn)));
    expect(policies).not.toContain(JSON.stringify(ref(stack.auditor.operations!.key.keyArn)));
  });
});

describe('NetworkAuditor dashboard', () => {
  /** The dashboard body with its tokens resolved into the placeholder strings CDK leaves in it. */
  function dashboardBody(props: NetAuditStackProps = {}): string {
    const { template } = synth(props);
    const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    return JSON.stringify(dashboard?.Properties.DashboardBody);
  }

  it('charts findings by severity, run duration, collection errors, publish and alert failures', () => {
    const body = dashboardBody();

    for (const title of [
      'Open failures by severity',
      'Run duration (ms)',
      'Collection errors',
      'Publish and alert failures',
      'Failed runs',
      'Alarms',
    ]) {
      expect(body).toContain(title);
    }
    for (const metric of [
      'FindingsCritical',
      'FindingsHigh',
      'FindingsMedium',
      'FindingsLow',
      'FindingsInformational',
      'Duration',
      'CollectionErrors',
      'CoreApisLost',
      'PublishFailed',
      'AlertFailed',
      'FailedRuns',
      'ApproximateNumberOfMessagesVisible',
    ]) {
      expect(body).toContain(`\\"${metric}\\"`);
    }
    // The handler's metrics carry the service dimension Powertools adds.
    expect(body).toContain('\\"NetAudit\\",\\"FindingsHigh\\",\\"service\\",\\"netaudit\\"');
  });
});

describe('NetworkAuditor with what the account already has', () => {
  function existing() {
    const stack = buildStack();
    return {
      topic: Topic.fromTopicArn(stack, 'Existing', 'arn:aws:sns:us-east-1:123456789012:security-alerts'),
      key: Key.fromKeyArn(
        stack,
        'ExistingKey',
        'arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555',
      ),
      logGroup: LogGroup.fromLogGroupName(stack, 'ExistingLogs', '/org/netaudit'),
      opsTopic: Topic.fromTopicArn(stack, 'Pager', 'arn:aws:sns:us-east-1:123456789012:pager'),
    };
  }

  it('alerts an existing topic, encrypting with its key, and creates no alert topic of its own', () => {
    const { topic, key } = existing();
    const { template, stack } = synth({ alertTopic: topic, alertTopicKey: key });

    expect(stack.auditor.alerts).toBeUndefined();
    template.resourceCountIs('AWS::SNS::Topic', 1); // the operations topic
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ ALERT_TOPIC_ARN: topic.topicArn }) },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          { Sid: 'PublishAlerts', Effect: 'Allow', Action: 'sns:Publish', Resource: topic.topicArn },
          {
            Sid: 'EncryptAlerts',
            Effect: 'Allow',
            Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
            Resource: key.keyArn,
          },
        ]),
      },
    });
  });

  it('grants no KMS access for an existing topic given without a key', () => {
    const { template } = synth({ alertTopic: existing().topic });

    expect(JSON.stringify(template.findResources('AWS::IAM::Policy'))).not.toContain('EncryptAlerts');
  });

  it('encrypts the alert topic it creates with the key given', () => {
    const { key } = existing();
    const { template } = synth({ encryptionKey: key });

    template.hasResourceProperties('AWS::SNS::Topic', {
      DisplayName: 'NetAudit',
      KmsMasterKeyId: key.keyArn,
    });
    template.resourceCountIs('AWS::KMS::Key', 1); // the operations topic's own
  });

  it('sends the alarms to an existing topic, and creates no operations topic', () => {
    const { opsTopic } = existing();
    const { template, stack } = synth({ alarmTopic: opsTopic });

    expect(stack.auditor.operations).toBeUndefined();
    for (const alarm of Object.values(template.findResources('AWS::CloudWatch::Alarm'))) {
      expect(alarm.Properties.AlarmActions).toEqual([opsTopic.topicArn]);
    }
    template.resourceCountIs('AWS::SNS::Topic', 1); // the alert topic
  });

  it('logs to an existing log group at the level asked, and creates none', () => {
    const { logGroup } = existing();
    const { template } = synth({ logGroup, logLevel: 'DEBUG' });

    template.resourceCountIs('AWS::Logs::LogGroup', 0);
    template.hasResourceProperties('AWS::Lambda::Function', {
      LoggingConfig: { LogGroup: '/org/netaudit' },
      Environment: { Variables: Match.objectLike({ POWERTOOLS_LOG_LEVEL: 'DEBUG' }) },
    });
  });

  it('rejects combinations that cannot mean what they say, naming the prop', () => {
    const { topic, key, logGroup } = existing();

    expect(() => synth({ alertTopicKey: key })).toThrow(/^alertTopicKey: give it only with alertTopic/);
    expect(() => synth({ alertTopic: topic, encryptionKey: key })).toThrow(/^encryptionKey encrypts/);
    expect(() => synth({ logGroup, logRetention: RetentionDays.ONE_WEEK })).toThrow(/^logRetention: /);
    expect(() => synth({ logLevel: 'VERBOSE' as never })).toThrow(
      'logLevel: "VERBOSE" is not one of TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL, SILENT',
    );
    expect(() => synth({ alarmEmails: ['nobody'] })).toThrow('alarmEmails: "nobody" is not an email address');
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
    template.hasOutput('AlertTopicArn', { Value: ref(stack.auditor.alertTopic.topicArn) });
    template.hasOutput('AlarmTopicArn', { Value: ref(stack.auditor.alarmTopic.topicArn) });
    template.hasOutput('DashboardName', { Value: ref(stack.auditor.dashboard.dashboard.dashboardName) });
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
