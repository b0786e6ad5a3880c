import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key, type IKey } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

/** Properties of {@link AlertTopic}. */
export interface AlertTopicProps {
  /**
   * Email addresses subscribed to the topic. Each must confirm the subscription from the email AWS sends.
   * @default none: the topic is created without subscribers
   */
  readonly emails?: readonly string[];
  /**
   * What happens to the key this construct creates when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * A customer managed key to encrypt the topic with, instead of a key of its own.
   * @default a new key with yearly rotation
   */
  readonly key?: IKey;
  /**
   * Lets the CloudWatch alarms of this account and region whose names start with this prefix publish to
   * the topic. CloudWatch encrypts the notification itself, so its key policy grants CloudWatch the key
   * too: the topic must then have a key of its own (an imported key's policy cannot be changed here).
   * @default no CloudWatch access: the topic takes what NetAudit's functions publish, nothing else
   */
  readonly alarmNamePrefix?: string;
  /**
   * What the topic carries, in the key's description and the email's sender name.
   * @default 'NetAudit'
   */
  readonly displayName?: string;
}

/**
 * An SNS topic NetAudit publishes to, encrypted with a customer managed key (a key policy can grant
 * nobody access to an AWS managed one) and reachable over TLS only. With `alarmNamePrefix`, also open to
 * those alarms, each grant conditioned on the alarm's account and ARN so that no other account's alarms
 * (the confused deputy) can use it.
 */
export class AlertTopic extends Construct {
  readonly topic: Topic;
  readonly key: IKey;

  constructor(scope: Construct, id: string, props: AlertTopicProps = {}) {
    super(scope, id);
    if (props.key && props.alarmNamePrefix !== undefined) {
      throw new Error(
        `${this.node.path}: a topic for CloudWatch alarms needs a key of its own, whose policy can grant ` +
          'CloudWatch its use; leave the key out',
      );
    }
    const displayName = props.displayName ?? 'NetAudit';
    const key =
      props.key ??
      new Key(this, 'Key', {
        description: `${displayName}: encrypts its SNS topic`,
        enableKeyRotation: true,
        removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      });
    this.key = key;
    this.topic = new Topic(this, 'Topic', { displayName, masterKey: key, enforceSSL: true });

    if (props.alarmNamePrefix !== undefined && key instanceof Key) {
      allowAlarms(this.topic, key, props.alarmNamePrefix);
    }
    for (const email of props.emails ?? []) this.topic.addSubscription(new EmailSubscription(email));
  }
}

/** Topic and key policy statements for this account's alarms named `<prefix>*`, and nobody else's. */
function allowAlarms(topic: Topic, key: Key, prefix: string): void {
  const stack = Stack.of(topic);
  const cloudWatch = new ServicePrincipal('cloudwatch.amazonaws.com');
  const conditions = {
    StringEquals: { 'aws:SourceAccount': stack.account },
    ArnLike: {
      'aws:SourceArn': stack.formatArn({
        service: 'cloudwatch',
        resource: 'alarm',
        resourceName: `${prefix}*`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }),
    },
  };
  // A key policy is the only way to let CloudWatch use a KMS key; the conditions keep that grant to
  // the alarms named here, so the key cannot be used on behalf of any other alarm or account.
  key.addToResourcePolicy(
    new PolicyStatement({
      sid: 'AllowNetAuditAlarmsToUseTheKey',
      principals: [cloudWatch],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      conditions,
    }),
  );
  // A topic policy replaces SNS's default one, which is what let same-account alarms publish.
  topic.addToResourcePolicy(
    new PolicyStatement({
      sid: 'AllowNetAuditAlarmsToPublish',
      principals: [cloudWatch],
      actions: ['sns:Publish'],
      resources: [topic.topicArn],
      conditions,
    }),
  );
}
