import fc from 'fast-check';
import {
  consoleDomain,
  directConnectGatewayArn,
  networkFirewallArn,
  partitionOf,
  resourceArn,
  ResourceArnBuilder,
} from '../../lambda/aws/arn';

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

describe('resourceArn', () => {
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
    ['eigw-1', 'egress-only-internet-gateway/eigw-1'],
    ['vpce-1', 'vpc-endpoint/vpce-1'],
    ['vpce-svc-1', 'vpc-endpoint-service/vpce-svc-1'],
    ['pl-1', 'prefix-list/pl-1'],
    ['dopt-1', 'dhcp-options/dopt-1'],
    ['eipalloc-1', 'elastic-ip/eipalloc-1'],
    ['fl-1', 'vpc-flow-log/fl-1'],
    ['vpcbpa-exclude-1', 'vpc-block-public-access-exclusion/vpcbpa-exclude-1'],
    ['tgw-0a1', 'transit-gateway/tgw-0a1'],
    ['tgw-attach-0a1', 'transit-gateway-attachment/tgw-attach-0a1'],
    ['tgw-rtb-0a1', 'transit-gateway-route-table/tgw-rtb-0a1'],
    ['tgw-mcast-domain-0a1', 'transit-gateway-multicast-domain/tgw-mcast-domain-0a1'],
    ['tgw-connect-peer-0a1', 'transit-gateway-connect-peer/tgw-connect-peer-0a1'],
    ['vgw-1', 'vpn-gateway/vgw-1'],
    ['vpn-1', 'vpn-connection/vpn-1'],
    ['cgw-1', 'customer-gateway/cgw-1'],
  ])('%s → arn:aws:ec2:…:%s', (id, path) => {
    expect(resourceArn('aws', 'us-east-1', '123456789012', id)).toBe(
      `arn:aws:ec2:us-east-1:123456789012:${path}`,
    );
  });

  it.each([
    ['dxcon-fg5678gh', 'dxcon/dxcon-fg5678gh'],
    ['dxlag-ffrz71kw', 'dxlag/dxlag-ffrz71kw'],
    ['dxvif-ffgdlv6k', 'dxvif/dxvif-ffgdlv6k'],
  ])('%s is a Direct Connect resource, not an EC2 one: …:directconnect:…:%s', (id, path) => {
    expect(resourceArn('aws', 'eu-west-1', '123456789012', id)).toBe(
      `arn:aws:directconnect:eu-west-1:123456789012:${path}`,
    );
  });

  it('gives a Direct Connect gateway (a UUID) its global ARN, without a region', () => {
    const id = '5f294f92-bafb-4011-916d-9b0b12345678';
    expect(resourceArn('aws', 'us-east-1', '123456789012', id)).toBe(
      `arn:aws:directconnect::123456789012:dx-gateway/${id}`,
    );
    expect(directConnectGatewayArn('aws-cn', '123456789012', id)).toBe(
      `arn:aws-cn:directconnect::123456789012:dx-gateway/${id}`,
    );
  });

  it('keeps an id that already is an ARN (a Network Firewall firewall), and builds one from a firewall name', () => {
    const arn = 'arn:aws:network-firewall:us-east-1:123456789012:firewall/inspection';
    expect(resourceArn('aws', 'us-east-1', '123456789012', arn)).toBe(arn);
    expect(networkFirewallArn('aws-us-gov', 'us-gov-west-1', '123456789012', 'inspection')).toBe(
      'arn:aws-us-gov:network-firewall:us-gov-west-1:123456789012:firewall/inspection',
    );
  });

  it.each([
    ['aws-cn', 'cn-north-1'],
    ['aws-us-gov', 'us-gov-west-1'],
  ] as const)('uses the partition it is given: %s', (partition, region) => {
    const arn = (id: string) => resourceArn(partition, region, '123456789012', id);
    expect(arn('sg-1')).toBe(`arn:${partition}:ec2:${region}:123456789012:security-group/sg-1`);
    expect(arn('tgw-attach-1')).toBe(
      `arn:${partition}:ec2:${region}:123456789012:transit-gateway-attachment/tgw-attach-1`,
    );
    expect(arn('vpn-1')).toBe(`arn:${partition}:ec2:${region}:123456789012:vpn-connection/vpn-1`);
    expect(arn('dxvif-1')).toBe(`arn:${partition}:directconnect:${region}:123456789012:dxvif/dxvif-1`);
  });

  it('takes the longest known prefix (tgw-rtb- is not tgw-, vpce-svc- is not vpce-), and does not confuse similar ones', () => {
    expect(resourceArn('aws', 'us-east-1', '1', 'tgw-rtb-1')).toBe(
      'arn:aws:ec2:us-east-1:1:transit-gateway-route-table/tgw-rtb-1',
    );
    expect(resourceArn('aws', 'us-east-1', '1', 'tgw-other-1')).toBe(
      'arn:aws:ec2:us-east-1:1:transit-gateway/tgw-other-1',
    );
    expect(resourceArn('aws', 'us-east-1', '1', 'vpce-svc-1')).toBe(
      'arn:aws:ec2:us-east-1:1:vpc-endpoint-service/vpce-svc-1',
    );
    expect(resourceArn('aws', 'us-east-1', '1', 'vpce-1')).toBe(
      'arn:aws:ec2:us-east-1:1:vpc-endpoint/vpce-1',
    );
    expect(resourceArn('aws', 'us-east-1', '1', 'eigw-1')).toBe(
      'arn:aws:ec2:us-east-1:1:egress-only-internet-gateway/eigw-1',
    );
    expect(resourceArn('aws', 'us-east-1', '1', 'vpn-1')).toBe(
      'arn:aws:ec2:us-east-1:1:vpn-connection/vpn-1',
    );
  });

  it('gives an account-level ARN for ids it does not know, encoded', () => {
    expect(resourceArn('aws', 'us-east-1', '123456789012', '203.0.113.5')).toBe(
      'arn:aws:ec2:us-east-1:123456789012:203.0.113.5',
    );
    expect(resourceArn('aws', 'us-east-1', '123456789012', 'a b/c')).toBe(
      'arn:aws:ec2:us-east-1:123456789012:a%20b%2Fc',
    );
  });
});

describe('ResourceArnBuilder', () => {
  it('builds exactly what resourceArn builds, whatever the order of accounts and ids (property)', () => {
    const idArb = fc.oneof(
      fc
        .tuple(
          fc.constantFrom(
            'sg-',
            'i-',
            'eni-',
            'subnet-',
            'eipalloc-',
            'nat-',
            'tgw-',
            'tgw-attach-',
            'tgw-rtb-',
            'vpce-',
            'vpce-svc-',
            'dxvif-',
            'vgw-',
            'x-',
            '',
          ),
          fc.string({ unit: fc.constantFrom('0', 'a', 'f', '-', '/', ' ', 'attach-', 'rtb-', 'svc-') }),
        )
        .map(([prefix, rest]) => prefix + rest),
      fc.uuid(),
      fc.string(),
    );
    const accountArb = fc.constantFrom('111111111111', '222222222222');
    fc.assert(
      fc.property(fc.array(fc.tuple(accountArb, idArb)), (items) => {
        const builder = new ResourceArnBuilder('aws-cn', 'cn-north-1');
        for (const [account, id] of items) {
          expect(builder.arn(account, id)).toBe(resourceArn('aws-cn', 'cn-north-1', account, id));
        }
      }),
    );
  });

  it('does not reuse a transit gateway prefix for the attachment that follows it', () => {
    const builder = new ResourceArnBuilder('aws', 'us-east-1');
    expect(builder.arn('1', 'tgw-1')).toBe('arn:aws:ec2:us-east-1:1:transit-gateway/tgw-1');
    expect(builder.arn('1', 'tgw-attach-1')).toBe(
      'arn:aws:ec2:us-east-1:1:transit-gateway-attachment/tgw-attach-1',
    );
    expect(builder.arn('1', 'tgw-2')).toBe('arn:aws:ec2:us-east-1:1:transit-gateway/tgw-2');
  });
});
