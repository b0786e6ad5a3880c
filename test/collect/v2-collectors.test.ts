import {
  DescribeDirectConnectGatewayAssociationsCommand,
  DescribeDirectConnectGatewaysCommand,
} from '@aws-sdk/client-direct-connect';
import {
  DescribeEgressOnlyInternetGatewaysCommand,
  DescribeTransitGatewayVpcAttachmentsCommand,
  DescribeVpcEndpointsCommand,
  GetManagedPrefixListEntriesCommand,
  SearchTransitGatewayRoutesCommand,
} from '@aws-sdk/client-ec2';
import { ListFirewallsCommand } from '@aws-sdk/client-network-firewall';
import fc from 'fast-check';
import { collectSnapshot, MAX_PAGE_SIZE, type CollectOptions } from '../../lambda/collect';
import { buildIndex } from '../../lambda/engine/snapshot-index';
import { V2_PARTS, type NetworkFirewall } from '../../lambda/snapshot/types';
import { validateSnapshot } from '../../lambda/snapshot/validate';
import { awsError, emptyAccount, fakeClients, type FakeAccount, type Failure } from './fake-account';

const firewall = (name: string, vpcId: string): NetworkFirewall => ({
  FirewallName: name,
  FirewallArn: `arn:aws:network-firewall:us-east-1:123456789012:firewall/${name}`,
  FirewallPolicyArn: 'arn:aws:network-firewall:us-east-1:123456789012:firewall-policy/p',
  VpcId: vpcId,
  SubnetMappings: [{ SubnetId: `subnet-${name}` }],
  FirewallId: `id-${name}`,
  FirewallStatus: { Status: 'READY', ConfigurationSyncStateSummary: 'IN_SYNC' },
});

/** Two VPCs with version 2 resources in each, listed out of order. */
function v2Account(): FakeAccount {
  const account = emptyAccount();
  account.vpcs = [{ VpcId: 'vpc-2' }, { VpcId: 'vpc-1' }];
  account.managedPrefixLists = [{ PrefixListId: 'pl-2' }, { PrefixListId: 'pl-1' }];
  account.prefixListEntries = {
    'pl-1': [{ Cidr: '10.9.0.0/16' }, { Cidr: '10.8.0.0/16' }],
    'pl-2': [{ Cidr: '192.168.0.0/16' }],
  };
  account.vpcEndpoints = [
    { VpcEndpointId: 'vpce-2', VpcId: 'vpc-2' },
    { VpcEndpointId: 'vpce-1', VpcId: 'vpc-1' },
  ];
  account.egressOnlyInternetGateways = [
    { EgressOnlyInternetGatewayId: 'eigw-2', Attachments: [{ VpcId: 'vpc-2', State: 'attached' }] },
    { EgressOnlyInternetGatewayId: 'eigw-1', Attachments: [{ VpcId: 'vpc-1', State: 'attached' }] },
  ];
  account.transitGatewayVpcAttachments = [
    { TransitGatewayAttachmentId: 'tgw-attach-2', VpcId: 'vpc-2' },
    { TransitGatewayAttachmentId: 'tgw-attach-1', VpcId: 'vpc-1' },
  ];
  account.transitGatewayRouteTables = [
    { TransitGatewayRouteTableId: 'tgw-rtb-2' },
    { TransitGatewayRouteTableId: 'tgw-rtb-1' },
  ];
  account.transitGatewayRoutes = {
    'tgw-rtb-1': [
      { DestinationCidrBlock: '10.2.0.0/16', State: 'blackhole', Type: 'static' },
      { DestinationCidrBlock: '10.1.0.0/16', State: 'active', Type: 'propagated' },
      { DestinationCidrBlock: '10.3.0.0/16', State: 'deleted', Type: 'static' },
    ],
    'tgw-rtb-2': [{ DestinationCidrBlock: '0.0.0.0/0', State: 'active', Type: 'static' }],
  };
  account.transitGatewayAssociations = {
    'tgw-rtb-1': [{ TransitGatewayAttachmentId: 'tgw-attach-1', State: 'associated' }],
  };
  account.transitGatewayPropagations = {
    'tgw-rtb-1': [{ TransitGatewayAttachmentId: 'tgw-attach-2', State: 'enabled' }],
  };
  account.directConnectGateways = [
    { directConnectGatewayId: 'dxgw-2' },
    { directConnectGatewayId: 'dxgw-1' },
  ];
  account.directConnectGatewayAssociations = [
    { associationId: 'assoc-b', directConnectGatewayId: 'dxgw-1' },
    { associationId: 'assoc-a', directConnectGatewayId: 'dxgw-2' },
  ];
  account.networkFirewalls = [firewall('fw-2', 'vpc-2'), firewall('fw-1', 'vpc-1')];
  return account;
}

async function collect(
  account: FakeAccount,
  failures: Failure[] = [],
  options: Partial<CollectOptions> = {},
) {
  const { clients, mock, requests } = fakeClients(account, failures);
  const result = await collectSnapshot(clients, { region: 'us-east-1', ...options });
  return { ...result, mock, requests };
}

const denied = awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.');

describe('collection of the version 2 lists', () => {
  it('merges per-item data into its parent, every list in id order', async () => {
    const { snapshot } = await collect(v2Account());

    expect(snapshot.errors).toEqual([]);
    expect(snapshot.managedPrefixLists).toEqual([
      { PrefixListId: 'pl-1', Entries: [{ Cidr: '10.8.0.0/16' }, { Cidr: '10.9.0.0/16' }] },
      { PrefixListId: 'pl-2', Entries: [{ Cidr: '192.168.0.0/16' }] },
    ]);
    expect(snapshot.transitGatewayRouteTables).toEqual([
      {
        TransitGatewayRouteTableId: 'tgw-rtb-1',
        // Only the routes that forward or drop traffic: SearchTransitGatewayRoutes requires a filter.
        Routes: [
          { DestinationCidrBlock: '10.1.0.0/16', State: 'active', Type: 'propagated' },
          { DestinationCidrBlock: '10.2.0.0/16', State: 'blackhole', Type: 'static' },
        ],
        Associations: [{ TransitGatewayAttachmentId: 'tgw-attach-1', State: 'associated' }],
        Propagations: [{ TransitGatewayAttachmentId: 'tgw-attach-2', State: 'enabled' }],
      },
      {
        TransitGatewayRouteTableId: 'tgw-rtb-2',
        Routes: [{ DestinationCidrBlock: '0.0.0.0/0', State: 'active', Type: 'static' }],
        Associations: [],
        Propagations: [],
      },
    ]);
    expect(snapshot.directConnectGateways?.map((g) => g.directConnectGatewayId)).toEqual([
      'dxgw-1',
      'dxgw-2',
    ]);
    expect(snapshot.directConnectGatewayAssociations?.map((a) => a.associationId)).toEqual([
      'assoc-a',
      'assoc-b',
    ]);
    expect(snapshot.networkFirewalls).toEqual([firewall('fw-1', 'vpc-1'), firewall('fw-2', 'vpc-2')]);
    expect(validateSnapshot(JSON.parse(JSON.stringify(snapshot)))).toEqual(snapshot);
    expect(buildIndex(snapshot).missingParts.size).toBe(0);
  });

  it('is deterministic: any listing order of the account gives the same JSON', async () => {
    const expected = JSON.stringify((await collect(v2Account())).snapshot);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 2 ** 31 - 1 }), async (seed) => {
        const account = v2Account();
        const next = lcg(seed);
        for (const value of Object.values(account)) {
          if (Array.isArray(value)) shuffle(value, next);
        }
        const { snapshot } = await collect(account, [], { concurrency: 1 + (seed % 5) });
        expect(JSON.stringify({ ...snapshot, collectedAt: '' })).toBe(
          JSON.stringify({ ...JSON.parse(expected), collectedAt: '' }),
        );
      }),
      { numRuns: 15 },
    );
  });

  it('follows NextToken on paginated lists at the largest page each allows', async () => {
    const account = emptyAccount();
    account.managedPrefixLists = [{ PrefixListId: 'pl-1' }];
    account.prefixListEntries = {
      'pl-1': Array.from({ length: 250 }, (_, i) => ({ Cidr: `10.${i}.0.0/16` })),
    };
    account.egressOnlyInternetGateways = Array.from({ length: 600 }, (_, i) => ({
      EgressOnlyInternetGatewayId: `eigw-${String(i).padStart(3, '0')}`,
    }));
    account.directConnectGateways = Array.from({ length: 150 }, (_, i) => ({
      directConnectGatewayId: `dxgw-${String(i).padStart(3, '0')}`,
    }));

    const { snapshot, mock, requests } = await collect(account);

    expect(snapshot.managedPrefixLists?.[0]?.Entries).toHaveLength(250);
    expect(mock).toHaveReceivedCommandTimes(GetManagedPrefixListEntriesCommand, 3);
    expect(snapshot.egressOnlyInternetGateways).toHaveLength(600);
    expect(requests.filter((r) => r.api === 'DescribeEgressOnlyInternetGateways')).toEqual([
      { api: 'DescribeEgressOnlyInternetGateways', MaxResults: 255, NextToken: undefined },
      { api: 'DescribeEgressOnlyInternetGateways', MaxResults: 255, NextToken: '255' },
      { api: 'DescribeEgressOnlyInternetGateways', MaxResults: 255, NextToken: '510' },
    ]);
    expect(snapshot.directConnectGateways).toHaveLength(150);
    expect(requests.filter((r) => r.api === 'DescribeDirectConnectGateways')).toEqual([
      { api: 'DescribeDirectConnectGateways', MaxResults: 100, NextToken: undefined },
      { api: 'DescribeDirectConnectGateways', MaxResults: 100, NextToken: '100' },
    ]);
  });

  it.each([
    ['DescribeVpcEndpoints', 'vpcEndpoints'],
    ['DescribeVpcBlockPublicAccessOptions', 'vpcBlockPublicAccessOptions'],
    ['DescribeTransitGatewayRouteTables', 'transitGatewayRouteTables'],
    ['DescribeVpnConnections', 'vpnConnections'],
    ['DescribeVirtualInterfaces', 'virtualInterfaces'],
    ['ListFirewalls', 'networkFirewalls'],
  ] as const)('records AccessDenied on %s, leaves %s out and collects the rest', async (api, part) => {
    const { snapshot } = await collect(v2Account(), [{ api, error: denied }]);

    expect(snapshot.errors).toEqual([
      { api, code: 'UnauthorizedOperation', message: 'You are not authorized to perform this operation.' },
    ]);
    expect(snapshot[part]).toBeUndefined();
    expect(V2_PARTS.filter((p) => snapshot[p] === undefined)).toEqual([part]);
    expect([...buildIndex(validateSnapshot(snapshot)).missingParts]).toEqual([part]);
    expect(snapshot.vpcs).toHaveLength(2);
  });

  it('records throttling past the retries with its attempt count and goes on', async () => {
    const throttled = awsError('Throttling', 'Rate exceeded', 8);

    const { snapshot, stats } = await collect(v2Account(), [
      { api: 'DescribeDirectConnectGateways', error: throttled },
    ]);

    expect(snapshot.errors).toEqual([
      {
        api: 'DescribeDirectConnectGatewayAssociations',
        code: 'NotCollected',
        message: 'not collected because DescribeDirectConnectGateways failed',
      },
      {
        api: 'DescribeDirectConnectGateways',
        code: 'Throttling',
        message: 'Rate exceeded (after 8 attempts)',
      },
    ]);
    expect(snapshot.directConnectGateways).toBeUndefined();
    expect(snapshot.directConnectGatewayAssociations).toBeUndefined();
    expect(stats.apis.find((s) => s.api === 'DescribeDirectConnectGateways')).toMatchObject({
      retries: 7,
      errors: 1,
    });
    expect(snapshot.networkFirewalls).toHaveLength(2);
  });

  it('names the item a failed per-item call was about, and marks its whole part incomplete', async () => {
    const { snapshot } = await collect(v2Account(), [
      { api: 'GetManagedPrefixListEntries', resourceId: 'pl-2', error: denied },
      { api: 'GetTransitGatewayRouteTablePropagations', resourceId: 'tgw-rtb-1', error: denied },
      { api: 'DescribeFirewall', resourceId: firewall('fw-1', 'vpc-1').FirewallArn, error: denied },
    ]);

    expect(snapshot.errors.map((e) => `${e.api}: ${e.message}`)).toEqual([
      'DescribeFirewall: arn:aws:network-firewall:us-east-1:123456789012:firewall/fw-1: You are not authorized to perform this operation.',
      'GetManagedPrefixListEntries: pl-2: You are not authorized to perform this operation.',
      'GetTransitGatewayRouteTablePropagations: tgw-rtb-1: You are not authorized to perform this operation.',
    ]);
    // What did come back is kept, without the failed item's data, and the part counts as not collected.
    expect(snapshot.managedPrefixLists?.map((l) => [l.PrefixListId, l.Entries?.length])).toEqual([
      ['pl-1', 2],
      ['pl-2', undefined],
    ]);
    expect(snapshot.transitGatewayRouteTables?.[0]).not.toHaveProperty('Propagations');
    expect(snapshot.transitGatewayRouteTables?.[0]?.Routes).toHaveLength(2);
    expect(snapshot.networkFirewalls?.map((f) => f.FirewallName)).toEqual(['fw-2']);
    expect([...buildIndex(validateSnapshot(snapshot)).missingParts].sort()).toEqual([
      'managedPrefixLists',
      'networkFirewalls',
      'transitGatewayRouteTables',
    ]);
  });

  it('records SearchTransitGatewayRoutes as truncated when it reports more routes without a NextToken', async () => {
    const account = v2Account();
    account.routeSearchCap = 1;

    const { snapshot, mock } = await collect(account);

    expect(snapshot.errors).toEqual([
      {
        api: 'SearchTransitGatewayRoutes',
        code: 'TruncatedResults',
        message:
          'tgw-rtb-1: returned 1 routes and reported more (AdditionalRoutesAvailable) without a NextToken',
      },
    ]);
    expect(snapshot.transitGatewayRouteTables?.[0]).not.toHaveProperty('Routes');
    expect(snapshot.transitGatewayRouteTables?.[1]?.Routes).toHaveLength(1);
    expect(mock).toHaveReceivedCommandWith(SearchTransitGatewayRoutesCommand, {
      TransitGatewayRouteTableId: 'tgw-rtb-1',
      Filters: [{ Name: 'state', Values: ['active', 'blackhole'] }],
      MaxResults: MAX_PAGE_SIZE.SearchTransitGatewayRoutes,
    });
    expect([...buildIndex(snapshot).missingParts]).toEqual(['transitGatewayRouteTables']);
  });

  it('asks for associations once per Direct Connect gateway, as the API requires', async () => {
    const { clients, directConnectMock: mock } = fakeClients(v2Account());

    await collectSnapshot(clients, { region: 'us-east-1' });

    expect(mock).toHaveReceivedCommandTimes(DescribeDirectConnectGatewaysCommand, 1);
    expect(mock).toHaveReceivedCommandTimes(DescribeDirectConnectGatewayAssociationsCommand, 2);
    expect(mock).toHaveReceivedCommandWith(DescribeDirectConnectGatewayAssociationsCommand, {
      directConnectGatewayId: 'dxgw-1',
    });
  });

  describe('scoped to some VPCs', () => {
    it('narrows what has a VPC, server-side where the API can, and keeps region-wide lists whole', async () => {
      const { clients, mock, networkFirewallMock: firewallMock } = fakeClients(v2Account());

      const { snapshot } = await collectSnapshot(clients, { region: 'us-east-1', vpcIds: ['vpc-1'] });

      expect(mock).toHaveReceivedCommandWith(DescribeVpcEndpointsCommand, {
        Filters: [{ Name: 'vpc-id', Values: ['vpc-1'] }],
      });
      expect(mock).toHaveReceivedCommandWith(DescribeTransitGatewayVpcAttachmentsCommand, {
        Filters: [{ Name: 'vpc-id', Values: ['vpc-1'] }],
      });
      // Egress-only gateways filter only on tags: read whole, narrowed after.
      expect(mock).toHaveReceivedCommandWith(DescribeEgressOnlyInternetGatewaysCommand, { MaxResults: 255 });
      expect(firewallMock).toHaveReceivedCommandWith(ListFirewallsCommand, { VpcIds: ['vpc-1'] });

      expect(snapshot.vpcEndpoints?.map((x) => x.VpcEndpointId)).toEqual(['vpce-1']);
      expect(snapshot.egressOnlyInternetGateways?.map((x) => x.EgressOnlyInternetGatewayId)).toEqual([
        'eigw-1',
      ]);
      expect(snapshot.transitGatewayVpcAttachments?.map((x) => x.TransitGatewayAttachmentId)).toEqual([
        'tgw-attach-1',
      ]);
      expect(snapshot.networkFirewalls?.map((x) => x.FirewallName)).toEqual(['fw-1']);
      expect(snapshot.managedPrefixLists).toHaveLength(2);
      expect(snapshot.transitGatewayRouteTables).toHaveLength(2);
      expect(snapshot.errors).toEqual([]);
    });
  });
});

/** A small seeded generator (numerical recipes' LCG): the same seed shuffles the same way. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

function shuffle<T>(items: T[], next: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}
