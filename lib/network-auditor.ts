import { Duration, Names, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, MathExpression, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { LogGroup, RetentionDays, type ILogGroup } from 'aws-cdk-lib/aws-logs';
import { CfnHub } from 'aws-cdk-lib/aws-securityhub';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { COLLECTION_ACTIONS } from '../lambda/collect/apis';
import type { ConfigFile } from '../lambda/config/config';
import type { Severity } from '../lambda/engine/severity';
import { AlertTopic } from './alert-topic';
import { configEnvironmentValue } from './audit-config';
import { AuditFunction, LOG_LEVELS, type LogLevel } from './audit-function';
import { AuditorDashboard } from './auditor-dashboard';
import { handlerMetric } from './handler-metrics';
import { postureChangePattern } from './posture-events';
import { PublishState } from './publish-state';

/** Properties of {@link NetworkAuditor}. */
export interface NetworkAuditorProps {
  /**
   * When the full audit of the region runs.
   * @default Schedule.rate(Duration.hours(1))
   */
  readonly schedule?: Schedule;
  /**
   * Email addresses that receive alerts: new findings over the thresholds, and failed runs.
   * @default none: the alert topic is created without subscribers
   */
  readonly alertEmails?: readonly string[];
  /**
   * An existing SNS topic for the finding alerts, instead of one NetAudit creates. The function gets
   * sns:Publish on it; give its KMS key as `alertTopicKey` when it is encrypted.
   * @default a topic encrypted with its own key (or `encryptionKey`)
   */
  readonly alertTopic?: ITopic;
  /**
   * The customer managed key `alertTopic` is encrypted with: the function gets kms:GenerateDataKey and
   * kms:Decrypt on it (the key policy must let this account's IAM policies grant that).
   * @default none: `alertTopic` is unencrypted or uses a key the function may already use
   */
  readonly alertTopicKey?: IKey;
  /**
   * A customer managed key for the alert topic NetAudit creates, instead of a key of its own.
   * @default a new key with yearly rotation
   */
  readonly encryptionKey?: IKey;
  /**
   * Email addresses that receive the operational alarms: failed runs, lost core collection APIs, lost
   * findings or alerts, failed invocations. These go to a topic of their own, encrypted with a key of
   * its own, so that they still arrive when the alert topic or its key is what fails.
   * @default alertEmails
   */
  readonly alarmEmails?: readonly string[];
  /**
   * An existing SNS topic for the operational alarms, instead of the one NetAudit creates. Its policy
   * (and its key's, if encrypted) must let cloudwatch.amazonaws.com publish; see docs/operations.md.
   * @default a topic with its own key, open to NetAudit's alarms only
   */
  readonly alarmTopic?: ITopic;
  /**
   * Rule configuration, in the netaudit.config.json format (severity overrides, disabled rules, ports,
   * suppressions, alert thresholds). Validated at synth and given to the function as NETAUDIT_CONFIG.
   * @default the defaults of RULES.md
   */
  readonly config?: ConfigFile;
  /**
   * How many new or reopened findings of a severity make an alert; replaces `config.alertThresholds`.
   * @default the config's alertThresholds, else one new CRITICAL or one new HIGH finding
   */
  readonly alertThresholds?: Partial<Record<Severity, number>>;
  /**
   * Re-audit a VPC within a minute of a posture-changing EC2 call recorded by CloudTrail. Needs a
   * CloudTrail trail that records management events in this region.
   * @default true
   */
  readonly changeTrigger?: boolean;
  /**
   * Publish findings to Security Hub. When false the function gets no Security Hub permission, and it sends
   * no finding alerts either: Security Hub is what tells a new finding from a known one. Failed runs are
   * still alarmed.
   * @default true
   */
  readonly publishToSecurityHub?: boolean;
  /**
   * Enable Security Hub in this account and region (no standards), for accounts where it is not enabled
   * yet. Deleting the stack leaves the hub enabled.
   * @default false
   */
  readonly enableSecurityHub?: boolean;
  /**
   * How long the function's logs are kept.
   * @default RetentionDays.THREE_MONTHS
   */
  readonly logRetention?: RetentionDays;
  /**
   * An existing log group for the function's logs; its retention and encryption are its owner's.
   * @default a log group kept `logRetention`
   */
  readonly logGroup?: ILogGroup;
  /**
   * The lowest level the function logs: TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL or SILENT.
   * @default 'INFO'
   */
  readonly logLevel?: LogLevel;
  /**
   * Memory of the audit function in MB, 128 to 10240. The default is sized for a region of 100,000
   * interfaces (Lambda gives CPU in proportion to memory); a small account can use less.
   * @default 3008
   */
  readonly memorySize?: number;
  /**
   * How long one audit may run, at most 15 minutes. A run that nears it saves its publishing state and
   * the next run continues.
   * @default Duration.minutes(15)
   */
  readonly timeout?: Duration;
  /**
   * What happens to the log group and the alert topic's key when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * The handler file to bundle. Only tests and forks need this.
   * @default lambda/handlers/audit.ts
   */
  readonly entry?: string;
}

/** Any failure in a 5-minute window alarms once; no data means no runs failed. */
export const FAILURE_ALARM = {
  threshold: 1,
  evaluationPeriods: 1,
  comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
  treatMissingData: TreatMissingData.NOT_BREACHING,
} as const;

/** A plausible single address: SNS rejects worse ones only at deploy time, after a slow rollback. */
export function isEmailAddress(text: string): boolean {
  return /^[^\s@,]+@[^\s@,]+\.[^\s@,]+$/.test(text);
}

/**
 * NetAudit in one construct: the audit function, its schedule and change triggers, least-privilege
 * access to EC2 (read), Security Hub (own findings) and the alert topic, alarms on everything that can
 * make an audit fail or go unheard (sent to an operations topic independent of the alert topic), and a
 * dashboard.
 */
export class NetworkAuditor extends Construct {
  readonly function: AuditFunction;
  /** The function's execution role: every permission on it is granted in this file. */
  readonly role: Role;
  readonly logGroup: ILogGroup;
  /** Failed asynchronous invocations and undeliverable trigger events end up here. */
  readonly failedInvocations: Queue;
  /** Where finding alerts go: `alerts.topic`, or the `alertTopic` prop. */
  readonly alertTopic: ITopic;
  /** The alert topic NetAudit created; undefined when `alertTopic` was given. */
  readonly alerts?: AlertTopic;
  /** Where the alarms go: `operations.topic`, or the `alarmTopic` prop. */
  readonly alarmTopic: ITopic;
  /** The operations topic NetAudit created; undefined when `alarmTopic` was given. */
  readonly operations?: AlertTopic;
  /** Every alarm name starts with this, and the operations topic accepts these alarms only. */
  readonly alarmNamePrefix: string;
  readonly scheduleRule: Rule;
  /** Undefined when `changeTrigger` is false. */
  readonly changeRule?: Rule;
  /** Fires when the function reports an error: an exception, a timeout or running out of memory. */
  readonly errorsAlarm: Alarm;
  /** Fires when the handler reports a failed run (its FailedRuns metric). */
  readonly failedRunsAlarm: Alarm;
  /** Fires when findings were refused by Security Hub or an alert was not sent (PublishFailed, AlertFailed). */
  readonly lostOutputAlarm: Alarm;
  /** Fires when a core collection API failed (CoreApisLost): most rules did not run. */
  readonly coreApisLostAlarm: Alarm;
  /** Fires when an invocation failed every retry and landed in the failed-invocation queue. */
  readonly failedInvocationsAlarm: Alarm;
  readonly dashboard: AuditorDashboard;
  /** Undefined unless `enableSecurityHub` is true. */
  readonly hub?: CfnHub;
  /** What was published to Security Hub, kept between runs; undefined when `publishToSecurityHub` is false. */
  readonly publishState?: PublishState;

  constructor(scope: Construct, id: string, props: NetworkAuditorProps = {}) {
    super(scope, id);
    validateProps(props);
    const publishToSecurityHub = props.publishToSecurityHub ?? true;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    this.alarmNamePrefix = `${Names.uniqueResourceName(this, { maxLength: 200, separator: '-' })}-`;

    const alerts = givenOrCreated(
      props.alertTopic,
      props.alertEmails,
      () =>
        new AlertTopic(this, 'Alerts', {
          emails: props.alertEmails,
          removalPolicy,
          ...(props.encryptionKey ? { key: props.encryptionKey } : {}),
        }),
    );
    this.alertTopic = alerts.topic;
    this.alerts = alerts.created;
    // A given alarm topic gets only alarmEmails: its own subscribers are presumably who should hear.
    const operations = givenOrCreated(
      props.alarmTopic,
      props.alarmEmails,
      () =>
        new AlertTopic(this, 'Operations', {
          emails: props.alarmEmails ?? props.alertEmails,
          removalPolicy,
          alarmNamePrefix: this.alarmNamePrefix,
          displayName: 'NetAudit operations',
        }),
    );
    this.alarmTopic = operations.topic;
    this.operations = operations.created;

    this.logGroup =
      props.logGroup ??
      new LogGroup(this, 'Logs', {
        retention: props.logRetention ?? RetentionDays.THREE_MONTHS,
        removalPolicy,
      });
    this.failedInvocations = new Queue(this, 'FailedInvocations', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'NetAudit audit function: reads EC2, writes its own Security Hub findings and alerts',
    });

    if (publishToSecurityHub) this.publishState = new PublishState(this, 'PublishState', { removalPolicy });

    const config = configEnvironmentValue(props.config, props.alertThresholds, `${this.node.path} config`);
    this.function = new AuditFunction(this, 'Function', {
      entry: props.entry,
      role: this.role,
      logGroup: this.logGroup,
      onFailure: new SqsDestination(this.failedInvocations),
      memorySize: props.memorySize ?? 3008,
      timeout: props.timeout ?? Duration.minutes(15),
      logLevel: props.logLevel,
      environment: {
        ALERT_TOPIC_ARN: this.alertTopic.topicArn,
        SECURITY_HUB_ENABLED: String(publishToSecurityHub),
        ...(config === undefined ? {} : { NETAUDIT_CONFIG: config }),
        ...(this.publishState ? { PUBLISH_STATE_BUCKET: this.publishState.bucket.bucketName } : {}),
      },
    });

    this.logGroup.grantWrite(this.role);
    this.publishState?.grantReadWrite(this.role);
    grantAuditPermissions(this.role, this.alertTopic, alertKey(props, this.alerts), publishToSecurityHub);

    const target = new LambdaFunction(this.function, {
      deadLetterQueue: this.failedInvocations,
      retryAttempts: 2,
      maxEventAge: Duration.hours(1),
    });
    this.scheduleRule = new Rule(this, 'Schedule', {
      description: 'NetAudit: full audit of the region',
      schedule: props.schedule ?? Schedule.rate(Duration.hours(1)),
      targets: [target],
    });
    if (props.changeTrigger ?? true) {
      this.changeRule = new Rule(this, 'ChangeTrigger', {
        description: 'NetAudit: re-audit the VPC a posture-changing EC2 call touched',
        eventPattern: postureChangePattern(),
        targets: [target],
      });
    }

    const alarmName = (name: string) => `${this.alarmNamePrefix}${name}`;
    this.errorsAlarm = new Alarm(this, 'ErrorsAlarm', {
      ...FAILURE_ALARM,
      alarmName: alarmName('Errors'),
      alarmDescription:
        'NetAudit: the audit function failed (error, timeout or out of memory). See its logs.',
      metric: this.function.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
    });
    this.failedRunsAlarm = new Alarm(this, 'FailedRunsAlarm', {
      ...FAILURE_ALARM,
      alarmName: alarmName('FailedRuns'),
      alarmDescription:
        'NetAudit: an audit run failed or evaluated nothing, so Security Hub may be out of date. See the function logs.',
      metric: handlerMetric('FailedRuns'),
    });
    // A run can succeed and still lose an output: findings Security Hub refused after every retry, or an
    // alert SNS did not take. Neither comes back on the next run (the findings are then "known"), so both
    // are alarmed rather than left in the logs.
    this.lostOutputAlarm = new Alarm(this, 'LostOutputAlarm', {
      ...FAILURE_ALARM,
      alarmName: alarmName('LostOutput'),
      alarmDescription:
        'NetAudit: findings were refused by Security Hub or an alert could not be sent. See the function logs.',
      metric: new MathExpression({
        expression: 'FILL(publish, 0) + FILL(alert, 0)',
        usingMetrics: {
          publish: handlerMetric('PublishFailed'),
          alert: handlerMetric('AlertFailed'),
        },
        period: Duration.minutes(5),
      }),
    });
    this.coreApisLostAlarm = new Alarm(this, 'CoreApisLostAlarm', {
      ...FAILURE_ALARM,
      alarmName: alarmName('CoreApisLost'),
      alarmDescription:
        'NetAudit: a core EC2 API (security groups, route tables, interfaces, instances...) failed, so most ' +
        'rules did not run. The AUDIT.1 findings name the call and the error.',
      metric: handlerMetric('CoreApisLost'),
    });
    // Retries are spent by the time an invocation lands here; nobody looks at a queue unprompted.
    this.failedInvocationsAlarm = new Alarm(this, 'FailedInvocationsAlarm', {
      ...FAILURE_ALARM,
      alarmName: alarmName('FailedInvocations'),
      alarmDescription:
        'NetAudit: an audit invocation or trigger event failed every retry and is in the failed-invocation queue.',
      metric: this.failedInvocations.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      }),
    });
    const alarms = [
      this.errorsAlarm,
      this.failedRunsAlarm,
      this.lostOutputAlarm,
      this.coreApisLostAlarm,
      this.failedInvocationsAlarm,
    ];
    const alarmAction = new SnsAction(this.alarmTopic);
    for (const alarm of alarms) alarm.addAlarmAction(alarmAction);
    this.dashboard = new AuditorDashboard(this, 'Dashboard', {
      function: this.function,
      failedInvocations: this.failedInvocations,
      alarms,
    });

    if (props.enableSecurityHub ?? false) {
      // Standards cost money per check and are the account owner's decision; NetAudit needs only the hub.
      this.hub = new CfnHub(this, 'SecurityHub', { enableDefaultStandards: false });
      // Deleting the hub would disable Security Hub and discard every product's findings, not only ours.
      this.hub.applyRemovalPolicy(RemovalPolicy.RETAIN);
    }

    acknowledgeNagFindings(this, props.logGroup !== undefined);
  }
}

/**
 * A topic the caller gave, with these emails subscribed, or else the one `create` makes (which
 * subscribes its own).
 */
function givenOrCreated(
  given: ITopic | undefined,
  emails: readonly string[] | undefined,
  create: () => AlertTopic,
): { topic: ITopic; created?: AlertTopic } {
  if (!given) {
    const created = create();
    return { topic: created.topic, created };
  }
  for (const email of emails ?? []) given.addSubscription(new EmailSubscription(email));
  return { topic: given };
}

function validateProps(props: NetworkAuditorProps): void {
  for (const [name, emails] of [
    ['alertEmails', props.alertEmails],
    ['alarmEmails', props.alarmEmails],
  ] as const) {
    for (const email of emails ?? []) {
      if (!isEmailAddress(email)) throw new Error(`${name}: "${email}" is not an email address`);
    }
  }
  if (props.alertTopicKey && !props.alertTopic) {
    throw new Error('alertTopicKey: give it only with alertTopic, the topic it encrypts');
  }
  if (props.encryptionKey && props.alertTopic) {
    throw new Error(
      'encryptionKey encrypts the alert topic NetAudit creates, and alertTopic replaces that topic: ' +
        "give alertTopic's own key as alertTopicKey instead",
    );
  }
  if (props.logGroup && props.logRetention !== undefined) {
    throw new Error(
      "logRetention: a log group given as logGroup keeps its owner's retention; give one or the other",
    );
  }
  if (props.logLevel !== undefined && !(LOG_LEVELS as readonly string[]).includes(props.logLevel)) {
    throw new Error(`logLevel: "${props.logLevel}" is not one of ${LOG_LEVELS.join(', ')}`);
  }
  const memory = props.memorySize;
  if (memory !== undefined && (!Number.isInteger(memory) || memory < 128 || memory > 10_240)) {
    throw new Error(`memorySize: ${memory} is not a whole number of MB from 128 to 10240`);
  }
  const timeout = props.timeout?.toSeconds();
  if (timeout !== undefined && (timeout < 1 || timeout > 900)) {
    throw new Error(`timeout: ${timeout} s is outside Lambda's 1 s to 15 min`);
  }
  if (props.enableSecurityHub === true && props.publishToSecurityHub === false) {
    throw new Error(
      'enableSecurityHub is true but publishToSecurityHub is false: enable the hub only to publish',
    );
  }
}

/**
 * The read calls an audit makes, from the collector's own list (each API under its service's prefix:
 * ec2:, sts:, directconnect:, network-firewall:): the policy grants exactly what the code calls. A
 * Describe* wildcard would also grant DescribeInstanceAttribute and DescribeLaunchTemplateVersions, which
 * return user data, where secrets often live.
 */
export function auditReadActions(): string[] {
  return [...COLLECTION_ACTIONS];
}

/** The key the function encrypts alerts with, if any: its own topic's, or the one given with `alertTopic`. */
function alertKey(props: NetworkAuditorProps, alerts: AlertTopic | undefined): IKey | undefined {
  return alerts ? alerts.key : props.alertTopicKey;
}

/** The function's permissions beyond its logs and its queue, each as narrow as its API allows. */
function grantAuditPermissions(
  role: Role,
  alertTopic: ITopic,
  alertKey: IKey | undefined,
  publishToSecurityHub: boolean,
): void {
  const stack = Stack.of(role);
  role.addToPrincipalPolicy(
    new PolicyStatement({ sid: 'ReadNetworkConfiguration', actions: auditReadActions(), resources: ['*'] }),
  );
  role.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'PublishAlerts',
      actions: ['sns:Publish'],
      resources: [alertTopic.topicArn],
    }),
  );
  // SNS encrypts each message with a data key from the topic's key, on the publisher's behalf.
  if (alertKey) {
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'EncryptAlerts',
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [alertKey.keyArn],
      }),
    );
  }
  if (!publishToSecurityHub) return;
  role.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'ImportOwnFindings',
      actions: ['securityhub:BatchImportFindings'],
      // The account's own custom-integration product: the function cannot import as any other product.
      resources: [
        stack.formatArn({
          service: 'securityhub',
          resource: 'product',
          resourceName: `${stack.account}/default`,
        }),
      ],
    }),
  );
  role.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'ReadFindings',
      actions: ['securityhub:GetFindings'],
      resources: [stack.formatArn({ service: 'securityhub', resource: 'hub', resourceName: 'default' })],
    }),
  );
}

/**
 * A value as cdk-nag names it in a finding id: `<AWS::Region>` for a Ref, `<Id.Arn>` for a GetAtt, joined
 * parts concatenated.
 */
function nagRendering(stack: Stack, value: string): string {
  const render = (v: unknown): string => {
    if (typeof v === 'string') return v;
    const o = v as { Ref?: string; 'Fn::GetAtt'?: string[]; 'Fn::Join'?: [string, unknown[]] };
    if (o.Ref) return `<${o.Ref}>`;
    if (o['Fn::GetAtt']) return `<${o['Fn::GetAtt'].join('.')}>`;
    if (o['Fn::Join']) return o['Fn::Join'][1].map(render).join(o['Fn::Join'][0]);
    return JSON.stringify(v);
  };
  return render(stack.resolve(value));
}

/** Every cdk-nag AwsSolutions finding this construct accepts, each with the reason it is right here. */
function acknowledgeNagFindings(auditor: NetworkAuditor, broughtLogGroup: boolean): void {
  if (broughtLogGroup) {
    // A created log group's ARN is a GetAtt, whose trailing :* cdk-nag cannot see; a brought one's is text.
    Validations.of(auditor.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagRendering(Stack.of(auditor), auditor.logGroup.logGroupArn)}]`,
      reason:
        'CreateLogStream and PutLogEvents act on the streams of the log group given as logGroup, named ' +
        'per function instance at run time: the :* covers the streams of that one group only.',
    });
  }
  Validations.of(auditor.role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'The EC2 Describe actions, sts:GetCallerIdentity and the X-Ray trace uploads CDK grants for active ' +
      'tracing support no resource-level permissions; the actions are listed one by one, and every other ' +
      'statement is scoped to one resource.',
  });
  Validations.of(auditor.function).acknowledge({
    id: 'AwsSolutions-L1',
    reason:
      'Node.js 22, a supported LTS runtime, is pinned so that the runtime changes only in a reviewed ' +
      'commit; this rule flags anything but the newest runtime CDK knows, which moves with every CDK upgrade.',
  });
  Validations.of(auditor.failedInvocations).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason:
      'This queue is itself the dead-letter queue of the audit function and its triggers; a DLQ of a DLQ ' +
      'would only hide messages further.',
  });
}
