import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  MathExpression,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { CfnHub } from 'aws-cdk-lib/aws-securityhub';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { COLLECTION_APIS } from '../lambda/collect/apis';
import type { ConfigFile } from '../lambda/config/config';
import type { Severity } from '../lambda/engine/severity';
import { AlertTopic } from './alert-topic';
import { configEnvironmentValue } from './audit-config';
import { AuditFunction, METRICS_NAMESPACE, SERVICE_NAME } from './audit-function';
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
   * Memory of the audit function in MB, 128 to 10240.
   * @default 1024
   */
  readonly memorySize?: number;
  /**
   * How long one audit may run, at most 15 minutes.
   * @default Duration.minutes(5)
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

/** A metric the handler emits; Powertools Metrics adds the service dimension to every one of them. */
function handlerMetric(metricName: string): Metric {
  return new Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { service: SERVICE_NAME },
    statistic: 'Sum',
    period: Duration.minutes(5),
  });
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
 * access to EC2 (read), Security Hub (own findings) and the alert topic, and alarms on failed runs.
 */
export class NetworkAuditor extends Construct {
  readonly function: AuditFunction;
  /** The function's execution role: every permission on it is granted in this file. */
  readonly role: Role;
  readonly logGroup: LogGroup;
  /** Failed asynchronous invocations and undeliverable trigger events end up here. */
  readonly failedInvocations: Queue;
  readonly alerts: AlertTopic;
  readonly scheduleRule: Rule;
  /** Undefined when `changeTrigger` is false. */
  readonly changeRule?: Rule;
  /** Fires when the function reports an error: an exception, a timeout or running out of memory. */
  readonly errorsAlarm: Alarm;
  /** Fires when the handler reports a failed run (its FailedRuns metric). */
  readonly failedRunsAlarm: Alarm;
  /** Fires when findings were refused by Security Hub or an alert was not sent (PublishFailed, AlertFailed). */
  readonly lostOutputAlarm: Alarm;
  /** Undefined unless `enableSecurityHub` is true. */
  readonly hub?: CfnHub;
  /** What was published to Security Hub, kept between runs; undefined when `publishToSecurityHub` is false. */
  readonly publishState?: PublishState;

  constructor(scope: Construct, id: string, props: NetworkAuditorProps = {}) {
    super(scope, id);
    validateProps(props);
    const publishToSecurityHub = props.publishToSecurityHub ?? true;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    this.alerts = new AlertTopic(this, 'Alerts', { emails: props.alertEmails, removalPolicy });
    const topic = this.alerts.topic;

    this.logGroup = new LogGroup(this, 'Logs', {
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
      memorySize: props.memorySize,
      timeout: props.timeout,
      environment: {
        ALERT_TOPIC_ARN: topic.topicArn,
        SECURITY_HUB_ENABLED: String(publishToSecurityHub),
        ...(config === undefined ? {} : { NETAUDIT_CONFIG: config }),
        ...(this.publishState ? { PUBLISH_STATE_BUCKET: this.publishState.bucket.bucketName } : {}),
      },
    });

    this.logGroup.grantWrite(this.role);
    this.publishState?.grantReadWrite(this.role);
    grantAuditPermissions(this.role, this.alerts, publishToSecurityHub);

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

    this.errorsAlarm = new Alarm(this, 'ErrorsAlarm', {
      ...FAILURE_ALARM,
      alarmDescription:
        'NetAudit: the audit function failed (error, timeout or out of memory). See its logs.',
      metric: this.function.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
    });
    this.failedRunsAlarm = new Alarm(this, 'FailedRunsAlarm', {
      ...FAILURE_ALARM,
      alarmDescription:
        'NetAudit: an audit run failed, so Security Hub may be out of date. See the function logs.',
      metric: handlerMetric('FailedRuns'),
    });
    // A run can succeed and still lose an output: findings Security Hub refused after every retry, or an
    // alert SNS did not take. Neither comes back on the next run (the findings are then "known"), so both
    // are alarmed rather than left in the logs.
    this.lostOutputAlarm = new Alarm(this, 'LostOutputAlarm', {
      ...FAILURE_ALARM,
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
    const alarmAction = new SnsAction(topic);
    this.errorsAlarm.addAlarmAction(alarmAction);
    this.failedRunsAlarm.addAlarmAction(alarmAction);
    this.lostOutputAlarm.addAlarmAction(alarmAction);

    if (props.enableSecurityHub ?? false) {
      // Standards cost money per check and are the account owner's decision; NetAudit needs only the hub.
      this.hub = new CfnHub(this, 'SecurityHub', { enableDefaultStandards: false });
      // Deleting the hub would disable Security Hub and discard every product's findings, not only ours.
      this.hub.applyRemovalPolicy(RemovalPolicy.RETAIN);
    }

    acknowledgeNagFindings(this);
  }
}

function validateProps(props: NetworkAuditorProps): void {
  for (const email of props.alertEmails ?? []) {
    if (!isEmailAddress(email)) throw new Error(`alertEmails: "${email}" is not an email address`);
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
 * The read calls an audit makes, from the collector's own list: the policy grants exactly what the code
 * calls. A Describe* wildcard would also grant DescribeInstanceAttribute and
 * DescribeLaunchTemplateVersions, which return user data, where secrets often live.
 */
export function auditReadActions(): string[] {
  return COLLECTION_APIS.map((api) => (api === 'GetCallerIdentity' ? 'sts:GetCallerIdentity' : `ec2:${api}`));
}

/** The function's permissions beyond its logs and its queue, each as narrow as its API allows. */
function grantAuditPermissions(role: Role, alerts: AlertTopic, publishToSecurityHub: boolean): void {
  const stack = Stack.of(role);
  role.addToPrincipalPolicy(
    new PolicyStatement({ sid: 'ReadNetworkConfiguration', actions: auditReadActions(), resources: ['*'] }),
  );
  role.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'PublishAlerts',
      actions: ['sns:Publish'],
      resources: [alerts.topic.topicArn],
    }),
  );
  // SNS encrypts each message with a data key from the topic's key, on the publisher's behalf.
  role.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'EncryptAlerts',
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      resources: [alerts.key.keyArn],
    }),
  );
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

/** Every cdk-nag AwsSolutions finding this construct accepts, each with the reason it is right here. */
function acknowledgeNagFindings(auditor: NetworkAuditor): void {
  Validations.of(auditor.role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      'The EC2 Describe actions and sts:GetCallerIdentity support no resource-level permissions; the ' +
      'actions are listed one by one, read-only, and every other statement is scoped to one resource.',
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
