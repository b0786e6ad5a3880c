import fc from 'fast-check';
import { consoleDomain, ec2Arn, Ec2ArnBuilder, partitionOf } from '../../lambda/aws/arn';

describe('partitionOf', () => {
  it.each([
    ['us-east-1', 'aws'],
    ['eu-west-1', 'aws'],
    ['ap-southeast-5', 'aws'],
    ['cn-north-1', 'aws-cn'],
    ['cn-northwest-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
    ['us-gov-east-1', 'aws-us-gov'],
    ['us-iso-east-1', 'aws-iso'],
    ['us-isob-east-1', 'aws-iso-b'],
    ['eu-isoe-west-1', 'aws-iso-e'],
    ['us-isof-south-1', 'aws-iso-f'],
    ['eusc-de-east-1', 'aws-eusc'],
  ])('%s is in %s', (region, partition) => {
    expect(partitionOf(region)).toBe(partition);
  });
});

describe('consoleDomain', () => {
  it('gives each partition’s console', () => {
    expect(consoleDomain('aws')).toBe('console.aws.amazon.com');
    expect(consoleDomain('aws-cn')).toBe('console.amazonaws.cn');
    expect(consoleDomain('aws-us-gov')).toBe('console.amazonaws-us-gov.com');
  });
});

describe('ec2Arn', () => {
  it.each([
    ['sg-0123', 'security-group/sg-0123'],
    ['rtb-1', 'route-table/rtb-1'],
    ['subnet-1', 'subnet/subnet-1'],
    ['vpc-1', 'vpc/vpc-1'],
    ['acl-1', 'network-acl/acl-1'],
    ['eni-1', 'network-interface/eni-1'],
    ['i-0abc', 'instance/i-0abc'],
    ['pcx-1', 'vpc-peering-connection/pcx-1'],
    ['nat-1', 'natgateway/nat-1'],
    ['igw-1', 'internet-gateway/igw-1'],
    ['eipalloc-1', 'elastic-ip/eipalloc-1'],
    ['fl-1', 'vpc-flow-log/fl-1'],
  ])('%s → …:%s', (id, path) => {
    expect(ec2Arn('aws', 'us-east-1', '123456789012', id)).toBe(`arn:aws:ec2:us-east-1:123456789012:${path}`);
  });

  it('uses the partition it is given', () => {
    expect(ec2Arn('aws-cn', 'cn-north-1', '123456789012', 'sg-1')).toBe(
      'arn:aws-cn:ec2:cn-north-1:123456789012:security-group/sg-1',
    );
    expect(ec2Arn('aws-us-gov', 'us-gov-west-1', '123456789012', 'vpc-1')).toBe(
      'arn:aws-us-gov:ec2:us-gov-west-1:123456789012:vpc/vpc-1',
    );
  });

  it('does not confuse similar prefixes (vpce- is not vpc-, igw- is not i-, eigw- is not eni-)', () => {
    expect(ec2Arn('aws', 'us-east-1', '1', 'vpce-1')).toBe('arn:aws:ec2:us-east-1:1:vpc-endpoint/vpce-1');
    expect(ec2Arn('aws', 'us-east-1', '1', 'eigw-1')).toBe('arn:aws:ec2:us-east-1:1:eigw-1');
  });

  it('gives an account-level ARN for ids it does not know, encoded', () => {
    expect(ec2Arn('aws', 'us-east-1', '123456789012', '203.0.113.5')).toBe(
      'arn:aws:ec2:us-east-1:123456789012:203.0.113.5',
    );
    expect(ec2Arn('aws', 'us-east-1', '123456789012', 'a b/c')).toBe(
      'arn:aws:ec2:us-east-1:123456789012:a%20b%2Fc',
    );
  });
});

describe('Ec2ArnBuilder', () => {
  it('builds exactly what ec2Arn builds, whatever the order of accounts and ids', () => {
    const idArb = fc.oneof(
      fc
        .tuple(
          fc.constantFrom('sg-', 'i-', 'eni-', 'subnet-', 'eipalloc-', 'nat-', 'x-', ''),
          fc.string({ unit: fc.constantFrom('0', 'a', 'f', '-', '/', ' ') }),
        )
        .map(([prefix, rest]) => prefix + rest),
      fc.string(),
    );
    const accountArb = fc.constantFrom('111111111111', '222222222222');
    fc.assert(
      fc.property(fc.array(fc.tuple(accountArb, idArb)), (items) => {
        const builder = new Ec2ArnBuilder('aws-cn', 'cn-north-1');
        for (const [account, id] of items) {
          expect(builder.arn(account, id)).toBe(ec2Arn('aws-cn', 'cn-north-1', account, id));
        }
      }),
    );
  });
});
