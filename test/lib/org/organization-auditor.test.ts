import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Schedule } from 'aws-cdk-lib/aws-events';
import type { NetAuditOrgStack } from '../../../lib/org/netaudit-org-stack';
import { LAMBDA_TRANSIENT_ERRORS } from '../../../lib/org/organization-auditor';
import { buildOrgStack, ORG_ID, stateMachineDefinition, type StateDefinition } from './support';

function synth(props: Parameters<typeof buildOrgStack>[0] = {}) {
  const stack = buildOrgStack(props);
  const template = Template.fromStack(stack);
  return {
    stack,
    template,
    definition: stateMachineDefinition(template),
    ref: (v: string) => stack.resolve(v),
  };
}

/** The nested states: the account Map's processor, and the region Map's inside it. */
function states(definition: ReturnType<typeof stateMachineDefinition>) {
  const accounts = definition.States.AuditAccounts!;
  const regions = accounts.ItemProcessor!.States.AuditRegions!;
  return { accounts, regions, target: regions.ItemProcessor!.States };
}

/**
 * The statements of a role's policies, without the CloudWatch Logs and X-Ray grants every function role
 * has (the tracing test checks those).
 */
function statementsOf(
  template: Template,
  stack: NetAuditOrgStack,
  role: 'auditRole' | 'listRole' | 'reportRole',
) {
  const roleRef = stack.resolve(stack.auditor[role].roleArn)['Fn::GetAtt'][0] as string;
  const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) =>
    (p.Properties.Roles as { Ref: string }[]).some((r) => r.Ref === roleRef),
  );
  return policies
    .flatMap((p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Sid?: string }[])
    .filter((s) => !/^(logs|xray):/.test(String(s.Action)));
}

const hasRetryOnThrottling = (state: StateDefinition) =>
  expect(state.Retry).toEqual([
    expect.objectContaining({ ErrorEquals: LAMBDA_TRANSIENT_ERRORS, MaxAttempts: 6, BackoffRate: 2 }),
  ]);

describe('OrganizationAuditor state machine', () => {
  it('lists targets, maps over the accounts, then summarizes', () => {
    const { definition } = synth();

    expect(definition.StartAt).toBe('ListTargets');
    expect(definition.States.ListTargets).toMatchObject({ Type: 'Task', Next: 'AuditAccounts' });
    expect(definition.States.AuditAccounts).toMatchObject({ Type: 'Map', Next: 'Summarize' });
    expect(definition.States.Summarize).toMatchObject({
      Type: 'Task',
      End: true,
      Parameters: { 'accounts.$': '$.accounts', 'targets.$': '$.targets' },
    });
    expect(definition.TimeoutSeconds).toBe(12 * 3600);
  });

  it('is a Distributed Map of Standard child executions, 10 accounts at once, tolerating 10% failed children', () => {
    const { accounts, regions } = states(synth().definition);

    expect(accounts).toMatchObject({
      ItemsPath: '$.accounts',
      ItemSelector: { 'account.$': '$$.Map.Item.Value', 'regions.$': '$.regions' },
      // The account list is replaced by one compact result per account.
      ResultPath: '$.accounts',
      MaxConcurrency: 10,
      ToleratedFailurePercentage: 10,
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' } },
    });
    expect(regions).toMatchObject({
      Type: 'Map',
      ItemsPath: '$.regions',
      ItemSelector: { 'accountId.$': '$.account.accountId', 'region.$': '$$.Map.Item.Value' },
      MaxConcurrency: 1,
      ResultPath: '$.results',
      Next: 'SummarizeAccount',
    });
  });

  it('retries every Lambda step on throttling and service errors', () => {
    const { definition } = synth();
    const { accounts, target } = states(definition);

    hasRetryOnThrottling(definition.States.ListTargets!);
    hasRetryOnThrottling(definition.States.Summarize!);
    hasRetryOnThrottling(accounts.ItemProcessor!.States.SummarizeAccount!);
    hasRetryOnThrottling(target.AuditTarget!);
    expect(LAMBDA_TRANSIENT_ERRORS).toEqual(
      expect.arrayContaining(['Lambda.TooManyRequestsException', 'Lambda.ServiceException']),
    );
  });

  it('catches any failure of one target and turns it into a FAILED result, so the others go on', () => {
    const { target } = states(synth().definition);

    expect(target.AuditTarget!.Catch).toEqual([
      { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'TargetFailed' },
    ]);
    expect(target.TargetFailed).toEqual({
      Type: 'Pass',
      End: true,
      Parameters: {
        'accountId.$': '$.accountId',
        'region.$': '$.region',
        status: 'FAILED',
        error: { 'name.$': '$.error.Error', 'message.$': '$.error.Cause' },
      },
    });
  });

  it('takes the map type, concurrency and tolerated failures from its props', () => {
    const inline = states(synth({ mapType: 'INLINE', maxConcurrency: 5 }).definition);
    const wide = synth({ maxConcurrency: 25, regionConcurrency: 2, toleratedFailurePercentage: 25 });

    expect(inline.accounts.ItemProcessor!.ProcessorConfig).toEqual({ Mode: 'INLINE' });
    expect(inline.accounts.MaxConcurrency).toBe(5);
    expect(inline.accounts.ToleratedFailurePercentage).toBeUndefined();
    expect(states(wide.definition).accounts).toMatchObject({
      MaxConcurrency: 25,
      ToleratedFailurePercentage: 25,
    });
    expect(states(wide.definition).regions.MaxConcurrency).toBe(2);
    // The audit function reserves exactly what the Map can run at once.
    wide.template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'NetAudit organization run: auditTarget',
      ReservedConcurrentExecutions: 50,
    });
  });

  it('never lets a run outlast the schedule interval, so runs do not overlap', () => {
    expect(synth({ schedule: Schedule.rate(Duration.hours(1)) }).definition.TimeoutSeconds).toBe(3600);
    expect(synth({ schedule: Schedule.rate(Duration.days(7)) }).definition.TimeoutSeconds).toBe(12 * 3600);
    expect(() =>
      buildOrgStack({ schedule: Schedule.rate(Duration.hours(2)), runTimeout: Duration.hours(3) }),
    ).toThrow(/runTimeout: 3 hours is longer than the schedule's interval/);
  });

  it('logs every execution and traces it', () => {
    const { template, stack, ref } = synth();

    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: {
        Level: 'ALL',
        Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: ref(stack.auditor.logGroup.logGroupArn) } }],
      },
    });
  });

  it('is started daily by the schedule, undeliverable starts going to the queue; a failed run alarms', () => {
    const { template, stack, ref } = synth();

    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 day)',
      Targets: [
        Match.objectLike({
          Arn: ref(stack.auditor.stateMachine.stateMachineArn),
          Input: '{}',
          DeadLetterConfig: { Arn: ref(stack.auditor.failedInvocations.queueArn) },
        }),
      ],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmActions: [ref(stack.auditor.operations.topic.topicArn)],
      Threshold: 1,
      Metrics: Match.arrayWith([Match.objectLike({ Expression: 'failed + timedOut + aborted' })]),
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmActions: [ref(stack.auditor.operations.topic.topicArn)],
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: ref(stack.auditor.failedInvocations.queueName) }],
      Threshold: 1,
    });
    expect(synth({ schedule: undefined }).template.toJSON()).toBeDefined();
  });
});

describe('OrganizationAuditor operations', () => {
  it('sends its alarms to a topic of its own, whose key only its alarms of this account may use', () => {
    const { template, stack, ref } = synth({ alertEmails: ['sec@example.com'] });
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));

    expect(alarms).toHaveLength(2);
    const names = alarms.map((a) => a.Properties.AlarmName as string);
    const prefix = names[0]!.replace(/(RunFailed|FailedInvocations)$/, '');
    expect(names.sort()).toEqual([`${prefix}FailedInvocations`, `${prefix}RunFailed`]);
    expect(ref(stack.auditor.operations.topic.topicArn)).not.toEqual(
      ref(stack.auditor.alerts.topic.topicArn),
    );
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Condition: {
              StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
              ArnLike: { 'aws:SourceArn': Match.objectLike({}) },
            },
          }),
        ]),
      },
    });
    expect(JSON.stringify(template.findResources('AWS::KMS::Key'))).toContain(`:alarm:${prefix}*`);
    // Both topics reach the people given, unless alarmEmails names others.
    template.resourceCountIs('AWS::SNS::Subscription', 2);
    const split = synth({ alertEmails: ['sec@example.com'], alarmEmails: ['oncall@example.com'] });
    split.template.hasResourceProperties('AWS::SNS::Subscription', {
      Endpoint: 'oncall@example.com',
      TopicArn: split.ref(split.stack.auditor.operations.topic.topicArn),
    });
  });

  it('traces every function with X-Ray, and logs at the level asked', () => {
    const { template } = synth({ logLevel: 'WARN' });

    const functions = Object.values(template.findResources('AWS::Lambda::Function'));
    expect(functions).toHaveLength(4);
    for (const fn of functions) {
      expect(fn.Properties.TracingConfig).toEqual({ Mode: 'Active' });
      expect(fn.Properties.Environment.Variables.POWERTOOLS_LOG_LEVEL).toBe('WARN');
    }
    expect(() => synth({ logLevel: 'LOUD' as never })).toThrow(/^logLevel: "LOUD" is not one of/);
  });
});

describe('OrganizationAuditor functions and roles', () => {
  it('give each function only the environment its step reads', () => {
    const { template, stack, ref } = synth({
      ouIds: ['ou-a1b2-11111111'],
      excludeAccountIds: ['111111111111'],
      memberExternalId: 'netaudit-ext-1',
      timeout: Duration.minutes(10),
    });
    const common = { MEMBER_ROLE_NAME: 'NetAuditMember', ORG_REGIONS: 'eu-west-1,us-east-1' };

    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'NetAudit organization run: listTargets',
      Role: ref(stack.auditor.listRole.roleArn),
      Environment: {
        Variables: Match.objectLike({
          ...common,
          ORG_OU_IDS: 'ou-a1b2-11111111',
          ORG_EXCLUDE_ACCOUNT_IDS: '111111111111',
        }),
      },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'NetAudit organization run: auditTarget',
      Role: ref(stack.auditor.auditRole.roleArn),
      Timeout: 600,
      MemorySize: 1024,
      ReservedConcurrentExecutions: 10,
      Environment: {
        Variables: Match.objectLike({
          ...common,
          SECURITY_HUB_ENABLED: 'true',
          MEMBER_EXTERNAL_ID: 'netaudit-ext-1',
        }),
      },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'NetAudit organization run: summarize',
      Role: ref(stack.auditor.reportRole.roleArn),
      Environment: {
        Variables: Match.objectLike({ ALERT_TOPIC_ARN: ref(stack.auditor.alerts.topic.topicArn) }),
      },
    });
    template.resourceCountIs('AWS::Lambda::Function', 4);
    // One run at a time for the list and summary steps; the per-account step is not a bottleneck.
    const reserved = Object.values(template.findResources('AWS::Lambda::Function')).map((f) => [
      f.Properties.Description,
      f.Properties.ReservedConcurrentExecutions,
    ]);
    expect(Object.fromEntries(reserved)).toEqual({
      'NetAudit organization run: listTargets': 1,
      'NetAudit organization run: auditTarget': 10,
      'NetAudit organization run: accountSummary': undefined,
      'NetAudit organization run: summarize': 1,
    });
  });

  it('lets the central audit role only assume the member role, inside the organization', () => {
    const { template, stack } = synth();

    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'NetAuditOrgAuditor',
      AssumeRolePolicyDocument: {
        Statement: [
          { Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' } },
        ],
      },
    });
    expect(statementsOf(template, stack, 'auditRole')).toEqual([
      {
        Sid: 'AssumeMemberRoles',
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::*:role/NetAuditMember']] },
        Condition: { StringEquals: { 'aws:ResourceOrgID': ORG_ID } },
      },
      // Lambda's on-failure destination (asynchronous invocations only).
      {
        Action: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'],
        Effect: 'Allow',
        Resource: stack.resolve(stack.auditor.failedInvocations.queueArn),
      },
    ]);
    // No managed policy anywhere on it.
    const [role] = Object.values(
      template.findResources('AWS::IAM::Role', { Properties: { RoleName: 'NetAuditOrgAuditor' } }),
    );
    expect(role!.Properties.ManagedPolicyArns).toBeUndefined();
  });

  it('uses the configured member and audit role names', () => {
    const { template, stack } = synth({ memberRoleName: 'SecAudit', auditRoleName: 'SecAuditCentral' });

    template.hasResourceProperties('AWS::IAM::Role', { RoleName: 'SecAuditCentral' });
    expect(statementsOf(template, stack, 'auditRole')[0]).toMatchObject({
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::*:role/SecAudit']] },
    });
  });

  it('lets the list role only read the organization, and the report role only publish the digest', () => {
    const { template, stack } = synth();

    expect(statementsOf(template, stack, 'listRole')).toEqual([
      {
        Sid: 'ListOrganizationAccounts',
        Action: [
          'organizations:ListAccounts',
          'organizations:ListAccountsForParent',
          'organizations:ListOrganizationalUnitsForParent',
        ],
        Effect: 'Allow',
        Resource: '*',
      },
      expect.objectContaining({ Action: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'] }),
    ]);
    expect(statementsOf(template, stack, 'reportRole').map((s) => s.Sid ?? s.Action)).toEqual([
      'PublishDigest',
      'EncryptDigest',
      ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'],
    ]);
  });
});

describe('OrganizationAuditor props validation', () => {
  it.each([
    ['a bad organization id', { organizationId: 'o-1' }, /organizationId/],
    ['no regions', { regions: [] }, /no regions/],
    ['a bad region', { regions: ['us-east'] }, /invalid AWS region/],
    ['a bad OU id', { ouIds: ['sandbox'] }, /not an OU id/],
    ['a concurrency of 0', { maxConcurrency: 0 }, /maxConcurrency/],
    [
      'tolerated failures on an inline map',
      { mapType: 'INLINE' as const, toleratedFailurePercentage: 5 },
      /DISTRIBUTED map only/,
    ],
    ['a bad role name', { memberRoleName: 'has space' }, /memberRoleName/],
    ['a bad email', { alertEmails: ['nobody'] }, /alertEmails/],
    [
      'an account list too long for the environment',
      { accountIds: Array.from({ length: 400 }, (_, i) => String(100000000000 + i)) },
      /over Lambda's 4 KB/,
    ],
  ])('rejects %s at synth', (_label, props, message) => {
    expect(() => buildOrgStack(props)).toThrow(message);
  });
});
