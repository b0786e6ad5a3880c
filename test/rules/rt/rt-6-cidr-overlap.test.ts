import fc from 'fast-check';
import { overlappingCidrs as rule } from '../../../lambda/rules/rt/rt-6-cidr-overlap';
import { NetworkBuilder } from '../../support/network-builder';
import { resultFor, runRule } from '../../support/run-rule';
import { idsAreUnique } from './fixtures';

describe('RT.6 overlapping CIDR blocks', () => {
  it('fails on a peering request that failed because the VPCs overlap, naming the blocks and the state', () => {
    // Prepare: AWS refuses to peer overlapping VPCs, so the request sits in state failed.
    const net = new NetworkBuilder();
    const a = net.vpc({ id: 'vpc-a', cidr: '10.0.0.0/16' });
    const b = net.vpc({ id: 'vpc-b', cidr: '10.0.128.0/17' });
    net.peering({ requester: a, accepter: b, id: 'pcx-1', status: 'failed', message: 'Overlapping CIDRs' });
    // Act
    const results = runRule(rule, net.snapshot());
    // Assess
    const result = resultFor(results, 'pcx-1');
    expect(result.status).toBe('FAILED');
    expect(result.resourceType).toBe('AwsEc2VpcPeeringConnection');
    expect(result.message).toContain('pcx-1 (failed: Overlapping CIDRs) joins vpc-a and vpc-b');
    expect(result.message).toContain('10.0.0.0/16 overlaps 10.0.128.0/17');
  });

  it('passes on an active peering between disjoint VPCs, and reports each VPC once', () => {
    const net = new NetworkBuilder();
    const a = net.vpc({ id: 'vpc-a', cidr: '10.0.0.0/16' });
    const b = net.vpc({ id: 'vpc-b', cidr: '10.1.0.0/16' });
    net.peering({ requester: a, accepter: b, id: 'pcx-1' });
    const results = runRule(rule, net.snapshot());
    expect(results.map((r) => [r.resourceId, r.resourceType, r.status])).toEqual([
      ['pcx-1', 'AwsEc2VpcPeeringConnection', 'PASSED'],
      ['vpc-a', 'AwsEc2Vpc', 'PASSED'],
      ['vpc-b', 'AwsEc2Vpc', 'PASSED'],
    ]);
  });

  it("finds an overlap through a VPC's secondary CIDR block, and ignores a disassociated one", () => {
    const net = new NetworkBuilder();
    const a = net.vpc({ id: 'vpc-a', cidr: '10.0.0.0/16' });
    const b = net.vpc({ id: 'vpc-b', cidr: '10.1.0.0/16' });
    net.peering({ requester: a, accepter: b, id: 'pcx-1' });
    const vpcB = net.data.vpcs.find((v) => v.VpcId === 'vpc-b')!;
    vpcB.CidrBlockAssociationSet = [
      { CidrBlock: '10.1.0.0/16', CidrBlockState: { State: 'associated' } },
      { CidrBlock: '10.0.64.0/18', CidrBlockState: { State: 'associated' } },
    ];
    expect(resultFor(runRule(rule, net.snapshot()), 'pcx-1').message).toContain(
      '10.0.0.0/16 overlaps 10.0.64.0/18',
    );
    vpcB.CidrBlockAssociationSet[1]!.CidrBlockState = { State: 'disassociated' };
    expect(resultFor(runRule(rule, net.snapshot()), 'pcx-1').status).toBe('PASSED');
  });

  it('uses the CIDRs recorded in the peering when the peer VPC is in another account, IPv6 included', () => {
    const net = new NetworkBuilder();
    const a = net.vpc({ id: 'vpc-a', cidr: '10.0.0.0/16', ipv6Cidr: '2600:1f18:aaaa:bb00::/56' });
    const peering = net.peering({ requester: a, accepter: a, id: 'pcx-x', status: 'pending-acceptance' });
    peering.AccepterVpcInfo = {
      VpcId: 'vpc-remote',
      OwnerId: '999999999999',
      CidrBlock: '172.16.0.0/12',
      Ipv6CidrBlockSet: [{ Ipv6CidrBlock: '2600:1f18:aaaa:bb00::/64' }],
    };
    const message = resultFor(runRule(rule, net.snapshot()), 'pcx-x').message;
    expect(message).toContain('2600:1f18:aaaa:bb00::/56 overlaps 2600:1f18:aaaa:bb00::/64');
    expect(message).not.toContain('172.16.0.0/12 overlaps');
  });

  it('fails a VPC that overlaps a configured on-premises range, on the VPC resource', () => {
    const net = new NetworkBuilder();
    net.vpc({ id: 'vpc-office-clash', cidr: '192.168.0.0/16' });
    net.vpc({ id: 'vpc-fine', cidr: '10.0.0.0/16' });
    const results = runRule(rule, net.snapshot(), { onPremisesCidrs: ['192.168.1.0/24', '172.31.0.0/16'] });
    const clash = resultFor(results, 'vpc-office-clash');
    expect(clash.status).toBe('FAILED');
    expect(clash.resourceType).toBe('AwsEc2Vpc');
    expect(clash.resourceArn).toContain(':vpc/vpc-office-clash');
    expect(clash.message).toContain('192.168.0.0/16 overlaps 192.168.1.0/24');
    expect(resultFor(results, 'vpc-fine').status).toBe('PASSED');
  });

  it('reports a VPC once even when it is in several peerings and overlaps on-premises', () => {
    const net = new NetworkBuilder();
    const a = net.vpc({ id: 'vpc-a', cidr: '10.0.0.0/16' });
    const b = net.vpc({ id: 'vpc-b', cidr: '10.0.0.0/16' });
    const c = net.vpc({ id: 'vpc-c', cidr: '10.0.0.0/24' });
    net.peering({ requester: a, accepter: b, id: 'pcx-1', status: 'failed' });
    net.peering({ requester: a, accepter: c, id: 'pcx-2', status: 'failed' });
    const results = runRule(rule, net.snapshot(), { onPremisesCidrs: ['10.0.0.0/8'] });
    expect(idsAreUnique(results)).toBe(true);
    expect(results.filter((r) => r.status === 'FAILED')).toHaveLength(5);
  });

  it('is NOT_EVALUATED when peering connections could not be collected', () => {
    const net = new NetworkBuilder();
    net.vpc();
    net.error({ api: 'DescribeVpcPeeringConnections', code: 'AccessDenied', message: 'denied' });
    expect(runRule(rule, net.snapshot()).map((r) => r.status)).toEqual(['NOT_EVALUATED']);
  });

  describe('properties', () => {
    const toDotted = (n: number) => [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
    const cidr = fc
      .tuple(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 8, max: 28 }))
      .map(([addr, prefix]) => {
        const size = 2 ** (32 - prefix);
        const first = Math.floor(addr / size) * size;
        return { text: `${toDotted(first)}/${prefix}`, first, last: first + size - 1 };
      });

    it('fails exactly when the two ranges share an address, whichever side requested', () => {
      fc.assert(
        fc.property(cidr, cidr, (x, y) => {
          const run = (req: typeof x, acc: typeof x) => {
            const net = new NetworkBuilder();
            const a = net.vpc({ id: 'vpc-a', cidr: req.text, bare: true });
            const b = net.vpc({ id: 'vpc-b', cidr: acc.text, bare: true });
            net.peering({ requester: a, accepter: b, id: 'pcx-1' });
            return resultFor(runRule(rule, net.snapshot()), 'pcx-1').status;
          };
          const expected = x.first <= y.last && y.first <= x.last ? 'FAILED' : 'PASSED';
          expect(run(x, y)).toBe(expected);
          expect(run(y, x)).toBe(expected);
        }),
        { numRuns: 150 },
      );
    });
  });
});
