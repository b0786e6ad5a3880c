import { collectSnapshot, MAX_PAGE_SIZE } from '../../lambda/collect';
import { emptyAccount, fakeEc2, fakeSts, type FakeAccount } from './fake-account';

const N = 3000;
const ids = (prefix: string, n = N) =>
  Array.from({ length: n }, (_, i) => `${prefix}-${String(i).padStart(5, '0')}`);

/** 3,000 of every region-wide resource in two VPCs, and 600 stale groups in one of them. */
function largeAccount(): FakeAccount {
  const account = emptyAccount();
  const vpc = (i: number) => (i % 2 === 0 ? 'vpc-a' : 'vpc-b');
  account.vpcs = [{ VpcId: 'vpc-a' }, { VpcId: 'vpc-b' }];
  account.subnets = ids('subnet').map((SubnetId, i) => ({ SubnetId, VpcId: vpc(i) }));
  account.routeTables = ids('rtb').map((RouteTableId, i) => ({ RouteTableId, VpcId: vpc(i) }));
  account.internetGateways = ids('igw').map((InternetGatewayId) => ({ InternetGatewayId }));
  account.natGateways = ids('nat').map((NatGatewayId, i) => ({ NatGatewayId, VpcId: vpc(i) }));
  account.addresses = ids('eipalloc').map((AllocationId) => ({ AllocationId }));
  account.securityGroups = ids('sg').map((GroupId, i) => ({ GroupId, VpcId: vpc(i) }));
  account.networkAcls = ids('acl').map((NetworkAclId, i) => ({ NetworkAclId, VpcId: vpc(i) }));
  account.networkInterfaces = ids('eni').map((NetworkInterfaceId, i) => ({
    NetworkInterfaceId,
    VpcId: vpc(i),
  }));
  account.reservations = ids('i').map((InstanceId, i) => ({ Instances: [{ InstanceId, VpcId: vpc(i) }] }));
  account.flowLogs = ids('fl').map((FlowLogId) => ({ FlowLogId, ResourceId: 'vpc-a' }));
  account.vpcPeeringConnections = ids('pcx').map((VpcPeeringConnectionId) => ({ VpcPeeringConnectionId }));
  account.staleSecurityGroups = { 'vpc-a': ids('sg', 600).map((GroupId) => ({ GroupId, VpcId: 'vpc-a' })) };
  return account;
}

describe('collection calls for a 3,000-group account', () => {
  it('makes ceil(N / largest page size) calls per paginated API, one per unpaginated call', async () => {
    // Prepare
    const { ec2, requests } = fakeEc2(largeAccount());
    const { sts } = fakeSts();

    // Act
    const { snapshot, stats } = await collectSnapshot({ ec2, sts }, { region: 'us-east-1' });

    // Assess
    const callsOf = (api: string) => stats.apis.find((s) => s.api === api)?.calls;
    const expected: Record<string, number> = {
      GetCallerIdentity: 1,
      DescribeVpcs: 1,
      DescribeAddresses: 1,
      // One call per VPC and DNS attribute.
      DescribeVpcAttribute: 2 * 2,
      // ceil(600 / 255) for vpc-a, one empty page for vpc-b.
      DescribeStaleSecurityGroups: Math.ceil(600 / MAX_PAGE_SIZE.DescribeStaleSecurityGroups) + 1,
    };
    for (const api of Object.keys(MAX_PAGE_SIZE)) {
      expected[api] ??= Math.ceil(N / MAX_PAGE_SIZE[api as keyof typeof MAX_PAGE_SIZE]);
    }
    expect(Object.fromEntries(stats.apis.map((s) => [s.api, s.calls]))).toEqual(expected);
    expect(callsOf('DescribeSecurityGroups')).toBe(3);
    expect(callsOf('DescribeRouteTables')).toBe(30);
    // The fake saw exactly these requests, each at the largest page size.
    for (const request of requests) {
      expect(request.MaxResults).toBe(MAX_PAGE_SIZE[request.api as keyof typeof MAX_PAGE_SIZE]);
    }
    expect(snapshot.securityGroups).toHaveLength(N);
    expect(snapshot.instances).toHaveLength(N);
    expect(snapshot.staleSecurityGroups).toHaveLength(600);
    expect(snapshot.errors).toEqual([]);
    expect(stats.totals.calls).toBe(Object.values(expected).reduce((a, b) => a + b, 0));
  });
});
