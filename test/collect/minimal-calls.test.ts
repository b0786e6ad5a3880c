import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectSnapshot, MAX_PAGE_SIZE } from '../../lambda/collect';
import { emptyAccount, fakeClients, type FakeAccount } from './fake-account';

const N = 3000;
const ids = (prefix: string, n = N) =>
  Array.from({ length: n }, (_, i) => `${prefix}-${String(i).padStart(5, '0')}`);

/**
 * 3,000 of every region-wide resource in two VPCs, and 600 stale groups in one of them. The parents of
 * per-item calls come in the numbers AWS's quotas allow (50 prefix lists, 20 transit gateway route tables,
 * 5 Direct Connect gateways, 10 firewalls), one of each holding 3,000 children.
 */
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

  account.managedPrefixLists = ids('pl', 50).map((PrefixListId) => ({ PrefixListId }));
  account.prefixListEntries = { 'pl-00000': ids('10.0.0.0/32').map((Cidr) => ({ Cidr })) };
  account.vpcEndpoints = ids('vpce').map((VpcEndpointId, i) => ({ VpcEndpointId, VpcId: vpc(i) }));
  account.egressOnlyInternetGateways = ids('eigw').map((EgressOnlyInternetGatewayId) => ({
    EgressOnlyInternetGatewayId,
  }));
  account.vpcBlockPublicAccessOptions = { State: 'default-state', InternetGatewayBlockMode: 'off' };
  account.vpcBlockPublicAccessExclusions = ids('vpcbpa-exclude').map((ExclusionId) => ({ ExclusionId }));
  account.dhcpOptions = ids('dopt').map((DhcpOptionsId) => ({ DhcpOptionsId }));
  account.transitGateways = ids('tgw').map((TransitGatewayId) => ({ TransitGatewayId }));
  account.transitGatewayAttachments = ids('tgw-attach').map((TransitGatewayAttachmentId) => ({
    TransitGatewayAttachmentId,
  }));
  account.transitGatewayVpcAttachments = ids('tgw-attach').map((TransitGatewayAttachmentId, i) => ({
    TransitGatewayAttachmentId,
    VpcId: vpc(i),
  }));
  account.transitGatewayPeeringAttachments = ids('tgw-attach').map((TransitGatewayAttachmentId) => ({
    TransitGatewayAttachmentId,
  }));
  account.transitGatewayRouteTables = ids('tgw-rtb', 20).map((TransitGatewayRouteTableId) => ({
    TransitGatewayRouteTableId,
  }));
  account.transitGatewayRoutes = {
    'tgw-rtb-00000': ids('10.1.0.0/32').map((DestinationCidrBlock) => ({
      DestinationCidrBlock,
      State: 'active',
    })),
  };
  account.vpnGateways = ids('vgw').map((VpnGatewayId) => ({ VpnGatewayId }));
  account.vpnConnections = ids('vpn').map((VpnConnectionId) => ({ VpnConnectionId }));
  account.customerGateways = ids('cgw').map((CustomerGatewayId) => ({ CustomerGatewayId }));
  account.directConnectGateways = ids('dxgw', 5).map((directConnectGatewayId) => ({
    directConnectGatewayId,
  }));
  account.directConnectGatewayAssociations = ids('dxgw-assoc').map((associationId) => ({
    associationId,
    directConnectGatewayId: 'dxgw-00000',
  }));
  account.virtualInterfaces = ids('dxvif').map((virtualInterfaceId) => ({ virtualInterfaceId }));
  account.networkFirewalls = ids('arn:aws:network-firewall:us-east-1:123456789012:firewall/fw', 10).map(
    (FirewallArn, i) => ({
      FirewallArn,
      FirewallName: `fw-${i}`,
      FirewallPolicyArn: 'arn:aws:network-firewall:us-east-1:123456789012:firewall-policy/p',
      VpcId: vpc(i),
      SubnetMappings: [],
      FirewallId: `id-${i}`,
    }),
  );
  return account;
}

describe('collection calls for a 3,000-group account', () => {
  it('makes ceil(N / largest page size) calls per paginated API, one per unpaginated call', async () => {
    // Prepare
    const { clients, requests } = fakeClients(largeAccount());

    // Act
    const { snapshot, stats } = await collectSnapshot(clients, { region: 'us-east-1' });

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
      DescribeVpcBlockPublicAccessOptions: 1,
      DescribeVpnGateways: 1,
      DescribeVpnConnections: 1,
      DescribeCustomerGateways: 1,
      // The parents fit one page; each child list is one empty page, or ceil(3,000 / page) for the full one.
      DescribeManagedPrefixLists: 1,
      GetManagedPrefixListEntries: 49 + Math.ceil(N / MAX_PAGE_SIZE.GetManagedPrefixListEntries),
      DescribeTransitGatewayRouteTables: 1,
      SearchTransitGatewayRoutes: 19 + Math.ceil(N / MAX_PAGE_SIZE.SearchTransitGatewayRoutes),
      GetTransitGatewayRouteTableAssociations: 20,
      GetTransitGatewayRouteTablePropagations: 20,
      DescribeDirectConnectGateways: 1,
      DescribeDirectConnectGatewayAssociations:
        4 + Math.ceil(N / MAX_PAGE_SIZE.DescribeDirectConnectGatewayAssociations),
      ListFirewalls: 1,
      DescribeFirewall: 10,
    };
    for (const api of Object.keys(MAX_PAGE_SIZE)) {
      expected[api] ??= Math.ceil(N / MAX_PAGE_SIZE[api as keyof typeof MAX_PAGE_SIZE]);
    }
    expect(Object.fromEntries(stats.apis.map((s) => [s.api, s.calls]))).toEqual(expected);
    expect(callsOf('DescribeSecurityGroups')).toBe(3);
    expect(callsOf('DescribeRouteTables')).toBe(30);
    expect(callsOf('GetManagedPrefixListEntries')).toBe(79);
    expect(callsOf('DescribeVirtualInterfaces')).toBe(30);
    // The fake saw exactly these requests, each at the largest page size.
    for (const request of requests.filter((r) => r.api !== 'DescribeFirewall')) {
      expect(request.MaxResults).toBe(MAX_PAGE_SIZE[request.api as keyof typeof MAX_PAGE_SIZE]);
    }
    expect(snapshot.securityGroups).toHaveLength(N);
    expect(snapshot.instances).toHaveLength(N);
    expect(snapshot.staleSecurityGroups).toHaveLength(600);
    expect(snapshot.managedPrefixLists?.[0]?.Entries).toHaveLength(N);
    expect(snapshot.transitGatewayRouteTables?.[0]?.Routes).toHaveLength(N);
    expect(snapshot.directConnectGatewayAssociations).toHaveLength(N);
    expect(snapshot.networkFirewalls).toHaveLength(10);
    expect(snapshot.errors).toEqual([]);
    expect(stats.totals.calls).toBe(Object.values(expected).reduce((a, b) => a + b, 0));

    // docs/collection.md documents these figures: its table must be what was measured.
    const measured = Object.fromEntries(stats.apis.map((s) => [s.api, s.calls]));
    expect(documentedCalls()).toEqual({ ...measured, total: stats.totals.calls });
  });
});

/** The "calls" column of the table in docs/collection.md, by API (and the total). */
function documentedCalls(): Record<string, number> {
  const doc = readFileSync(join(__dirname, '../../docs/collection.md'), 'utf8');
  const table = /<!-- calls-at-3000:start -->([\s\S]*?)<!-- calls-at-3000:end -->/.exec(doc)?.[1] ?? '';
  const rows = [...table.matchAll(/^\| (?:`(\w+)`|\*\*(total)\*\*) +\| +(\d+) \|/gm)];
  return Object.fromEntries(rows.map(([, api, total, calls]) => [api ?? total, Number(calls)]));
}
