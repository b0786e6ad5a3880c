import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildStack } from './support';

type Statement = { Sid?: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

function policyStatements(template: Template): Statement[] {
  return Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
    (p) =>
      (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument
        .Statement,
  );
}

describe('PublishState (the bucket that remembers what was published)', () => {
  const template = Template.fromStack(buildStack());

  it('is one private, encrypted, TLS-only bucket, kept when the stack goes', () => {
    template.resourceCountIs('AWS::S3::Bucket', 1);
    template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
        },
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Action: 's3:*',
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
        ]),
      },
    });
  });

  it('is named to the function, which may read and write its prefix only', () => {
    const bucket = Object.keys(template.findResources('AWS::S3::Bucket'))[0]!;
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ PUBLISH_STATE_BUCKET: { Ref: bucket } }) },
    });
    const s3 = policyStatements(template).filter((s) => [s.Action].flat().some((a) => a.startsWith('s3:')));
    expect(s3).toEqual([
      expect.objectContaining({
        Sid: 'ReadWritePublishState',
        Action: ['s3:GetObject', 's3:PutObject'],
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucket, 'Arn'] }, '/publish-state/*']] },
      }),
      expect.objectContaining({
        Sid: 'ListPublishState',
        Action: 's3:ListBucket',
        Resource: { 'Fn::GetAtt': [bucket, 'Arn'] },
        Condition: { StringLike: { 's3:prefix': ['publish-state/*'] } },
      }),
    ]);
  });

  it('is not created when the stack does not publish to Security Hub', () => {
    const without = Template.fromStack(buildStack({ publishToSecurityHub: false }));

    without.resourceCountIs('AWS::S3::Bucket', 0);
    without.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.not(Match.objectLike({ PUBLISH_STATE_BUCKET: Match.anyValue() })) },
    });
  });
});
