import * as path from 'node:path';
import { Duration, Names, RemovalPolicy, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import { Alarm, MathExpression } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { SfnStateMachine } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import {
  DefinitionBody,
  DistributedMap,
  Errors,
  LogLevel,
  Map as InlineMap,
  Pass,
  StateMachine,
  StateMachineType,
  TaskInput,
  type IChainable,
} from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import type { ConfigFile } from '../../lambda/config/config';
import type { Severity } from '../../lambda/engine/severity';
import { DEFAULT_MEMBER_ROLE_NAME } from '../../lambda/org/member-access';
import { validateFilter, validateRegions } from '../../lambda/org/targets';
import { AlertTopic } from '../alert-topic';
import { configEnvironmentValue } from '../audit-config';
import { AuditFunction, LOG_LEVELS, type LogLevel as FunctionLogLevel } from '../audit-function';
import { FAILURE_ALARM, isEmailAddress } from '../network-auditor';

const HANDLERS = path.resolve(__dirname, '..', '..', 'lambda', 'handlers');

/** The four Lambdas of an organization run, by role in the state machine. */
export const ORG_HANDLER_ENTRIES = {
  listTargets: path.join(HANDLERS, 'org-list-targets.ts'),
  auditTarget: path.join(HANDLERS, 'org-audit-target.ts'),
  accountSummary: path.join(HANDLERS, 'org-account-summary.ts'),
  summarize: path.join(HANDLERS, 'org-summarize.ts'),
} as const;

export type OrgHandler = keyof typeof ORG_HANDLER_ENTRIES;

/** How the state machine fans out over the accounts. */
export type OrgMapType = 'DISTRIBUTED' | 'INLINE';

/** The central role's name unless told otherwise: member roles trust it by name, so it is fixed. */
export const DEFAULT_AUDIT_ROLE_NAME = 'NetAuditOrgAuditor';

/** The errors Lambda raises when it is busy or briefly failing: worth retrying, never an account's fault. */
export const LAMBDA_TRANSIENT_ERRORS = [
  'Lambda.TooManyRequestsException',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.ClientExecutionTimeoutException',
];

/** Properties of {@link OrganizationAuditor}. */
export interface OrganizationAuditorProps {
  /**
   * The organization's id (o-xxxxxxxxxx). The central role may only assume roles inside it
   * (aws:ResourceOrgID).
   */
  readonly organizationId: string;
  /** Regions audited in every account, e.g. ['us-east-1', 'eu-west-1']. */
  readonly regions: readonly string[];
  /**
   * Audit only the accounts under these OUs or roots, nested OUs included.
   * @default the whole organization
   */
  readonly ouIds?: readonly string[];
  /**
   * Skip the accounts under these OUs, nested OUs included.
   * @default none
   */
  readonly excludeOuIds?: readonly string[];
  /**
   * Audit only these accounts.
   * @default every active account the OU filters leave
   */
  readonly accountIds?: readonly string[];
  /**
   * Skip these accounts (e.g. the management account, which a service-managed StackSet does not reach).
   * @default none
   */
  readonly excludeAccountIds?: readonly string[];
  /**
   * The member role's name, the same in every account: what MemberRoleStack deploys.
   * @default 'NetAuditMember'
   */
  readonly memberRoleName?: string;
  /**
   * The central audit role's name. Member roles trust this role by ARN, so it is a fixed name.
   * @default 'NetAuditOrgAuditor'
   */
  readonly auditRoleName?: string;
  /**
   * sts:ExternalId sent when assuming member roles; set the same value on MemberRoleStack.
   * @default none
   */
  readonly memberExternalId?: string;
  /**
   * When a full organization run starts.
   * @default Schedule.rate(Duration.days(1))
   */
  readonly schedule?: Schedule;
  /**
   * The Map over accounts. DISTRIBUTED runs each account as a child workflow execution, so the run's
   * history and the 25,000-event limit of a Standard execution never grow with the organization, and
   * tolerates a share of failed children; INLINE keeps everything in one execution, which is enough for
   * a few dozen accounts.
   * @default 'DISTRIBUTED'
   */
  readonly mapType?: OrgMapType;
  /**
   * Accounts audited at once (the Map's MaxConcurrency); each audits `regionConcurrency` regions at once.
   * @default 10
   */
  readonly maxConcurrency?: number;
  /**
   * Regions of one account audited at once. EC2 rate limits are per account and region, so this only
   * multiplies the total concurrency.
   * @default 1
   */
  readonly regionConcurrency?: number;
  /**
   * Share of account child executions that may fail before the run fails (DISTRIBUTED only). A target
   * that cannot be audited is not a failed child: it is caught and reported in the summary.
   * @default 10
   */
  readonly toleratedFailurePercentage?: number;
  /**
   * How long a whole organization run may take. Runs must not overlap (two audits of one target would
   * publish conflicting findings), so with a rate schedule it may not exceed the interval.
   * @default Duration.hours(12), or the schedule's interval when that is shorter
   */
  readonly runTimeout?: Duration;
  /**
   * Email addresses subscribed to the central topic, which carries the digest; they also get the
   * alarms unless `alarmEmails` is given.
   * @default none
   */
  readonly alertEmails?: readonly string[];
  /**
   * Email addresses that receive the operational alarms (a failed run, a failed schedule start), sent
   * through a topic with its own key so that they arrive even when the digest topic or its key fails.
   * @default alertEmails
   */
  readonly alarmEmails?: readonly string[];
  /**
   * The lowest level the functions log: TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL or SILENT.
   * @default 'INFO'
   */
  readonly logLevel?: FunctionLogLevel;
  /**
   * Rule configuration in the netaudit.config.json format, as for NetworkAuditor.
   * @default the defaults of RULES.md
   */
  readonly config?: ConfigFile;
  /**
   * New findings of a severity in one account and region that put it in the digest.
   * @default the config's alertThresholds, else one new CRITICAL or one new HIGH
   */
  readonly alertThresholds?: Partial<Record<Severity, number>>;
  /**
   * Import findings into each member's Security Hub. When false, runs only report and alert on failures.
   * @default true
   */
  readonly publishToSecurityHub?: boolean;
  /**
   * Memory of the per-target audit function in MB.
   * @default 1024
   */
  readonly memorySize?: number;
  /**
   * How long auditing one account in one region may take.
   * @default Duration.minutes(5)
   */
  readonly timeout?: Duration;
  /**
   * How long the functions' and the state machine's logs are kept.
   * @default RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: RetentionDays;
  /**
   * What happens to the log groups and the topic's key when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Handler files to bundle instead of lambda/handlers/org-*.ts. Only tests and forks need this.
   * @default ORG_HANDLER_ENTRIES
   */
  readonly entries?: Partial<Record<OrgHandler, string>>;
}

/** An AWS Organizations id (also checked by MemberRoleStack). */
export const ORGANIZATION_ID = /^o-[a-z0-9]{10,32}$/;
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
/** Lambda allows 4 KB for all environment variables of a function. */
const MAX_ENVIRONMENT_BYTES = 4096;

/**
 * NetAudit for a whole organization: a schedule starts a Step Functions run that lists the active
 * accounts (Organizations), audits every account × region through a read-only member role (a Map over
 * accounts, each auditing its regions), and ends with a summary and one digest to the central topic.
 * Sibling of NetworkAuditor, built from the same AuditFunction and AlertTopic.
 */
export class OrganizationAuditor extends Construct {
  readonly stateMachine: StateMachine;
  /** The role the member roles trust: it may only assume them, inside the organization. */
  readonly auditRole: Role;
  /** Reads the organization's accounts; nothing else. */
  readonly listRole: Role;
  /** Summarizes and publishes the digest. */
  readonly reportRole: Role;
  readonly functions: Record<OrgHandler, AuditFunction>;
  readonly alerts: AlertTopic;
  /** Where the alarms go: a topic of its own, open to this construct's alarms only. */
  readonly operations: AlertTopic;
  readonly logGroup: LogGroup;
  readonly scheduleRule: Rule;
  /** Schedule events that could not start a run, and (unused in practice) failed async invocations. */
  readonly failedInvocations: Queue;
  /** Fires when a run fails, times out or is aborted. */
  readonly runFailedAlarm: Alarm;
  /** Fires when a schedule start (or a stray invocation) failed every retry and waits in the queue. */
  readonly failedInvocationsAlarm: Alarm;

  constructor(scope: Construct, id: string, props: OrganizationAuditorProps) {
    super(scope, id);
    const { regions } = validateProps(props);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const memberRoleName = props.memberRoleName ?? DEFAULT_MEMBER_ROLE_NAME;
    const mapType = props.mapType ?? 'DISTRIBUTED';

    this.alerts = new AlertTopic(this, 'Alerts', { emails: props.alertEmails, removalPolicy });
    const alarmNamePrefix = `${Names.uniqueResourceName(this, { maxLength: 200, separator: '-' })}-`;
    this.operations = new AlertTopic(this, 'Operations', {
      emails: props.alarmEmails ?? props.alertEmails,
      removalPolicy,
      alarmNamePrefix,
      displayName: 'NetAudit operations',
    });
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.logRetention ?? RetentionDays.THREE_MONTHS,
      removalPolicy,
    });
    this.failedInvocations = new Queue(this, 'FailedInvocations', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const lambdaPrincipal = new ServicePrincipal('lambda.amazonaws.com');
    this.listRole = new Role(this, 'ListRole', {
      assumedBy: lambdaPrincipal,
      description: 'NetAudit organization: lists the accounts of the organization',
    });
    this.auditRole = new Role(this, 'AuditRole', {
      assumedBy: lambdaPrincipal,
      roleName: props.auditRoleName ?? DEFAULT_AUDIT_ROLE_NAME,
      description: `NetAudit organization: assumes ${memberRoleName} in member accounts, nothing else`,
    });
    this.reportRole = new Role(this, 'ReportRole', {
      assumedBy: lambdaPrincipal,
      description: 'NetAudit organization: summarizes a run and publishes the digest',
    });
    grantRolePermissions(this, memberRoleName, props.organizationId);

    const config = configEnvironmentValue(props.config, props.alertThresholds, `${this.node.path} config`);
    const common = { MEMBER_ROLE_NAME: memberRoleName, ORG_REGIONS: regions.join(',') };
    const fn = (
      handler: OrgHandler,
      role: Role,
      settings: { memorySize?: number; timeout?: Duration; environment?: Record<string, string> },
    ): AuditFunction => {
      const created = new AuditFunction(
        this,
        `${handler.charAt(0).toUpperCase()}${handler.slice(1)}Function`,
        {
          entry: props.entries?.[handler] ?? ORG_HANDLER_ENTRIES[handler],
          role,
          logGroup: this.logGroup,
          // Step Functions invokes synchronously, so this only catches a stray asynchronous invocation.
          onFailure: new SqsDestination(this.failedInvocations),
          memorySize: settings.memorySize,
          timeout: settings.timeout,
          logLevel: props.logLevel,
          environment: { ...common, ...settings.environment },
        },
      );
      checkEnvironmentSize(handler, { ...common, ...settings.environment });
      const cfn = created.node.defaultChild as CfnFunction;
      cfn.description = `NetAudit organization run: ${handler}`;
      return created;
    };
    const list = (values?: readonly string[]) => (values?.length ? values.join(',') : '');
    this.functions = {
      listTargets: fn('listTargets', this.listRole, {
        memorySize: 256,
        environment: {
          ORG_OU_IDS: list(props.ouIds),
          ORG_EXCLUDE_OU_IDS: list(props.excludeOuIds),
          ORG_ACCOUNT_IDS: list(props.accountIds),
          ORG_EXCLUDE_ACCOUNT_IDS: list(props.excludeAccountIds),
        },
      }),
      auditTarget: fn('auditTarget', this.auditRole, {
        memorySize: props.memorySize,
        timeout: props.timeout,
        environment: {
          SECURITY_HUB_ENABLED: String(props.publishToSecurityHub ?? true),
          ...(props.memberExternalId ? { MEMBER_EXTERNAL_ID: props.memberExternalId } : {}),
          ...(config === undefined ? {} : { NETAUDIT_CONFIG: config }),
        },
      }),
      accountSummary: fn('accountSummary', this.reportRole, {
        memorySize: 256,
        timeout: Duration.minutes(1),
      }),
      summarize: fn('summarize', this.reportRole, {
        memorySize: 512,
        timeout: Duration.minutes(2),
        environment: { ALERT_TOPIC_ARN: this.alerts.topic.topicArn },
      }),
    };
    // One audit per Map slot: the reservation guarantees the run its capacity and caps it there.
    const maxConcurrency = props.maxConcurrency ?? 10;
    const regionConcurrency = props.regionConcurrency ?? 1;
    (this.functions.auditTarget.node.defaultChild as CfnFunction).reservedConcurrentExecutions =
      maxConcurrency * regionConcurrency;
    // Up to maxConcurrency accounts finish at once; a reservation of 1 would only make them queue on retries.
    (this.functions.accountSummary.node.defaultChild as CfnFunction).reservedConcurrentExecutions = undefined;

    this.stateMachine = new StateMachine(this, 'StateMachine', {
      definitionBody: DefinitionBody.fromChainable(
        this.definition(mapType, maxConcurrency, regionConcurrency, props.toleratedFailurePercentage ?? 10),
      ),
      timeout: runTimeout(props),
      tracingEnabled: true,
      logs: { destination: this.logGroup, level: LogLevel.ALL, includeExecutionData: true },
      comment: `NetAudit: audit every active account of ${props.organizationId} in ${regions.join(', ')}`,
    });

    this.scheduleRule = new Rule(this, 'Schedule', {
      description: 'NetAudit: audit every account and region of the organization',
      schedule: props.schedule ?? Schedule.rate(Duration.days(1)),
      targets: [
        new SfnStateMachine(this.stateMachine, {
          input: RuleTargetInput.fromObject({}),
          deadLetterQueue: this.failedInvocations,
          retryAttempts: 2,
          maxEventAge: Duration.hours(1),
        }),
      ],
    });

    this.runFailedAlarm = new Alarm(this, 'RunFailedAlarm', {
      alarmName: `${alarmNamePrefix}RunFailed`,
      alarmDescription: 'NetAudit organization run failed, timed out or was aborted. See the state machine.',
      metric: new MathExpression({
        expression: 'failed + timedOut + aborted',
        usingMetrics: {
          failed: this.stateMachine.metricFailed({ statistic: 'Sum' }),
          timedOut: this.stateMachine.metricTimedOut({ statistic: 'Sum' }),
          aborted: this.stateMachine.metricAborted({ statistic: 'Sum' }),
        },
        period: Duration.minutes(5),
      }),
      ...FAILURE_ALARM,
    });
    this.failedInvocationsAlarm = new Alarm(this, 'FailedInvocationsAlarm', {
      ...FAILURE_ALARM,
      alarmName: `${alarmNamePrefix}FailedInvocations`,
      alarmDescription:
        'NetAudit organization: a scheduled run could not be started (or an invocation failed) and is in the queue.',
      metric: this.failedInvocations.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
    });
    const alarmAction = new SnsAction(this.operations.topic);
    this.runFailedAlarm.addAlarmAction(alarmAction);
    this.failedInvocationsAlarm.addAlarmAction(alarmAction);

    acknowledgeNagFindings(this, memberRoleName, mapType);
  }

  /**
   * ListTargets → Map over accounts { Map over the account's regions { AuditTarget, Catch → TargetFailed }
   * → SummarizeAccount } → Summarize. The accounts list is replaced by one compact result per account,
   * which keeps a 1,000-account run inside Step Functions' 256 KB state.
   */
  private definition(
    mapType: OrgMapType,
    maxConcurrency: number,
    regionConcurrency: number,
    toleratedFailurePercentage: number,
  ): IChainable {
    const invoke = (id: string, handler: OrgHandler, payload?: Record<string, unknown>) => {
      const task = new LambdaInvoke(this, id, {
        lambdaFunction: this.functions[handler],
        ...(payload ? { payload: TaskInput.fromObject(payload) } : {}),
        payloadResponseOnly: true,
        // The retries below replace the default ones, so that throttling is retried too.
        retryOnServiceExceptions: false,
      });
      task.addRetry({
        errors: LAMBDA_TRANSIENT_ERRORS,
        interval: Duration.seconds(2),
        maxAttempts: 6,
        backoffRate: 2,
        maxDelay: Duration.seconds(60),
      });
      return task;
    };

    const auditTarget = invoke('AuditTarget', 'auditTarget');
    // Any failure of one target (its Lambda timed out, crashed, or kept being throttled) becomes a
    // FAILED result for that target; the other targets and accounts go on.
    const targetFailed = new Pass(this, 'TargetFailed', {
      parameters: {
        'accountId.$': '$.accountId',
        'region.$': '$.region',
        status: 'FAILED',
        error: { 'name.$': '$.error.Error', 'message.$': '$.error.Cause' },
      },
    });
    auditTarget.addCatch(targetFailed, { errors: [Errors.ALL], resultPath: '$.error' });

    const regionsMap = new InlineMap(this, 'AuditRegions', {
      itemsPath: '$.regions',
      itemSelector: {
        'accountId.$': '$.account.accountId',
        'account.$': '$.account',
        'region.$': '$$.Map.Item.Value',
      },
      maxConcurrency: regionConcurrency,
      resultPath: '$.results',
    });
    regionsMap.itemProcessor(auditTarget);
    const accountWork = regionsMap.next(
      invoke('SummarizeAccount', 'accountSummary', { 'results.$': '$.results' }),
    );

    const accountsMapProps = {
      itemsPath: '$.accounts',
      itemSelector: { 'account.$': '$$.Map.Item.Value', 'regions.$': '$.regions' },
      maxConcurrency,
      resultPath: '$.accounts',
    };
    const accountsMap =
      mapType === 'DISTRIBUTED'
        ? new DistributedMap(this, 'AuditAccounts', {
            ...accountsMapProps,
            // Standard children: an account of many regions can outlast an Express execution's 5 minutes.
            mapExecutionType: StateMachineType.STANDARD,
            toleratedFailurePercentage,
            label: 'AuditAccounts',
          })
        : new InlineMap(this, 'AuditAccounts', accountsMapProps);
    accountsMap.itemProcessor(accountWork);

    return invoke('ListTargets', 'listTargets')
      .next(accountsMap)
      .next(invoke('Summarize', 'summarize', { 'accounts.$': '$.accounts', 'targets.$': '$.targets' }));
  }
}

/** Checks every prop a deploy could get wrong; returns the regions as validateRegions normalises them. */
function validateProps(props: OrganizationAuditorProps): { regions: string[] } {
  if (!ORGANIZATION_ID.test(props.organizationId)) {
    throw new Error(`organizationId: "${props.organizationId}" is not an organization id (o-xxxxxxxxxx)`);
  }
  const regions = validateRegions(props.regions);
  validateFilter({
    ...(props.ouIds ? { ouIds: props.ouIds } : {}),
    ...(props.excludeOuIds ? { excludeOuIds: props.excludeOuIds } : {}),
    ...(props.accountIds ? { accountIds: props.accountIds } : {}),
    ...(props.excludeAccountIds ? { excludeAccountIds: props.excludeAccountIds } : {}),
  });
  for (const [name, value] of [
    ['memberRoleName', props.memberRoleName],
    ['auditRoleName', props.auditRoleName],
  ] as const) {
    if (value !== undefined && !ROLE_NAME.test(value))
      throw new Error(`${name}: "${value}" is not an IAM role name`);
  }
  const whole = (name: string, value: number | undefined, min: number, max: number) => {
    if (value !== undefined && (!Number.isInteger(value) || value < min || value > max)) {
      throw new Error(`${name}: ${value} is not a whole number from ${min} to ${max}`);
    }
  };
  // A Distributed Map runs up to 10,000 children at once; Lambda's default quota is 1,000 in all.
  whole('maxConcurrency', props.maxConcurrency, 1, 1000);
  whole('regionConcurrency', props.regionConcurrency, 1, 40);
  whole('toleratedFailurePercentage', props.toleratedFailurePercentage, 0, 100);
  whole('memorySize', props.memorySize, 128, 10_240);
  if (props.toleratedFailurePercentage !== undefined && props.mapType === 'INLINE') {
    throw new Error('toleratedFailurePercentage applies to a DISTRIBUTED map only');
  }
  for (const [name, emails] of [
    ['alertEmails', props.alertEmails],
    ['alarmEmails', props.alarmEmails],
  ] as const) {
    for (const email of emails ?? []) {
      if (!isEmailAddress(email)) throw new Error(`${name}: "${email}" is not an email address`);
    }
  }
  if (props.logLevel !== undefined && !(LOG_LEVELS as readonly string[]).includes(props.logLevel)) {
    throw new Error(`logLevel: "${props.logLevel}" is not one of ${LOG_LEVELS.join(', ')}`);
  }
  if (props.memberExternalId !== undefined && !/^[\w+=,.@:/-]{2,1224}$/.test(props.memberExternalId)) {
    throw new Error('memberExternalId: 2 to 1224 characters of letters, digits and +=,.@:/-');
  }
  return { regions };
}

const RATE = /^rate\((\d+) (minute|hour|day)s?\)$/;
const UNIT_SECONDS = { minute: 60, hour: 3600, day: 86_400 } as const;

/** The run timeout, never longer than a rate schedule's interval, so that a run ends before the next starts. */
function runTimeout(props: OrganizationAuditorProps): Duration {
  const rate = RATE.exec(props.schedule?.expressionString ?? 'rate(1 day)');
  const interval = rate ? Number(rate[1]) * UNIT_SECONDS[rate[2] as keyof typeof UNIT_SECONDS] : undefined;
  if (props.runTimeout) {
    if (interval !== undefined && props.runTimeout.toSeconds() > interval) {
      throw new Error(
        `runTimeout: ${props.runTimeout.toHumanString()} is longer than the schedule's interval; ` +
          'runs would overlap and audit the same targets twice at once',
      );
    }
    return props.runTimeout;
  }
  return Duration.seconds(Math.min(12 * 3600, interval ?? Infinity));
}

function checkEnvironmentSize(handler: string, environment: Record<string, string>): void {
  const bytes = Object.entries(environment).reduce((n, [k, v]) => n + Buffer.byteLength(k + v), 0);
  // The function adds POWERTOOLS_* and NODE_OPTIONS, about 100 bytes.
  if (bytes + 128 > MAX_ENVIRONMENT_BYTES) {
    throw new Error(
      `${handler}: its environment would be ${bytes} bytes, over Lambda's 4 KB; ` +
        'use OUs instead of long account lists, or a shorter config',
    );
  }
}

/** Each role gets exactly what its step calls; the logs are the only permission they share. */
function grantRolePermissions(
  auditor: OrganizationAuditor,
  memberRoleName: string,
  organizationId: string,
): void {
  const stack = Stack.of(auditor);
  for (const role of [auditor.listRole, auditor.auditRole, auditor.reportRole])
    auditor.logGroup.grantWrite(role);
  auditor.listRole.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'ListOrganizationAccounts',
      actions: [
        'organizations:ListAccounts',
        'organizations:ListAccountsForParent',
        'organizations:ListOrganizationalUnitsForParent',
      ],
      resources: ['*'],
    }),
  );
  auditor.auditRole.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'AssumeMemberRoles',
      actions: ['sts:AssumeRole'],
      resources: [`arn:${stack.partition}:iam::*:role/${memberRoleName}`],
      // Only roles of accounts in this organization, even if another account names a role the same.
      conditions: { StringEquals: { 'aws:ResourceOrgID': organizationId } },
    }),
  );
  auditor.reportRole.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'PublishDigest',
      actions: ['sns:Publish'],
      resources: [auditor.alerts.topic.topicArn],
    }),
  );
  // SNS encrypts each message with a data key from the topic's key, on the publisher's behalf.
  auditor.reportRole.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'EncryptDigest',
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      resources: [auditor.alerts.key.keyArn],
    }),
  );
}

/** Every cdk-nag AwsSolutions finding this construct accepts, each with the reason it is right here. */
function acknowledgeNagFindings(
  auditor: OrganizationAuditor,
  memberRoleName: string,
  mapType: OrgMapType,
): void {
  const stack = Stack.of(auditor);
  const logicalId = (construct: Construct): string =>
    stack.resolve(stack.getLogicalId(construct.node.defaultChild as CfnElement)) as string;
  const machine = Validations.of(auditor.stateMachine);
  for (const fn of Object.values(auditor.functions)) {
    machine.acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${logicalId(fn)}.Arn>:*]`,
      reason:
        'Step Functions may invoke the function and its versions and aliases (the :* CDK adds for ' +
        'lambda:InvokeFunction); no other function is reachable.',
    });
  }
  machine.acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'Log delivery (logs:CreateLogDelivery and friends) and X-Ray tracing (xray:PutTraceSegments) ' +
      'support no resource-level permissions; these are what AWS documents for state machine logging and tracing.',
  });
  if (mapType === 'DISTRIBUTED') {
    const execution = `arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${logicalId(auditor.stateMachine)}"}]}]}`;
    for (const suffix of [':*', '/AuditAccounts:*']) {
      machine.acknowledge({
        id: `AwsSolutions-IAM5[Resource::${execution}${suffix}]`,
        reason:
          'A Distributed Map starts, describes and stops its own child executions, whose names are ' +
          'generated per run: the wildcard covers the executions of this state machine only.',
      });
    }
  }
  Validations.of(auditor.listRole).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'ListAccounts supports no resource-level permission, and the OU walk must reach OUs created after ' +
      'deployment; the three actions are read-only listings of the organization. The X-Ray trace uploads ' +
      'CDK grants for active tracing support no resource either.',
  });
  for (const role of [auditor.auditRole, auditor.reportRole]) {
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only the X-Ray trace uploads (xray:PutTraceSegments, xray:PutTelemetryRecords) that CDK grants for ' +
        "the function's active tracing take Resource *: X-Ray supports no resource-level permission for them.",
    });
  }
  Validations.of(auditor.auditRole).acknowledge({
    id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::*:role/${memberRoleName}]`,
    reason:
      'The member role is assumed in every account of the organization, including accounts created ' +
      'later; the account is the only wildcard, the role name is fixed and aws:ResourceOrgID pins the org.',
  });
  for (const fn of Object.values(auditor.functions)) {
    Validations.of(fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Node.js 22, a supported LTS runtime, is pinned so that the runtime changes only in a reviewed ' +
        'commit; this rule flags anything but the newest runtime CDK knows, which moves with every CDK upgrade.',
    });
  }
  Validations.of(auditor.failedInvocations).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason:
      'This queue is itself the dead-letter queue of the schedule target and the functions; a DLQ of a ' +
      'DLQ would only hide messages further.',
  });
}
