import {
  DescribeFlowLogsCommand,
  DescribeInternetGatewaysCommand,
  DescribeNatGatewaysCommand,
  DescribeSecurityGroupsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcPeeringConnectionsCommand,
  DescribeVpcsCommand,
} from '@aws-sdk/client-ec2';
import { collectSnapshot, type CollectOptions } from '../../lambda/collect';
import { AccountIdentityError } from '../../lambda/collect/errors';
import { buildIndex } from '../../lambda/engine/snapshot-index';
import type { Snapshot } from '../../lambda/snapshot/types';
import { validateSnapshot } from '../../lambda/snapshot/validate';
import { twoVpcAccount } from './account-fixture';
import {
  ACCOUNT_ID,
  awsError,
  emptyAccount,
  fakeClients,
  fakeSts,
  type FakeAccount,
  type Failure,
} from './fake-account';

const NOW = new Date('2026-11-28T00:00:00.000Z');

async function collect(
  account: FakeAccount,
  failures: Failure[] = [],
  options: Partial<CollectOptions> = {},
) {
  const { clients, mock, requests } = fakeClients(account, failures);
  const result = await collectSnapshot(clients, { region: 'us-east-1', now: () => NOW, ...options });
  return { ...result, mock, requests };
}

/** What an account without any version 2 resource yields: every list collected and empty. */
const NO_V2_RESOURCES = {
  managedPrefixLists: [],
  vpcEndpoints: [],
  egressOnlyInternetGateways: [],
  vpcBlockPublicAccessOptions: {},
  vpcBlockPublicAccessExclusions: [],
  dhcpOptions: [],
  transitGateways: [],
  transitGatewayAttachments: [],
  transitGatewayVpcAttachments: [],
  transitGatewayPeeringAttachments: [],
  transitGatewayRouteTables: [],
  vpnGateways: [],
  vpnConnections: [],
  customerGateways: [],
  directConnectGateways: [],
  directConnectGatewayAssociations: [],
  virtualInterfaces: [],
  networkFirewalls: [],
} satisfies Partial<Snapshot>;

/** The snapshot the two-VPC account yields: lists sorted by id, Dates as ISO strings, empty shapes gone. */
function expectedTwoVpcSnapshot(): Snapshot {
  const a = twoVpcAccount();
  const [vpc2, vpc1] = a.vpcs;
  const [subnetB, subnetA, subnetC] = a.subnets;
  const [rtb2, rtb1] = a.routeTables;
  const [igw1, igw0] = a.internetGateways;
  const [eip2, eip1] = a.addresses;
  const [sg2, sg1] = a.securityGroups;
  const [acl2, acl1] = a.networkAcls;
  const [fl3, fl2, fl1] = a.flowLogs;
  const [pcx3, pcx2, pcx1] = a.vpcPeeringConnections;
  return {
    schemaVersion: 1,
    accountId: ACCOUNT_ID,
    region: 'us-east-1',
    collectedAt: '2026-11-28T00:00:00.000Z',
    vpcs: [vpc1!, vpc2!],
    vpcAttributes: {
      'vpc-1': { EnableDnsSupport: true, EnableDnsHostnames: true },
      'vpc-2': { EnableDnsSupport: true, EnableDnsHostnames: false },
    },
    subnets: [subnetA!, subnetB!, subnetC!],
    routeTables: [rtb1!, rtb2!],
    internetGateways: [igw0!, igw1!],
    natGateways: [
      {
        NatGatewayId: 'nat-1',
        VpcId: 'vpc-1',
        SubnetId: 'subnet-a',
        State: 'available',
        CreateTime: '2026-01-02T03:04:05.000Z' as unknown as Date,
        NatGatewayAddresses: [
          { AllocationId: 'eipalloc-1', NetworkInterfaceId: 'eni-nat', PublicIp: '3.3.3.3' },
        ],
      },
    ],
    addresses: [eip1!, eip2!],
    securityGroups: [sg1!, sg2!],
    networkAcls: [acl1!, acl2!],
    networkInterfaces: [
      {
        NetworkInterfaceId: 'eni-1',
        VpcId: 'vpc-1',
        SubnetId: 'subnet-a',
        Association: { PublicIp: '5.5.5.5' },
        Attachment: { InstanceId: 'i-1', AttachTime: '2026-01-01T00:00:00.000Z' as unknown as Date },
        Groups: [{ GroupId: 'sg-1' }],
      },
      // `Association: {}` is an absent association.
      { NetworkInterfaceId: 'eni-2', VpcId: 'vpc-2', SubnetId: 'subnet-c', Groups: [{ GroupId: 'sg-2' }] },
      { NetworkInterfaceId: 'eni-nat', VpcId: 'vpc-1', SubnetId: 'subnet-a', InterfaceType: 'natGateway' },
    ],
    instances: [
      {
        InstanceId: 'i-1',
        VpcId: 'vpc-1',
        SubnetId: 'subnet-a',
        State: { Name: 'running', Code: 16 },
        LaunchTime: '2026-01-01T00:00:00.000Z' as unknown as Date,
      },
      { InstanceId: 'i-2', VpcId: 'vpc-1', SubnetId: 'subnet-b', State: { Name: 'stopped', Code: 80 } },
      { InstanceId: 'i-3', VpcId: 'vpc-2', SubnetId: 'subnet-c', State: { Name: 'running', Code: 16 } },
    ],
    flowLogs: [fl1!, fl2!, fl3!],
    vpcPeeringConnections: [pcx1!, pcx2!, pcx3!],
    staleSecurityGroups: a.staleSecurityGroups['vpc-1']!,
    ...NO_V2_RESOURCES,
    errors: [],
  };
}

describe('collectSnapshot', () => {
  it('collects every list into a snapshot that validates and equals the expected one', async () => {
    // Act
    const { snapshot } = await collect(twoVpcAccount());

    // Assess
    expect(snapshot).toStrictEqual(expectedTwoVpcSnapshot());
    expect(validateSnapshot(JSON.parse(JSON.stringify(snapshot)))).toEqual(snapshot);
    expect(buildIndex(snapshot).publicIpOf(snapshot.networkInterfaces[1]!)).toBeUndefined();
  });

  it('is deterministic: the same account listed in another order gives byte-identical JSON', async () => {
    const shuffled = twoVpcAccount();
    for (const list of Object.values(shuffled)) if (Array.isArray(list)) list.reverse();

    const first = await collect(twoVpcAccount(), [], { concurrency: 1 });
    const second = await collect(shuffled, [], { concurrency: 16 });

    expect(JSON.stringify(second.snapshot)).toBe(JSON.stringify(first.snapshot));
  });

  it('collects an empty account with one call per region-wide API and no errors', async () => {
    const { snapshot, stats, mock } = await collect(emptyAccount());

    expect(snapshot).toStrictEqual({
      schemaVersion: 1,
      accountId: ACCOUNT_ID,
      region: 'us-east-1',
      collectedAt: '2026-11-28T00:00:00.000Z',
      vpcs: [],
      vpcAttributes: {},
      subnets: [],
      routeTables: [],
      internetGateways: [],
      natGateways: [],
      addresses: [],
      securityGroups: [],
      networkAcls: [],
      networkInterfaces: [],
      instances: [],
      flowLogs: [],
      vpcPeeringConnections: [],
      staleSecurityGroups: [],
      ...NO_V2_RESOURCES,
      errors: [],
    });
    expect(validateSnapshot(snapshot)).toEqual(snapshot);
    // 12 version 1 lists and 14 version 2 ones on EC2; no per-VPC or per-item call without items.
    expect(mock.calls()).toHaveLength(26);
    expect(mock).not.toHaveReceivedCommand(DescribeVpcAttributeCommand);
    // With STS, Direct Connect's gateways and interfaces and Network Firewall's list; one item is the
    // caller identity, the other the Block Public Access options object.
    expect(stats.totals).toMatchObject({ calls: 30, pages: 30, retries: 0, items: 2, errors: 0 });
  });

  it('follows NextToken across pages and asks for the largest page each API allows', async () => {
    const account = emptyAccount();
    account.vpcs = [{ VpcId: 'vpc-1' }];
    account.securityGroups = Array.from({ length: 2500 }, (_, i) => ({ GroupId: `sg-${i}`, VpcId: 'vpc-1' }));

    const { snapshot, stats, mock, requests } = await collect(account);

    expect(snapshot.securityGroups).toHaveLength(2500);
    expect(mock).toHaveReceivedCommandTimes(DescribeSecurityGroupsCommand, 3);
    expect(requests.filter((r) => r.api === 'DescribeSecurityGroups')).toEqual([
      { api: 'DescribeSecurityGroups', MaxResults: 1000, NextToken: undefined },
      { api: 'DescribeSecurityGroups', MaxResults: 1000, NextToken: '1000' },
      { api: 'DescribeSecurityGroups', MaxResults: 1000, NextToken: '2000' },
    ]);
    expect(stats.apis.find((s) => s.api === 'DescribeSecurityGroups')).toMatchObject({
      calls: 3,
      pages: 3,
      items: 2500,
      errors: 0,
    });
  });

  it('records AccessDenied on one API in snapshot.errors and collects the rest', async () => {
    const denied = awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.');

    const { snapshot } = await collect(twoVpcAccount(), [{ api: 'DescribeFlowLogs', error: denied }]);

    expect(snapshot.errors).toEqual([
      {
        api: 'DescribeFlowLogs',
        code: 'UnauthorizedOperation',
        message: 'You are not authorized to perform this operation.',
      },
    ]);
    expect(snapshot.flowLogs).toEqual([]);
    expect({ ...snapshot, flowLogs: [], errors: [] }).toStrictEqual({
      ...expectedTwoVpcSnapshot(),
      flowLogs: [],
      errors: [],
    });
    expect(validateSnapshot(snapshot)).toEqual(snapshot);
    expect([...buildIndex(snapshot).missingParts]).toEqual(['flowLogs']);
  });

  it('records throttling that outlasts the retries with its attempt count, and goes on', async () => {
    const throttled = awsError('RequestLimitExceeded', 'Request limit exceeded.', 8);

    const { snapshot, stats } = await collect(twoVpcAccount(), [
      { api: 'DescribeSecurityGroups', error: throttled },
    ]);

    expect(snapshot.errors).toEqual([
      {
        api: 'DescribeSecurityGroups',
        code: 'RequestLimitExceeded',
        message: 'Request limit exceeded. (after 8 attempts)',
      },
    ]);
    expect(snapshot.securityGroups).toEqual([]);
    expect(snapshot.instances).toHaveLength(3);
    expect(stats.apis.find((s) => s.api === 'DescribeSecurityGroups')).toMatchObject({
      calls: 1,
      pages: 0,
      retries: 7,
      errors: 1,
    });
  });

  it('records an unexpected error (not an AWS one) the same way', async () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });

    const { snapshot } = await collect(twoVpcAccount(), [{ api: 'DescribeNatGateways', error: reset }]);

    expect(snapshot.errors).toEqual([
      { api: 'DescribeNatGateways', code: 'ECONNRESET', message: 'socket hang up' },
    ]);
    expect(snapshot.natGateways).toEqual([]);
  });

  it('keeps a list empty when a later page fails, rather than half full', async () => {
    const account = emptyAccount();
    account.securityGroups = Array.from({ length: 1500 }, (_, i) => ({ GroupId: `sg-${i}`, VpcId: 'vpc-1' }));
    const failure = { api: 'DescribeSecurityGroups', error: awsError('InternalError', 'boom'), fromPage: 1 };

    const { snapshot, stats } = await collect(account, [failure]);

    expect(snapshot.securityGroups).toEqual([]);
    expect(snapshot.errors.map((e) => e.api)).toEqual(['DescribeSecurityGroups']);
    expect(stats.apis.find((s) => s.api === 'DescribeSecurityGroups')).toMatchObject({ calls: 2, pages: 1 });
  });

  it('records a per-VPC failure with its vpcId, so only that VPC misses the part', async () => {
    const denied = awsError('UnauthorizedOperation', 'denied');

    const { snapshot } = await collect(twoVpcAccount(), [
      { api: 'DescribeVpcAttribute', vpcId: 'vpc-2', error: denied },
      { api: 'DescribeStaleSecurityGroups', vpcId: 'vpc-1', error: denied },
    ]);

    expect(snapshot.errors).toEqual([
      {
        api: 'DescribeStaleSecurityGroups',
        code: 'UnauthorizedOperation',
        message: 'denied',
        vpcId: 'vpc-1',
      },
      { api: 'DescribeVpcAttribute', code: 'UnauthorizedOperation', message: 'denied', vpcId: 'vpc-2' },
      { api: 'DescribeVpcAttribute', code: 'UnauthorizedOperation', message: 'denied', vpcId: 'vpc-2' },
    ]);
    expect(snapshot.vpcAttributes).toEqual({ 'vpc-1': { EnableDnsSupport: true, EnableDnsHostnames: true } });
    expect(snapshot.staleSecurityGroups).toEqual([]);
    const index = buildIndex(validateSnapshot(snapshot));
    expect(index.hasPartFor('vpcAttributes', 'vpc-1')).toBe(true);
    expect(index.hasPartFor('vpcAttributes', 'vpc-2')).toBe(false);
    expect(index.missingParts.size).toBe(0);
  });

  it('records the per-VPC APIs as not collected when the VPC list itself fails', async () => {
    const { snapshot, mock } = await collect(twoVpcAccount(), [
      { api: 'DescribeVpcs', error: awsError('UnauthorizedOperation', 'denied') },
    ]);

    expect(snapshot.errors.map(({ api, code }) => `${api}:${code}`)).toEqual([
      'DescribeStaleSecurityGroups:NotCollected',
      'DescribeVpcAttribute:NotCollected',
      'DescribeVpcs:UnauthorizedOperation',
    ]);
    expect(mock).not.toHaveReceivedCommand(DescribeVpcAttributeCommand);
    expect([...buildIndex(snapshot).missingParts].sort()).toEqual([
      'staleSecurityGroups',
      'vpcAttributes',
      'vpcs',
    ]);
  });

  it('throws AccountIdentityError and calls no EC2 API when STS cannot identify the caller', async () => {
    const { clients, mock } = fakeClients(twoVpcAccount());
    const noCredentials = Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError',
    });
    const { sts } = fakeSts({ error: noCredentials });

    const run = collectSnapshot({ ...clients, sts }, { region: 'us-east-1' });

    await expect(run).rejects.toThrow(AccountIdentityError);
    await expect(run).rejects.toMatchObject({ code: 'CredentialsProviderError' });
    expect(mock.calls()).toHaveLength(0);
  });

  it('never runs more requests at once than the concurrency allows', async () => {
    const { clients, mock } = fakeClients(twoVpcAccount());
    const { ec2 } = clients;
    const answer = ec2.send.bind(ec2) as (...args: unknown[]) => Promise<unknown>;
    let inFlight = 0;
    let peak = 0;
    // Every answer takes a turn of the event loop, so requests overlap as they would over a network.
    ec2.send = (async (...args: unknown[]) => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((resolve) => setImmediate(resolve));
      try {
        return await answer(...args);
      } finally {
        inFlight -= 1;
      }
    }) as typeof ec2.send;

    await collectSnapshot(clients, { region: 'us-east-1', concurrency: 3 });

    expect(peak).toBe(3);
    expect(mock.calls().length).toBeGreaterThan(12);
  });

  it('reports progress after every page and failure', async () => {
    const events: string[] = [];
    await collect(
      twoVpcAccount(),
      [{ api: 'DescribeFlowLogs', error: awsError('UnauthorizedOperation', 'no') }],
      {
        onProgress: (e) => events.push(`${e.api}:${e.stats.calls}${e.error ? `:${e.error.code}` : ''}`),
      },
    );

    expect(events).toContain('GetCallerIdentity:1');
    expect(events).toContain('DescribeFlowLogs:1:UnauthorizedOperation');
    expect(events.filter((e) => e.startsWith('DescribeVpcAttribute'))).toHaveLength(4);
  });

  describe('scoped to some VPCs', () => {
    it('filters server-side, narrows addresses and flow logs, and records the scope', async () => {
      const { snapshot, mock } = await collect(twoVpcAccount(), [], { vpcIds: ['vpc-1'] });

      expect(mock).toHaveReceivedCommandWith(DescribeVpcsCommand, {
        Filters: [{ Name: 'vpc-id', Values: ['vpc-1'] }],
      });
      expect(mock).toHaveReceivedCommandWith(DescribeInternetGatewaysCommand, {
        Filters: [{ Name: 'attachment.vpc-id', Values: ['vpc-1'] }],
      });
      expect(mock).toHaveReceivedCommandWith(DescribeNatGatewaysCommand, {
        Filter: [{ Name: 'vpc-id', Values: ['vpc-1'] }],
      });
      expect(mock).toHaveReceivedCommandTimes(DescribeVpcPeeringConnectionsCommand, 2);
      expect(mock).toHaveReceivedCommandWith(DescribeVpcPeeringConnectionsCommand, {
        Filters: [{ Name: 'accepter-vpc-info.vpc-id', Values: ['vpc-1'] }],
      });
      expect(mock).toHaveReceivedCommandWith(DescribeFlowLogsCommand, { MaxResults: 1000 });

      expect(snapshot.scope).toEqual({ vpcIds: ['vpc-1'] });
      expect(snapshot.vpcs.map((x) => x.VpcId)).toEqual(['vpc-1']);
      expect(Object.keys(snapshot.vpcAttributes)).toEqual(['vpc-1']);
      expect(snapshot.subnets.map((x) => x.SubnetId)).toEqual(['subnet-a', 'subnet-b']);
      expect(snapshot.internetGateways.map((x) => x.InternetGatewayId)).toEqual(['igw-1']);
      expect(snapshot.instances.map((x) => x.InstanceId)).toEqual(['i-1', 'i-2']);
      expect(snapshot.addresses.map((x) => x.AllocationId)).toEqual(['eipalloc-1']);
      expect(snapshot.flowLogs.map((x) => x.FlowLogId)).toEqual(['fl-1', 'fl-3']);
      expect(snapshot.vpcPeeringConnections.map((x) => x.VpcPeeringConnectionId)).toEqual(['pcx-1', 'pcx-3']);
      expect(snapshot.errors).toEqual([]);
      expect(validateSnapshot(snapshot)).toEqual(snapshot);
    });

    it('merges the two peering queries without duplicates when both ends are in scope', async () => {
      const { snapshot } = await collect(twoVpcAccount(), [], { vpcIds: ['vpc-2', 'vpc-1', 'vpc-2'] });

      expect(snapshot.scope).toEqual({ vpcIds: ['vpc-1', 'vpc-2'] });
      expect(snapshot.vpcPeeringConnections.map((x) => x.VpcPeeringConnectionId)).toEqual([
        'pcx-1',
        'pcx-2',
        'pcx-3',
      ]);
    });

    it('records addresses as not collected when the interfaces that scope them failed', async () => {
      const { snapshot } = await collect(
        twoVpcAccount(),
        [{ api: 'DescribeNetworkInterfaces', error: awsError('UnauthorizedOperation', 'denied') }],
        { vpcIds: ['vpc-1'] },
      );

      expect(snapshot.addresses).toEqual([]);
      expect(snapshot.flowLogs).toEqual([]);
      expect(snapshot.errors.map(({ api, code }) => `${api}:${code}`)).toEqual([
        'DescribeAddresses:NotCollected',
        'DescribeFlowLogs:NotCollected',
        'DescribeNetworkInterfaces:UnauthorizedOperation',
      ]);
    });
  });
});
