import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildIndex } from '../../lambda/engine/snapshot-index';
import { InputError } from '../../lambda/errors';
import { importCliDumps } from '../../lambda/snapshot/import-cli-dumps';
import { V2_PARTS } from '../../lambda/snapshot/types';

/* Each file holds exactly what `aws ec2 describe-* --output json` prints. */
const DUMPS: Record<string, unknown> = {
  'describe-vpcs.json': {
    Vpcs: [
      {
        VpcId: 'vpc-1',
        CidrBlock: '10.0.0.0/16',
        OwnerId: '111122223333',
        State: 'available',
        IsDefault: false,
      },
    ],
  },
  'describe-subnets.json': {
    Subnets: [
      { SubnetId: 'subnet-1', VpcId: 'vpc-1', CidrBlock: '10.0.1.0/24', AvailabilityZone: 'eu-west-1b' },
      { SubnetId: 'subnet-2', VpcId: 'vpc-1', CidrBlock: '10.0.2.0/24', AvailabilityZone: 'eu-west-1c' },
    ],
  },
  'describe-route-tables.json': {
    RouteTables: [
      {
        RouteTableId: 'rtb-1',
        VpcId: 'vpc-1',
        Routes: [{ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active' }],
        Associations: [{ Main: true, RouteTableId: 'rtb-1', RouteTableAssociationId: 'rtbassoc-1' }],
      },
    ],
  },
  'describe-internet-gateways.json': {
    InternetGateways: [{ InternetGatewayId: 'igw-1', Attachments: [{ VpcId: 'vpc-1', State: 'available' }] }],
  },
  'describe-nat-gateways.json': { NatGateways: [] },
  'describe-addresses.json': {
    Addresses: [{ PublicIp: '203.0.113.5', AllocationId: 'eipalloc-1', Domain: 'vpc' }],
  },
  'describe-security-groups.json': {
    SecurityGroups: [
      { GroupId: 'sg-1', GroupName: 'default', VpcId: 'vpc-1', OwnerId: '111122223333', IpPermissions: [] },
    ],
  },
  'describe-network-acls.json': {
    NetworkAcls: [{ NetworkAclId: 'acl-1', VpcId: 'vpc-1', IsDefault: true, Entries: [] }],
  },
  'describe-network-interfaces.json': {
    NetworkInterfaces: [{ NetworkInterfaceId: 'eni-1', SubnetId: 'subnet-1' }],
  },
  'describe-instances.json': {
    Reservations: [
      {
        ReservationId: 'r-1',
        Instances: [
          { InstanceId: 'i-1', NetworkInterfaces: [{ NetworkInterfaceId: 'eni-1', SubnetId: 'subnet-1' }] },
          { InstanceId: 'i-2' },
        ],
      },
      { ReservationId: 'r-2', Instances: [{ InstanceId: 'i-3' }] },
    ],
  },
  'describe-flow-logs.json': { FlowLogs: [{ FlowLogId: 'fl-1', ResourceId: 'vpc-1' }] },
  'describe-vpc-peering-connections.json': { VpcPeeringConnections: [] },
  'describe-stale-security-groups-vpc-1.json': {
    StaleSecurityGroupSet: [{ GroupId: 'sg-9', VpcId: 'vpc-1' }],
  },
  'describe-vpc-attribute-vpc-1-dns-support.json': { VpcId: 'vpc-1', EnableDnsSupport: { Value: true } },
  'describe-vpc-attribute-vpc-1-dns-hostnames.json': { VpcId: 'vpc-1', EnableDnsHostnames: { Value: false } },
  'get-caller-identity.json': {
    UserId: 'AIDAEXAMPLE',
    Account: '123456789012',
    Arn: 'arn:aws:iam::123456789012:user/auditor',
  },
};

const FIREWALL_ARN = 'arn:aws:network-firewall:eu-west-1:123456789012:firewall/inspection';

/* The version 2 outputs: `aws ec2 …`, `aws directconnect …` and `aws network-firewall …`. */
const V2_DUMPS: Record<string, unknown> = {
  'describe-managed-prefix-lists.json': {
    PrefixLists: [{ PrefixListId: 'pl-1', PrefixListName: 'corp', AddressFamily: 'IPv4' }],
  },
  'get-managed-prefix-list-entries-pl-1.json': { Entries: [{ Cidr: '192.168.0.0/16' }] },
  'describe-vpc-endpoints.json': { VpcEndpoints: [{ VpcEndpointId: 'vpce-1', VpcId: 'vpc-1' }] },
  'describe-egress-only-internet-gateways.json': {
    EgressOnlyInternetGateways: [
      { EgressOnlyInternetGatewayId: 'eigw-1', Attachments: [{ VpcId: 'vpc-1' }] },
    ],
  },
  'describe-vpc-block-public-access-options.json': {
    VpcBlockPublicAccessOptions: { State: 'update-complete', InternetGatewayBlockMode: 'block-ingress' },
  },
  'describe-vpc-block-public-access-exclusions.json': {
    VpcBlockPublicAccessExclusions: [{ ExclusionId: 'vpcbpa-exclude-1', State: 'create-complete' }],
  },
  'describe-dhcp-options.json': { DhcpOptions: [{ DhcpOptionsId: 'dopt-1' }] },
  'describe-transit-gateways.json': { TransitGateways: [{ TransitGatewayId: 'tgw-1' }] },
  'describe-transit-gateway-attachments.json': {
    TransitGatewayAttachments: [{ TransitGatewayAttachmentId: 'tgw-attach-1', ResourceId: 'vpc-1' }],
  },
  'describe-transit-gateway-vpc-attachments.json': {
    TransitGatewayVpcAttachments: [{ TransitGatewayAttachmentId: 'tgw-attach-1', VpcId: 'vpc-1' }],
  },
  'describe-transit-gateway-peering-attachments.json': { TransitGatewayPeeringAttachments: [] },
  'describe-transit-gateway-route-tables.json': {
    TransitGatewayRouteTables: [{ TransitGatewayRouteTableId: 'tgw-rtb-1', TransitGatewayId: 'tgw-1' }],
  },
  'search-transit-gateway-routes-tgw-rtb-1.json': {
    Routes: [{ DestinationCidrBlock: '10.0.0.0/16', State: 'active', Type: 'propagated' }],
    AdditionalRoutesAvailable: false,
  },
  'get-transit-gateway-route-table-associations-tgw-rtb-1.json': {
    Associations: [{ TransitGatewayAttachmentId: 'tgw-attach-1', State: 'associated' }],
  },
  'get-transit-gateway-route-table-propagations-tgw-rtb-1.json': {
    TransitGatewayRouteTablePropagations: [{ TransitGatewayAttachmentId: 'tgw-attach-1', State: 'enabled' }],
  },
  'describe-vpn-gateways.json': { VpnGateways: [{ VpnGatewayId: 'vgw-1' }] },
  'describe-vpn-connections.json': {
    VpnConnections: [{ VpnConnectionId: 'vpn-1', VgwTelemetry: [{ Status: 'UP' }] }],
  },
  'describe-customer-gateways.json': { CustomerGateways: [{ CustomerGatewayId: 'cgw-1' }] },
  'describe-direct-connect-gateways.json': { directConnectGateways: [{ directConnectGatewayId: 'dxgw-1' }] },
  'describe-direct-connect-gateway-associations-dxgw-1.json': {
    directConnectGatewayAssociations: [{ directConnectGatewayId: 'dxgw-1', associationState: 'associated' }],
  },
  'describe-virtual-interfaces.json': { virtualInterfaces: [{ virtualInterfaceId: 'dxvif-1' }] },
  'list-firewalls.json': { Firewalls: [{ FirewallName: 'inspection', FirewallArn: FIREWALL_ARN }] },
  'describe-firewall-inspection.json': {
    UpdateToken: 't',
    Firewall: { FirewallName: 'inspection', FirewallArn: FIREWALL_ARN, VpcId: 'vpc-1' },
    FirewallStatus: { Status: 'READY' },
  },
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'netaudit-dumps-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(files: Record<string, unknown>): void {
  for (const [name, body] of Object.entries(files)) {
    writeFileSync(join(dir, name), typeof body === 'string' ? body : JSON.stringify(body, null, 2));
  }
}

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as Error).message;
  }
  throw new Error('expected an InputError');
}

describe('importCliDumps', () => {
  it('builds a snapshot from a full set of CLI outputs', () => {
    write({ ...DUMPS, ...V2_DUMPS });
    const { snapshot, read, missing } = importCliDumps(dir, { collectedAt: '2026-11-28T00:00:00Z' });
    expect(snapshot).toMatchObject({
      schemaVersion: 1,
      accountId: '123456789012',
      region: 'eu-west-1',
      collectedAt: '2026-11-28T00:00:00Z',
      errors: [],
    });
    expect(snapshot.vpcs.map((v) => v.VpcId)).toEqual(['vpc-1']);
    expect(snapshot.subnets).toHaveLength(2);
    expect(snapshot.instances.map((i) => i.InstanceId)).toEqual(['i-1', 'i-2', 'i-3']);
    // The copy of an instance's interfaces is dropped: networkInterfaces has them in full.
    expect(snapshot.instances[0]).toEqual({ InstanceId: 'i-1' });
    expect(snapshot.staleSecurityGroups).toEqual([{ GroupId: 'sg-9', VpcId: 'vpc-1' }]);
    expect(snapshot.vpcAttributes).toEqual({
      'vpc-1': { EnableDnsSupport: true, EnableDnsHostnames: false },
    });
    expect(snapshot.internetGateways[0]?.Attachments).toEqual([{ VpcId: 'vpc-1', State: 'available' }]);
    expect(missing).toEqual([]);
    expect(read).toContain('describe-instances.json');
    expect(read).toContain('describe-stale-security-groups-vpc-1.json');
    expect(read).toContain('describe-vpc-attribute-vpc-1-dns-support.json');
    // Every file but the identity, which names the account and holds no list.
    expect([...read].sort()).toEqual(
      Object.keys({ ...DUMPS, ...V2_DUMPS })
        .filter((f) => f !== 'get-caller-identity.json')
        .sort(),
    );
  });

  it('reads the version 2 outputs, merging each per-item file into its item', () => {
    write({ ...DUMPS, ...V2_DUMPS });
    const { snapshot } = importCliDumps(dir);

    expect(V2_PARTS.filter((part) => snapshot[part] === undefined)).toEqual([]);
    expect(buildIndex(snapshot).missingParts.size).toBe(0);
    expect(snapshot.managedPrefixLists).toEqual([
      {
        PrefixListId: 'pl-1',
        PrefixListName: 'corp',
        AddressFamily: 'IPv4',
        Entries: [{ Cidr: '192.168.0.0/16' }],
      },
    ]);
    expect(snapshot.vpcBlockPublicAccessOptions).toEqual({
      State: 'update-complete',
      InternetGatewayBlockMode: 'block-ingress',
    });
    expect(snapshot.transitGatewayRouteTables).toEqual([
      {
        TransitGatewayRouteTableId: 'tgw-rtb-1',
        TransitGatewayId: 'tgw-1',
        Routes: [{ DestinationCidrBlock: '10.0.0.0/16', State: 'active', Type: 'propagated' }],
        Associations: [{ TransitGatewayAttachmentId: 'tgw-attach-1', State: 'associated' }],
        Propagations: [{ TransitGatewayAttachmentId: 'tgw-attach-1', State: 'enabled' }],
      },
    ]);
    expect(snapshot.vpnConnections).toEqual([{ VpnConnectionId: 'vpn-1', VgwTelemetry: [{ Status: 'UP' }] }]);
    expect(snapshot.directConnectGatewayAssociations).toEqual([
      { directConnectGatewayId: 'dxgw-1', associationState: 'associated' },
    ]);
    expect(snapshot.virtualInterfaces).toEqual([{ virtualInterfaceId: 'dxvif-1' }]);
    expect(snapshot.networkFirewalls).toEqual([
      {
        FirewallName: 'inspection',
        FirewallArn: FIREWALL_ARN,
        VpcId: 'vpc-1',
        FirewallStatus: { Status: 'READY' },
      },
    ]);
  });

  it('leaves a version 2 list out when its file is absent, without an error: a version 1 dump still imports', () => {
    write(DUMPS);
    const { snapshot, missing } = importCliDumps(dir);

    expect(snapshot.errors).toEqual([]);
    expect(V2_PARTS.filter((part) => snapshot[part] !== undefined)).toEqual([]);
    expect([...buildIndex(snapshot).missingParts].sort()).toEqual([...V2_PARTS].sort());
    expect(missing).toEqual(
      expect.arrayContaining([
        'describe-vpc-endpoints.json',
        'describe-virtual-interfaces.json',
        'list-firewalls.json',
      ]),
    );
  });

  it('records an absent per-item file as NotProvided, so its whole list counts as not collected', () => {
    const {
      'get-managed-prefix-list-entries-pl-1.json': _entries,
      'get-transit-gateway-route-table-propagations-tgw-rtb-1.json': _propagations,
      'describe-firewall-inspection.json': _firewall,
      ...partial
    } = V2_DUMPS;
    write({ ...DUMPS, ...partial });
    const { snapshot, missing } = importCliDumps(dir);

    expect([...snapshot.errors].sort((a, b) => a.api.localeCompare(b.api))).toEqual([
      {
        api: 'DescribeFirewall',
        code: 'NotProvided',
        message: `describe-firewall-inspection.json is not in ${dir}`,
      },
      {
        api: 'GetManagedPrefixListEntries',
        code: 'NotProvided',
        message: `get-managed-prefix-list-entries-pl-1.json is not in ${dir}`,
      },
      {
        api: 'GetTransitGatewayRouteTablePropagations',
        code: 'NotProvided',
        message: `get-transit-gateway-route-table-propagations-tgw-rtb-1.json is not in ${dir}`,
      },
    ]);
    expect(missing).toContain('get-managed-prefix-list-entries-pl-1.json');
    expect(snapshot.managedPrefixLists?.[0]).not.toHaveProperty('Entries');
    // A firewall that was only listed is left out: the list holds nothing but its name.
    expect(snapshot.networkFirewalls).toEqual([]);
    expect([...buildIndex(snapshot).missingParts].sort()).toEqual([
      'managedPrefixLists',
      'networkFirewalls',
      'transitGatewayRouteTables',
    ]);
  });

  it('records a route search that says more routes exist as truncated', () => {
    write({
      ...DUMPS,
      ...V2_DUMPS,
      'search-transit-gateway-routes-tgw-rtb-1.json': { Routes: [], AdditionalRoutesAvailable: true },
    });
    const { snapshot } = importCliDumps(dir);

    expect(snapshot.errors).toEqual([
      {
        api: 'SearchTransitGatewayRoutes',
        code: 'TruncatedResults',
        message:
          'search-transit-gateway-routes-tgw-rtb-1.json says more routes exist (AdditionalRoutesAvailable) than it holds',
      },
    ]);
    expect([...buildIndex(snapshot).missingParts]).toEqual(['transitGatewayRouteTables']);
  });

  it('names the AWS CLI command of a version 2 file of the wrong shape', () => {
    write({ ...DUMPS, 'describe-direct-connect-gateways.json': [] });
    expect(errorOf(() => importCliDumps(dir))).toBe(
      `${join(dir, 'describe-direct-connect-gateways.json')}: expected the JSON object that \`aws directconnect describe-direct-connect-gateways\` prints`,
    );
    write({
      ...DUMPS,
      'describe-direct-connect-gateways.json': { directConnectGateways: [] },
      'list-firewalls.json': 1,
    });
    expect(errorOf(() => importCliDumps(dir))).toBe(
      `${join(dir, 'list-firewalls.json')}: expected the JSON object that \`aws network-firewall list-firewalls\` prints`,
    );
  });

  describe('ids that are not AWS ids', () => {
    afterEach(() => {
      for (const key of ['EnableDnsSupport', 'EnableDnsHostnames', 'polluted']) {
        delete (Object.prototype as Record<string, unknown>)[key];
      }
    });

    it.each(['__proto__', 'constructor', 'prototype'])('refuses a VPC id of %s, naming the file', (vpcId) => {
      write({
        ...DUMPS,
        'describe-vpc-attribute-x.json': { VpcId: vpcId, EnableDnsSupport: { Value: true } },
      });
      expect(errorOf(() => importCliDumps(dir))).toBe(
        `${join(dir, 'describe-vpc-attribute-x.json')}: item 0 has VpcId "${vpcId}", which is not an AWS id`,
      );
      expect(({} as Record<string, unknown>).EnableDnsSupport).toBeUndefined();
    });

    it('refuses one in any list, v1 or v2, and never touches Object.prototype', () => {
      // What JSON.parse makes of it: an own "__proto__" member, as a crafted file would hold.
      write({ ...DUMPS, 'describe-vpcs.json': '{"Vpcs":[{"VpcId":"__proto__","CidrBlock":"10.0.0.0/16"}]}' });
      expect(errorOf(() => importCliDumps(dir))).toBe(
        `${join(dir, 'describe-vpcs.json')}: item 0 has VpcId "__proto__", which is not an AWS id`,
      );
      write({
        ...DUMPS,
        ...V2_DUMPS,
        'describe-direct-connect-gateways.json': {
          directConnectGateways: [{ directConnectGatewayId: 'constructor' }],
        },
      });
      expect(errorOf(() => importCliDumps(dir))).toBe(
        `${join(dir, 'describe-direct-connect-gateways.json')}: item 0 has directConnectGatewayId "constructor", which is not an AWS id`,
      );
      expect(Object.keys(Object.prototype)).toEqual([]);
    });

    it('refuses an id that would name a file outside the folder', () => {
      write({
        ...DUMPS,
        'describe-managed-prefix-lists.json': { PrefixLists: [{ PrefixListId: '../../etc/x' }] },
      });
      expect(errorOf(() => importCliDumps(dir))).toBe(
        `${join(dir, 'describe-managed-prefix-lists.json')}: PrefixListId "../../etc/x" cannot name a file`,
      );
    });
  });

  it('records every absent file as a NotProvided collection error for its API', () => {
    write({ 'describe-subnets.json': DUMPS['describe-subnets.json'] });
    const { snapshot, missing } = importCliDumps(dir, { accountId: '123456789012' });
    const apis = snapshot.errors.map((e) => e.api).sort();
    expect(apis).toEqual(
      [
        'DescribeAddresses',
        'DescribeFlowLogs',
        'DescribeInstances',
        'DescribeInternetGateways',
        'DescribeNatGateways',
        'DescribeNetworkAcls',
        'DescribeNetworkInterfaces',
        'DescribeRouteTables',
        'DescribeSecurityGroups',
        'DescribeStaleSecurityGroups',
        'DescribeVpcAttribute',
        'DescribeVpcPeeringConnections',
        'DescribeVpcs',
      ].sort(),
    );
    expect(snapshot.errors.every((e) => e.code === 'NotProvided' && e.message.length > 0)).toBe(true);
    expect(snapshot.errors.some((e) => e.vpcId !== undefined)).toBe(false);
    expect(missing).toContain('describe-nat-gateways.json');
    expect(missing).toContain('describe-instances.json');
    expect(missing).toContain('describe-stale-security-groups*.json');
    expect(missing).toContain('describe-vpc-attribute*.json');
    expect(snapshot.natGateways).toEqual([]);
    expect(snapshot.instances).toEqual([]);
  });

  it('reads the region from the subnets’ Availability Zones', () => {
    write({ 'describe-subnets.json': DUMPS['describe-subnets.json'] });
    expect(importCliDumps(dir, { accountId: '123456789012' }).snapshot.region).toBe('eu-west-1');
  });

  it('reads the region of a Local Zone subnet as its parent region', () => {
    write({
      'describe-subnets.json': {
        Subnets: [{ SubnetId: 'subnet-lz', VpcId: 'vpc-1', AvailabilityZone: 'us-west-2-lax-1a' }],
      },
    });
    expect(importCliDumps(dir, { accountId: '123456789012' }).snapshot.region).toBe('us-west-2');
  });

  it('prefers explicit region and account options', () => {
    write(DUMPS);
    const { snapshot } = importCliDumps(dir, { region: 'cn-north-1', accountId: '999988887777' });
    expect(snapshot.region).toBe('cn-north-1');
    expect(snapshot.accountId).toBe('999988887777');
  });

  it('takes the account from get-caller-identity.json, else from an owner id', () => {
    write(DUMPS);
    expect(importCliDumps(dir).snapshot.accountId).toBe('123456789012');
    rmSync(join(dir, 'get-caller-identity.json'));
    expect(importCliDumps(dir).snapshot.accountId).toBe('111122223333');
  });

  it('stamps collectedAt from the newest file when not given (second precision)', () => {
    write(DUMPS);
    expect(importCliDumps(dir).snapshot.collectedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('says so when it cannot tell the region', () => {
    write({ 'describe-vpcs.json': DUMPS['describe-vpcs.json'] });
    expect(errorOf(() => importCliDumps(dir))).toBe(`cannot tell the region of ${dir}: pass --region`);
  });

  it('says so when it cannot tell the account', () => {
    write({ 'describe-subnets.json': DUMPS['describe-subnets.json'] });
    expect(errorOf(() => importCliDumps(dir))).toMatch(/^cannot tell the account of /);
  });

  it('rejects a missing directory and a file given as the directory', () => {
    const nowhere = join(dir, 'nowhere');
    expect(errorOf(() => importCliDumps(nowhere))).toBe(`directory not found: ${nowhere}`);
    write({ 'plain.txt': 'x' });
    expect(errorOf(() => importCliDumps(join(dir, 'plain.txt')))).toBe(
      `not a directory: ${join(dir, 'plain.txt')}`,
    );
  });

  it('rejects a file of the wrong shape, naming it and what it should hold', () => {
    write({ ...DUMPS, 'describe-vpcs.json': { Subnets: [] } });
    expect(errorOf(() => importCliDumps(dir))).toBe(
      `${join(dir, 'describe-vpcs.json')}: expected a "Vpcs" list`,
    );
    write({ 'describe-vpcs.json': [] });
    expect(errorOf(() => importCliDumps(dir))).toBe(
      `${join(dir, 'describe-vpcs.json')}: expected the JSON object that \`aws ec2 describe-vpcs\` prints`,
    );
    write({
      'describe-vpcs.json': DUMPS['describe-vpcs.json'],
      'describe-instances.json': { Instances: [] },
    });
    expect(errorOf(() => importCliDumps(dir))).toBe(
      `${join(dir, 'describe-instances.json')}: expected a "Reservations" list`,
    );
  });

  it('rejects a vpc-attribute file without a VpcId', () => {
    write({ ...DUMPS, 'describe-vpc-attribute-x.json': { EnableDnsSupport: { Value: true } } });
    expect(errorOf(() => importCliDumps(dir))).toBe(
      `${join(dir, 'describe-vpc-attribute-x.json')}: expected a "VpcId"`,
    );
  });

  it('reports invalid JSON in a dump with its position', () => {
    write({ ...DUMPS, 'describe-nat-gateways.json': '{\n  "NatGateways": [\n}' });
    expect(errorOf(() => importCliDumps(dir))).toMatch(/describe-nat-gateways\.json:3:1: invalid JSON: /);
  });

  it('validates the imported data like any snapshot', () => {
    write({ ...DUMPS, 'describe-security-groups.json': { SecurityGroups: [{ GroupName: 'web' }] } });
    expect(errorOf(() => importCliDumps(dir))).toContain('securityGroups[0].GroupId: required');
  });
});
