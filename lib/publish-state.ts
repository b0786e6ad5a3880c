import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement, type Role } from 'aws-cdk-lib/aws-iam';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  ObjectOwnership,
  type CfnBucket,
} from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { PUBLISH_STATE_PREFIX } from '../lambda/publish/s3-state-store';

/** Properties of {@link PublishState}. */
export interface PublishStateProps {
  /**
   * What happens to the bucket when the stack is deleted. Losing it costs one full read-back of the
   * findings from Security Hub on the next run, nothing more.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The bucket where the audit function remembers what it published to Security Hub, so that a run reads
 * back only what changed and a run cut off is finished by the next one (docs/publishing.md). Encrypted,
 * private, TLS only; earlier versions are kept a week to recover from a bad write.
 */
export class PublishState extends Construct {
  readonly bucket: Bucket;
  /** The only prefix the function reads and writes. */
  readonly prefix = PUBLISH_STATE_PREFIX;

  constructor(scope: Construct, id: string, props: PublishStateProps = {}) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      lifecycleRules: [
        {
          noncurrentVersionExpiration: Duration.days(7),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      removalPolicy,
      autoDeleteObjects: false,
    });
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'Only the audit function reads and writes this bucket, one object per account and region; its S3 ' +
        'calls are in CloudTrail, and an access-log bucket would need its own logging in turn.',
    });
  }

  /**
   * Read and conditional write of the state objects, and listing under the prefix alone: without
   * s3:ListBucket a missing object answers 403 instead of 404, and the first run could not tell "no state
   * yet" from "denied".
   */
  grantReadWrite(role: Role): void {
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'ReadWritePublishState',
        actions: ['s3:GetObject', 's3:PutObject'],
        resources: [this.bucket.arnForObjects(`${this.prefix}/*`)],
      }),
    );
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'ListPublishState',
        actions: ['s3:ListBucket'],
        resources: [this.bucket.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${this.prefix}/*`] } },
      }),
    );
    const stack = Stack.of(this);
    const bucketId = stack.resolve(stack.getLogicalId(this.bucket.node.defaultChild as CfnBucket)) as string;
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${this.prefix}/*]`,
      reason:
        'The state objects are named by account and region, known only at run time; the wildcard covers ' +
        'the one prefix of the one state bucket of this stack and nothing else in it.',
    });
  }
}
