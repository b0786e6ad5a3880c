import { ResourceArnBuilder } from '../../lambda/aws/arn';
import { defineRule } from '../../lambda/engine/rule';
import { StampedResult, type RuleStamp } from '../../lambda/engine/stamped-result';

const rule = defineRule({
  id: 'SG.1',
  title: 'Group is open',
  description: 'why it matters',
  severity: 'HIGH',
  resourceType: 'AwsEc2SecurityGroup',
  category: 'exposure',
  requires: ['securityGroups'],
  remediation: { text: 'close it', url: 'https://example.com' },
  references: ['FSBP EC2.18'],
  evaluate: () => [],
});

const stamp: RuleStamp = {
  rule,
  accountId: '111111111111',
  region: 'eu-west-1',
  partition: 'aws',
  findingPrefix: 'netaudit/eu-west-1/111111111111/SG.1/',
  accountArn: 'arn:aws:iam::111111111111:root',
  arns: new ResourceArnBuilder('aws', 'eu-west-1'),
};

const group = (owner = '111111111111') =>
  new StampedResult(stamp, 'FAILED', 'CRITICAL', 'AwsEc2SecurityGroup', 'sg-1', owner, 'open', 'vpc-1', {
    port: 22,
  });

describe('StampedResult', () => {
  it('reads the rule-wide fields from its stamp and builds its ARN and finding id', () => {
    const r = group();
    expect([r.ruleId, r.title, r.category, r.description, r.accountId, r.region, r.partition]).toEqual([
      'SG.1',
      'Group is open',
      'exposure',
      'why it matters',
      '111111111111',
      'eu-west-1',
      'aws',
    ]);
    expect(r.remediation).toBe(rule.remediation);
    expect(r.references).toBe(rule.references);
    expect(r.resourceArn).toBe('arn:aws:ec2:eu-west-1:111111111111:security-group/sg-1');
    expect(r.findingId).toBe('netaudit/eu-west-1/111111111111/SG.1/sg-1');
  });

  it('puts a shared resource under its owner account, and the account under its root ARN', () => {
    expect(group('222222222222').resourceArn).toBe('arn:aws:ec2:eu-west-1:222222222222:security-group/sg-1');
    const account = new StampedResult(
      stamp,
      'NOT_EVALUATED',
      'HIGH',
      'AwsAccount',
      '111111111111',
      '111111111111',
      'no data',
      undefined,
      undefined,
    );
    expect(account.resourceArn).toBe('arn:aws:iam::111111111111:root');
  });

  it('serializes as the plain result, keys in their documented order', () => {
    const json = JSON.stringify(group());
    expect(Object.keys(JSON.parse(json) as object)).toEqual([
      'ruleId',
      'title',
      'status',
      'severity',
      'category',
      'resourceType',
      'resourceId',
      'resourceArn',
      'accountId',
      'region',
      'partition',
      'message',
      'description',
      'remediation',
      'references',
      'findingId',
      'vpcId',
      'evidence',
    ]);
    expect(JSON.parse(json)).toMatchObject({ status: 'FAILED', evidence: { port: 22 }, vpcId: 'vpc-1' });
  });

  it('changes only what `with` names, and serializes a suppression last', () => {
    const suppression = { reason: 'accepted', owner: 'me', expires: '2027-01-01' };
    const r = group().with({ status: 'SUPPRESSED', suppression });
    expect(r).toMatchObject({ status: 'SUPPRESSED', message: 'open', severity: 'CRITICAL', vpcId: 'vpc-1' });
    expect(r.suppression).toBe(suppression);
    expect(Object.keys(JSON.parse(JSON.stringify(r)) as object).at(-1)).toBe('suppression');
    expect(group().with({ message: 'open (expired)' })).toMatchObject({
      status: 'FAILED',
      message: 'open (expired)',
    });
  });
});
