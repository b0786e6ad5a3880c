import type { NetworkAcl, NetworkInterface } from '@aws-sdk/client-ec2';
import { SnapshotIndex } from '../../lambda/engine/snapshot-index';
import { answerPath } from '../../lambda/paths/explain';
import type { OnPremisesNetwork } from '../../lambda/paths/endpoints';
import type { PathAnswer } from '../../lambda/paths/types';
import { World } from '../../lambda/paths/world';
import type {
  Snapshot,
  TransitGatewayAttachment,
  TransitGatewayRoute,
  TransitGatewayRouteTableWithRoutes,
} from '../../lambda/snapshot/types';
import {
  tgwRouteTable,
  tgwVpcAttachment,
  toTgw,
  toVgw,
  transitGateway,
  virtualInterface,
  vpnConnection,
  vpnGateway,
} from '../support/hybrid';
import { NetworkBuilder, toIgw, toNat } from '../support/network-builder';
import { all, tcp } from '../support/permissions';
import { trail } from '../support/paths';

/*
 * Transit gateways, virtual private gateways, VPN and Direct Connect as the path engine follows them,
 * each case from AWS's documented behaviour (Amazon VPC Transit Gateways: how transit gateways work,
 * network ACLs for transit gateways; Site-to-Site VPN: tunnels, static and dynamic routing; route
 * propagation).
 */

const OFFICE: OnPremisesNetwork[] = [{ name: 'office', cidrs: ['192.168.1.0/24'] }];

function ask(
  snapshots: Snapshot[],
  source: string,
  destination: string,
  port = 443,
  networks: OnPremisesNetwork[] = OFFICE,
): PathAnswer {
  const world = World.of(snapshots.map((s) => new SnapshotIndex(s)));
  return answerPath(world, { source, destination, protocol: 'tcp', port }, networks);
}

function readdress(eni: NetworkInterface, ip: string): void {
  eni.PrivateIpAddress = ip;
  eni.PrivateIpAddresses = [{ PrivateIpAddress: ip, Primary: true }];
}

/** A route a transit gateway route table holds, with the attachment's type as SearchTransitGatewayRoutes returns it. */
function route(
  cidr: string,
  attachment: string | undefined,
  resource: { type: TransitGatewayAttachment['ResourceType']; id: string } | undefined,
  o: { state?: 'active' | 'blackhole'; type?: 'static' | 'propagated' } = {},
): TransitGatewayRoute {
  return {
    DestinationCidrBlock: cidr,
    State: o.state ?? 'active',
    Type: o.type ?? 'propagated',
    TransitGatewayAttachments: attachment
      ? [
          {
            TransitGatewayAttachmentId: attachment,
            ...(resource ? { ResourceType: resource.type, ResourceId: resource.id } : {}),
          },
        ]
      : [],
  };
}

/**
 * Two VPCs of one account on transit gateway tgw-1: app (10.1.0.0/16, instance 10.1.1.10 in zone a) and
 * shared (10.2.0.0/16, instance 10.2.1.10 accepting 5432 from 10.0.0.0/8), each attached through a small
 * subnet of its own, one route table propagating both.
 */
function twoVpcs() {
  const net = new NetworkBuilder({ region: 'eu-west-1', accountId: '111111111111' });
  const app = net.vpc({ id: 'vpc-app', cidr: '10.1.0.0/16' });
  const shared = net.vpc({ id: 'vpc-shared', cidr: '10.2.0.0/16' });
  const appSubnet = net.subnet({
    vpc: app,
    id: 'subnet-app',
    cidr: '10.1.1.0/24',
    az: 'eu-west-1a',
    routes: [toTgw('tgw-1', '10.0.0.0/8'), toTgw('tgw-1', '192.168.0.0/16')],
  });
  const appAttach = net.subnet({ vpc: app, id: 'subnet-app-tgw', cidr: '10.1.255.0/28', az: 'eu-west-1a' });
  const sharedSubnet = net.subnet({
    vpc: shared,
    id: 'subnet-shared',
    cidr: '10.2.1.0/24',
    az: 'eu-west-1a',
    routes: [toTgw('tgw-1', '10.0.0.0/8')],
  });
  const sharedAttach = net.subnet({
    vpc: shared,
    id: 'subnet-shared-tgw',
    cidr: '10.2.255.0/28',
    az: 'eu-west-1a',
  });
  const appGroup = net.securityGroup({ vpc: app, id: 'sg-app' });
  const dbGroup = net.securityGroup({ vpc: shared, id: 'sg-db', ingress: [tcp(5432).from('10.0.0.0/8')] });
  const { eni: appEni } = net.instance({ subnet: appSubnet, id: 'i-app', groups: [appGroup] });
  const { eni: dbEni } = net.instance({ subnet: sharedSubnet, id: 'i-db', groups: [dbGroup] });
  readdress(appEni, '10.1.1.10');
  readdress(dbEni, '10.2.1.10');
  const s = net.snapshot();
  transitGateway(s, { id: 'tgw-1' });
  tgwVpcAttachment(s, { id: 'tgw-attach-app', tgw: 'tgw-1', vpc: app, subnets: [appAttach] });
  tgwVpcAttachment(s, { id: 'tgw-attach-shared', tgw: 'tgw-1', vpc: shared, subnets: [sharedAttach] });
  s.transitGatewayAttachments = [
    {
      TransitGatewayAttachmentId: 'tgw-attach-app',
      TransitGatewayId: 'tgw-1',
      ResourceType: 'vpc',
      ResourceId: 'vpc-app',
      ResourceOwnerId: '111111111111',
      TransitGatewayOwnerId: '111111111111',
      State: 'available',
    },
    {
      TransitGatewayAttachmentId: 'tgw-attach-shared',
      TransitGatewayId: 'tgw-1',
      ResourceType: 'vpc',
      ResourceId: 'vpc-shared',
      ResourceOwnerId: '111111111111',
      TransitGatewayOwnerId: '111111111111',
      State: 'available',
    },
  ];
  const table = tgwRouteTable(s, {
    id: 'tgw-rtb-1',
    associations: ['tgw-attach-app', 'tgw-attach-shared'],
    routes: [
      route('10.1.0.0/16', 'tgw-attach-app', { type: 'vpc', id: 'vpc-app' }),
      route('10.2.0.0/16', 'tgw-attach-shared', { type: 'vpc', id: 'vpc-shared' }),
    ],
  });
  return { s, table };
}

const tableOf = (s: Snapshot, id: string): TransitGatewayRouteTableWithRoutes =>
  s.transitGatewayRouteTables!.find((t) => t.TransitGatewayRouteTableId === id)!;

/** tgw-1 in eu-west-1 peered with tgw-2 in us-east-1 (account 222222222222), where vpc-far holds 10.5.1.10. */
function peered() {
  const { s } = twoVpcs();
  const peering = {
    TransitGatewayAttachmentId: 'tgw-attach-peer',
    State: 'available' as const,
    RequesterTgwInfo: { TransitGatewayId: 'tgw-1', OwnerId: '111111111111', Region: 'eu-west-1' },
    AccepterTgwInfo: { TransitGatewayId: 'tgw-2', OwnerId: '222222222222', Region: 'us-east-1' },
  };
  s.transitGatewayPeeringAttachments = [peering];
  const t = tableOf(s, 'tgw-rtb-1');
  t.Associations!.push({ TransitGatewayAttachmentId: 'tgw-attach-peer', State: 'associated' });
  t.Routes!.push(
    route('10.5.0.0/16', 'tgw-attach-peer', { type: 'peering', id: 'tgw-2' }, { type: 'static' }),
  );

  const net = new NetworkBuilder({ region: 'us-east-1', accountId: '222222222222' });
  const far = net.vpc({ id: 'vpc-far', cidr: '10.5.0.0/16' });
  const subnet = net.subnet({
    vpc: far,
    id: 'subnet-far',
    cidr: '10.5.1.0/24',
    az: 'us-east-1a',
    routes: [toTgw('tgw-2', '10.0.0.0/8')],
  });
  const group = net.securityGroup({ vpc: far, id: 'sg-far', ingress: [tcp(443).from('10.1.0.0/16')] });
  const { eni } = net.instance({ subnet, id: 'i-far', groups: [group] });
  readdress(eni, '10.5.1.10');
  const o = net.snapshot();
  transitGateway(o, { id: 'tgw-2' });
  tgwVpcAttachment(o, { id: 'tgw-attach-far', tgw: 'tgw-2', vpc: far, subnets: [subnet] });
  o.transitGatewayPeeringAttachments = [{ ...peering }];
  tgwRouteTable(o, {
    id: 'tgw-rtb-2',
    tgw: 'tgw-2',
    associations: ['tgw-attach-far', 'tgw-attach-peer'],
    routes: [
      route('10.5.0.0/16', 'tgw-attach-far', { type: 'vpc', id: 'vpc-far' }),
      route('10.1.0.0/16', 'tgw-attach-peer', { type: 'peering', id: 'tgw-1' }, { type: 'static' }),
    ],
  });
  return { s, o };
}

/**
 * A VPN on tgw-1 through attachment `attachment`, associated with tgw-rtb-1, which routes `cidr` (when given)
 * to it, as propagation from the VPN attachment would.
 */
function tgwVpn(
  s: Snapshot,
  o: { attachment: string; vpn: string; cidr?: string; tunnels?: ('UP' | 'DOWN')[] },
): void {
  vpnConnection(s, { id: o.vpn, tgw: 'tgw-1', ...(o.tunnels ? { tunnels: o.tunnels } : {}) });
  s.transitGatewayAttachments!.push({
    TransitGatewayAttachmentId: o.attachment,
    TransitGatewayId: 'tgw-1',
    ResourceType: 'vpn',
    ResourceId: o.vpn,
    State: 'available',
  });
  const t = tableOf(s, 'tgw-rtb-1');
  t.Associations!.push({ TransitGatewayAttachmentId: o.attachment, State: 'associated' });
  if (o.cidr) t.Routes!.push(route(o.cidr, o.attachment, { type: 'vpn', id: o.vpn }));
}

/** Gives one subnet a NACL of its own, taking it away from the one it had. */
function useNacl(s: Snapshot, subnetId: string, acl: NetworkAcl): void {
  for (const other of s.networkAcls) {
    other.Associations = (other.Associations ?? []).filter((a) => a.SubnetId !== subnetId);
  }
  s.networkAcls.push({ ...acl, Associations: [{ SubnetId: subnetId, NetworkAclId: acl.NetworkAclId }] });
}

/** SSH from the office is what the app's group admits. */
const admitOfficeSsh = (s: Snapshot): void => {
  s.securityGroups.find((g) => g.GroupId === 'sg-app')!.IpPermissions = [
    { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '192.168.1.0/24' }] },
  ];
};

/** Two VPN attachments to the office on tgw-1; the route to the office is an ECMP set in `order`. */
function withVpnAttachments(s: Snapshot, order: string[]) {
  tgwVpn(s, { attachment: 'tgw-attach-vpn1', vpn: 'vpn-1' });
  tgwVpn(s, { attachment: 'tgw-attach-vpn2', vpn: 'vpn-2' });
  tableOf(s, 'tgw-rtb-1').Routes!.push({
    DestinationCidrBlock: '192.168.1.0/24',
    State: 'active',
    Type: 'propagated',
    TransitGatewayAttachments: order.map((a) => ({
      TransitGatewayAttachmentId: a,
      ResourceType: 'vpn' as const,
      ResourceId: a === 'tgw-attach-vpn1' ? 'vpn-1' : 'vpn-2',
    })),
  });
  admitOfficeSsh(s);
}

describe('transit gateway: VPC to VPC', () => {
  it('works through the attachments, the route table and the way back', () => {
    const { s } = twoVpcs();
    const answer = ask([s], 'i-app', '10.2.1.10', 5432);
    expect(answer.verdict).toBe('works');
    expect(trail(answer)).toEqual([
      'instance i-app PASS',
      'security-group sg-app PASS',
      'network-acl acl-1 PASS',
      'route-table rtb-3 PASS',
      'transit-gateway-attachment tgw-attach-app PASS',
      'network-acl acl-1 PASS',
      'transit-gateway-route-table tgw-rtb-1 PASS',
      'transit-gateway-attachment tgw-attach-shared PASS',
      // Out of the attachment subnet (its outbound rules), by its table (the shared VPC's main one), into
      // the database's subnet.
      'network-acl acl-2 PASS',
      'route-table rtb-2 PASS',
      'network-acl acl-2 PASS',
      'security-group sg-db PASS',
      'instance i-db PASS',
      'back: network-acl acl-2 PASS',
      'back: route-table rtb-4 PASS',
      'back: network-acl acl-2 PASS',
      'back: transit-gateway-route-table tgw-rtb-1 PASS',
      'back: network-acl acl-1 PASS',
      'back: network-acl acl-1 PASS',
    ]);
  });

  it('is broken at a blackhole route of the transit gateway route table', () => {
    const { s } = twoVpcs();
    tableOf(s, 'tgw-rtb-1').Routes![1] = route('10.2.0.0/16', undefined, undefined, {
      state: 'blackhole',
      type: 'static',
    });
    const answer = ask([s], 'i-app', '10.2.1.10', 5432);
    expect(answer.brokenHop).toMatchObject({
      kind: 'transit-gateway-route-table',
      resourceId: 'tgw-rtb-1',
      direction: 'forward',
    });
    expect(answer.brokenHop?.message).toContain('drops 10.2.1.10');
  });

  it('is broken when the table has no route for the destination (propagation not enabled)', () => {
    const { s } = twoVpcs();
    tableOf(s, 'tgw-rtb-1').Routes!.pop();
    const answer = ask([s], 'i-app', '10.2.1.10', 5432);
    expect(answer.brokenHop).toMatchObject({ kind: 'transit-gateway-route-table', resourceId: 'tgw-rtb-1' });
    expect(answer.brokenHop?.fix).toContain('Propagate the attachment');
  });

  it('a static route wins over a propagated one of the same prefix', () => {
    const { s } = twoVpcs();
    tableOf(s, 'tgw-rtb-1').Routes!.push(
      route('10.2.0.0/16', undefined, undefined, { state: 'blackhole', type: 'static' }),
    );
    expect(ask([s], 'i-app', '10.2.1.10', 5432).brokenHop?.resourceId).toBe('tgw-rtb-1');
  });

  it('is broken when the attachment has no subnet in the source Availability Zone', () => {
    const { s } = twoVpcs();
    s.subnets.find((x) => x.SubnetId === 'subnet-app-tgw')!.AvailabilityZone = 'eu-west-1b';
    const answer = ask([s], 'i-app', '10.2.1.10', 5432);
    expect(answer.brokenHop).toMatchObject({
      kind: 'transit-gateway-attachment',
      resourceId: 'tgw-attach-app',
    });
    expect(answer.brokenHop?.message).toBe(
      'tgw-attach-app has no subnet in eu-west-1a (only eu-west-1b): traffic from eu-west-1a cannot reach tgw-1',
    );
  });

  it('is broken on the way back when the destination attachment has no subnet in its zone', () => {
    const { s } = twoVpcs();
    s.subnets.find((x) => x.SubnetId === 'subnet-shared')!.AvailabilityZone = 'eu-west-1c';
    const answer = ask([s], 'i-app', '10.2.1.10', 5432);
    expect(answer.brokenHop).toMatchObject({ resourceId: 'tgw-attach-shared', direction: 'return' });
  });

  it('is broken on the way back when the destination subnet routes the replies elsewhere', () => {
    const { s } = twoVpcs();
    const shared = s.routeTables.find((t) => t.Associations?.some((a) => a.SubnetId === 'subnet-shared'))!;
    shared.Routes = shared.Routes!.filter((r) => !r.TransitGatewayId);
    const answer = ask([s], 'i-app', '10.2.1.10', 5432);
    expect(answer.brokenHop).toMatchObject({ kind: 'route-table', direction: 'return' });
    expect(answer.brokenHop?.message).toContain('not back through tgw-1');
  });

  it("is broken on the way back when the destination attachment's table has no route to the source", () => {
    const { s } = twoVpcs();
    const t = tableOf(s, 'tgw-rtb-1');
    t.Associations = [{ TransitGatewayAttachmentId: 'tgw-attach-app', State: 'associated' }];
    tgwRouteTable(s, {
      id: 'tgw-rtb-shared',
      associations: ['tgw-attach-shared'],
      routes: [route('10.2.0.0/16', 'tgw-attach-shared', { type: 'vpc', id: 'vpc-shared' })],
    });
    const answer = ask([s], 'i-app', '10.2.1.10', 5432);
    expect(answer.brokenHop).toMatchObject({
      kind: 'transit-gateway-route-table',
      resourceId: 'tgw-rtb-shared',
      direction: 'return',
    });
    expect(answer.brokenHop?.message).toContain('requests arrive, replies are lost');
  });

  it('checks the attachment subnet NACL: inbound from the sender, outbound towards the destination', () => {
    const { s } = twoVpcs();
    const acl = {
      NetworkAclId: 'acl-tgw',
      VpcId: 'vpc-app',
      IsDefault: false,
      Entries: [
        {
          RuleNumber: 100,
          Protocol: '-1',
          RuleAction: 'deny' as const,
          Egress: false,
          CidrBlock: '10.1.1.0/24',
        },
        {
          RuleNumber: 200,
          Protocol: '-1',
          RuleAction: 'allow' as const,
          Egress: false,
          CidrBlock: '0.0.0.0/0',
        },
        {
          RuleNumber: 100,
          Protocol: '-1',
          RuleAction: 'allow' as const,
          Egress: true,
          CidrBlock: '0.0.0.0/0',
        },
      ],
    };
    useNacl(s, 'subnet-app-tgw', acl);
    const answer = ask([s], 'i-app', '10.2.1.10', 5432);
    expect(answer.brokenHop).toMatchObject({
      kind: 'network-acl',
      resourceId: 'acl-tgw',
      direction: 'forward',
    });
  });

  it("applies no NACL to what the gateway sends back into the sender's own subnet", () => {
    const { s } = twoVpcs();
    const attachment = s.transitGatewayVpcAttachments!.find(
      (a) => a.TransitGatewayAttachmentId === 'tgw-attach-app',
    )!;
    attachment.SubnetIds = ['subnet-app'];
    const answer = ask([s], 'i-app', '10.2.1.10', 5432);
    expect(answer.verdict).toBe('works');
    // The app subnet's NACL is crossed on the way out (outbound, then inbound into the attachment), not back.
    expect(answer.returnPath.filter((h) => h.resourceId === 'acl-1')).toHaveLength(0);
  });
});

describe('transit gateway: centralised egress', () => {
  /** App VPC 10.1.0.0/16 sends 0.0.0.0/0 to tgw-1, whose table sends it to an egress VPC with a NAT gateway. */
  function egressVpc(returnRoute = true) {
    const { s } = twoVpcs();
    const net = new NetworkBuilder({ region: 'eu-west-1', accountId: '111111111111' });
    const egress = net.vpc({ id: 'vpc-egress', cidr: '10.9.0.0/16' });
    const igw = net.internetGateway({ vpc: egress, id: 'igw-egress' });
    const publicSubnet = net.subnet({
      vpc: egress,
      id: 'subnet-egress-public',
      cidr: '10.9.0.0/24',
      az: 'eu-west-1a',
      routes: [toIgw(igw), ...(returnRoute ? [toTgw('tgw-1', '10.0.0.0/8')] : [])],
    });
    const nat = net.natGateway({ subnet: publicSubnet, id: 'nat-egress' });
    const attach = net.subnet({
      vpc: egress,
      id: 'subnet-egress-tgw',
      cidr: '10.9.255.0/28',
      az: 'eu-west-1a',
      routes: [toNat(nat)],
    });
    const e = net.snapshot();
    for (const key of [
      'vpcs',
      'subnets',
      'routeTables',
      'internetGateways',
      'natGateways',
      'networkAcls',
      'securityGroups',
    ] as const) {
      (s[key] as unknown[]).push(...(e[key] as unknown[]));
    }
    tgwVpcAttachment(s, { id: 'tgw-attach-egress', tgw: 'tgw-1', vpc: egress, subnets: [attach] });
    const table = tableOf(s, 'tgw-rtb-1');
    table.Associations!.push({ TransitGatewayAttachmentId: 'tgw-attach-egress', State: 'associated' });
    table.Routes!.push(
      route('0.0.0.0/0', 'tgw-attach-egress', { type: 'vpc', id: 'vpc-egress' }, { type: 'static' }),
    );
    s.routeTables
      .find((t) => t.Associations?.some((a) => a.SubnetId === 'subnet-app'))!
      .Routes!.push(toTgw('tgw-1', '0.0.0.0/0'));
    return s;
  }

  it("reaches the internet through the egress VPC's NAT gateway", () => {
    const answer = ask([egressVpc()], 'i-app', 'internet');
    expect(answer.verdict).toBe('works');
    expect(trail(answer)).toEqual(
      expect.arrayContaining([
        'transit-gateway-route-table tgw-rtb-1 PASS',
        'transit-gateway-attachment tgw-attach-egress PASS',
        'nat-gateway nat-egress PASS',
        'internet-gateway igw-egress PASS',
      ]),
    );
  });

  it('is broken on the way back when the NAT subnet has no route back to the transit gateway', () => {
    const answer = ask([egressVpc(false)], 'i-app', 'internet');
    expect(answer.brokenHop).toMatchObject({ kind: 'route-table', direction: 'return' });
    expect(answer.brokenHop?.message).toContain('not back through tgw-1');
  });
});

describe('transit gateway: VPN and Direct Connect attachments', () => {
  function toOffice(tunnels: ('UP' | 'DOWN')[]) {
    const { s } = twoVpcs();
    tgwVpn(s, { attachment: 'tgw-attach-vpn', vpn: 'vpn-office', cidr: '192.168.1.0/24', tunnels });
    return s;
  }

  it('works up to the tunnels, and says the on-premises side is not seen', () => {
    const answer = ask([toOffice(['UP', 'UP'])], 'i-app', 'office', 3306);
    expect(answer.verdict).toBe('works');
    expect(answer.hops.at(-1)?.message).toContain(
      'the on-premises side (its routes and firewalls) is not seen',
    );
  });

  it('is broken when both tunnels are down', () => {
    const answer = ask([toOffice(['DOWN', 'DOWN'])], 'i-app', 'office', 3306);
    expect(answer.brokenHop).toMatchObject({ kind: 'vpn-connection', resourceId: 'vpn-office' });
  });

  it('works with a warning when one tunnel is down', () => {
    const answer = ask([toOffice(['UP', 'DOWN'])], 'i-app', 'office', 3306);
    expect(answer.verdict).toBe('works');
    expect(answer.warnings).toEqual([
      expect.objectContaining({
        resourceId: 'vpn-office',
        message: expect.stringContaining('1 of 2 tunnels'),
      }),
    ]);
  });

  it('follows a Direct Connect gateway attachment to its virtual interfaces', () => {
    const { s } = twoVpcs();
    s.transitGatewayAttachments!.push({
      TransitGatewayAttachmentId: 'tgw-attach-dx',
      TransitGatewayId: 'tgw-1',
      ResourceType: 'direct-connect-gateway',
      ResourceId: 'dxgw-1',
      State: 'available',
    });
    const t = tableOf(s, 'tgw-rtb-1');
    t.Associations!.push({ TransitGatewayAttachmentId: 'tgw-attach-dx', State: 'associated' });
    t.Routes!.push(
      route('192.168.0.0/16', 'tgw-attach-dx', { type: 'direct-connect-gateway', id: 'dxgw-1' }),
    );
    const vif = virtualInterface(s, { id: 'dxvif-1', bgp: ['down'] });
    vif.directConnectGatewayId = 'dxgw-1';
    expect(ask([s], 'i-app', 'office', 3306).brokenHop).toMatchObject({
      kind: 'direct-connect',
      resourceId: 'dxvif-1',
    });
    vif.bgpPeers![0]!.bgpStatus = 'up';
    expect(ask([s], 'i-app', 'office', 3306).verdict).toBe('works');
  });
});

describe('virtual private gateway: route propagation, static routes, tunnels', () => {
  /** An app VPC with vgw-1 attached and a static VPN to the office; the app subnet routes 0.0.0.0/0 to a NAT. */
  function withVgw(o: { propagate?: boolean; staticRoute?: boolean; tunnels?: ('UP' | 'DOWN')[] } = {}) {
    const net = new NetworkBuilder();
    const vpc = net.vpc({ id: 'vpc-1', cidr: '10.0.0.0/16' });
    const igw = net.internetGateway({ vpc, id: 'igw-1' });
    const pub = net.subnet({ vpc, id: 'subnet-public', cidr: '10.0.0.0/24', routes: [toIgw(igw)] });
    const nat = net.natGateway({ subnet: pub, id: 'nat-1' });
    const subnet = net.subnet({
      vpc,
      id: 'subnet-app',
      cidr: '10.0.1.0/24',
      routes: [toNat(nat), ...(o.staticRoute ? [toVgw('vgw-1', '192.168.1.0/24')] : [])],
    });
    net.instance({ subnet, id: 'i-app', groups: [net.securityGroup({ vpc, id: 'sg-app' })] });
    const s = net.snapshot();
    vpnGateway(s, { id: 'vgw-1', vpc });
    vpnConnection(s, {
      id: 'vpn-1',
      vgw: 'vgw-1',
      tunnels: o.tunnels ?? ['UP', 'UP'],
      staticRoutes: ['192.168.1.0/24'],
    });
    if (o.propagate) {
      s.routeTables.find((t) => t.Associations?.some((a) => a.SubnetId === 'subnet-app'))!.PropagatingVgws = [
        { GatewayId: 'vgw-1' },
      ];
    }
    return s;
  }

  it('is broken without propagation or a route, and the fix names the gateway', () => {
    const answer = ask([withVgw()], 'i-app', '192.168.1.10', 3306);
    expect(answer.brokenHop).toMatchObject({ kind: 'route-table' });
    expect(answer.brokenHop?.message).toContain('to nat-1, not to a VPN');
    expect(answer.brokenHop?.fix).toContain('vgw-1');
  });

  it('works with route propagation from the gateway (the static VPN routes are propagated)', () => {
    const answer = ask([withVgw({ propagate: true })], 'i-app', '192.168.1.10', 3306);
    expect(answer.verdict).toBe('works');
    expect(trail(answer)).toContain('virtual-private-gateway vgw-1 PASS');
  });

  it('works with a static route to the gateway', () => {
    expect(ask([withVgw({ staticRoute: true })], 'i-app', 'office', 3306).verdict).toBe('works');
  });

  it('is broken when both tunnels are down, works with a warning when one is', () => {
    const down = ask([withVgw({ staticRoute: true, tunnels: ['DOWN', 'DOWN'] })], 'i-app', 'office', 3306);
    expect(down.brokenHop).toMatchObject({ kind: 'vpn-connection', resourceId: 'vpn-1' });
    const one = ask([withVgw({ staticRoute: true, tunnels: ['DOWN', 'UP'] })], 'i-app', 'office', 3306);
    expect(one.verdict).toBe('works');
    expect(one.warnings.map((w) => w.resourceId)).toEqual(['vpn-1']);
  });

  it('is broken when a static VPN has no route for the destination', () => {
    const s = withVgw({ staticRoute: true });
    s.routeTables
      .find((t) => t.Associations?.some((a) => a.SubnetId === 'subnet-app'))!
      .Routes!.push(toVgw('vgw-1', '192.168.0.0/16'));
    const answer = ask([s], 'i-app', '192.168.2.10', 3306);
    expect(answer.brokenHop).toMatchObject({ kind: 'vpn-connection', resourceId: 'vpn-1' });
    expect(answer.brokenHop?.fix).toContain('create-vpn-connection-route');
  });

  it('is broken when the gateway is detached', () => {
    const s = withVgw({ staticRoute: true });
    s.vpnGateways![0]!.VpcAttachments = [{ VpcId: 'vpc-1', State: 'detached' }];
    expect(ask([s], 'i-app', 'office', 3306).brokenHop).toMatchObject({
      kind: 'virtual-private-gateway',
      resourceId: 'vgw-1',
    });
  });

  it('follows Direct Connect when the gateway has no VPN', () => {
    const s = withVgw({ staticRoute: true });
    s.vpnConnections = [];
    virtualInterface(s, { id: 'dxvif-1', vgw: 'vgw-1', bgp: ['up'] });
    expect(ask([s], 'i-app', 'office', 3306).verdict).toBe('works');
    s.virtualInterfaces![0]!.virtualInterfaceState = 'down';
    expect(ask([s], 'i-app', 'office', 3306).brokenHop).toMatchObject({ kind: 'direct-connect' });
  });
});

describe('across regions and accounts', () => {
  it('is unverifiable at a transit gateway peering whose region was not given, naming it', () => {
    const { s } = peered();
    const answer = ask([s], 'i-app', '10.5.1.10');
    expect(answer.verdict).toBe('unverifiable');
    expect(answer.unverifiableHop?.message).toContain('account 222222222222, region us-east-1');
  });

  it("follows the peering into the other region's snapshot when it is given", () => {
    const { s, o } = peered();
    const answer = ask([s, o], 'i-app', '10.5.1.10');
    expect(answer.verdict).toBe('works');
    expect(trail(answer)).toEqual(
      expect.arrayContaining([
        'transit-gateway-attachment tgw-attach-peer PASS',
        'transit-gateway-route-table tgw-rtb-2 PASS',
        'instance i-far PASS',
        'back: transit-gateway-route-table tgw-rtb-2 PASS',
        'back: transit-gateway-route-table tgw-rtb-1 PASS',
      ]),
    );
  });

  it("follows a cross-region VPC peering into the peer's snapshot", () => {
    const a = new NetworkBuilder({ region: 'eu-west-1', accountId: '111111111111' });
    const b = new NetworkBuilder({ region: 'us-east-1', accountId: '222222222222' });
    const vpcA = a.vpc({ id: 'vpc-a', cidr: '10.1.0.0/16' });
    const vpcB = b.vpc({ id: 'vpc-b', cidr: '10.5.0.0/16' });
    const pcx = {
      VpcPeeringConnectionId: 'pcx-1',
      Status: { Code: 'active' as const },
      RequesterVpcInfo: {
        VpcId: 'vpc-a',
        OwnerId: '111111111111',
        Region: 'eu-west-1',
        CidrBlock: '10.1.0.0/16',
      },
      AccepterVpcInfo: {
        VpcId: 'vpc-b',
        OwnerId: '222222222222',
        Region: 'us-east-1',
        CidrBlock: '10.5.0.0/16',
      },
    };
    const subnetA = a.subnet({
      vpc: vpcA,
      id: 'subnet-a',
      cidr: '10.1.1.0/24',
      routes: [{ DestinationCidrBlock: '10.5.0.0/16', VpcPeeringConnectionId: 'pcx-1', State: 'active' }],
    });
    const subnetB = b.subnet({
      vpc: vpcB,
      id: 'subnet-b',
      cidr: '10.5.1.0/24',
      routes: [{ DestinationCidrBlock: '10.1.0.0/16', VpcPeeringConnectionId: 'pcx-1', State: 'active' }],
    });
    readdress(
      a.instance({ subnet: subnetA, id: 'i-a', groups: [a.securityGroup({ vpc: vpcA, id: 'sg-a' })] }).eni,
      '10.1.1.10',
    );
    const groupB = b.securityGroup({ vpc: vpcB, id: 'sg-b', ingress: [tcp(443).from('10.1.0.0/16')] });
    readdress(b.instance({ subnet: subnetB, id: 'i-b', groups: [groupB] }).eni, '10.5.1.10');
    const sa = a.snapshot();
    const sb = b.snapshot();
    sa.vpcPeeringConnections.push(pcx);
    sb.vpcPeeringConnections.push(structuredClone(pcx));
    expect(ask([sa], 'i-a', '10.5.1.10').unverifiableHop?.message).toContain(
      'account 222222222222, region us-east-1',
    );
    const answer = ask([sa, sb], 'i-a', '10.5.1.10');
    expect(answer.verdict).toBe('works');
    expect(trail(answer)).toContain('instance i-b PASS');
    expect(trail(answer)).toContain('back: route-table rtb-2 PASS');
  });

  it('never joins two partitions: Beijing (aws-cn) to Singapore (aws) is broken, naming what can work', () => {
    const cn = new NetworkBuilder({ region: 'cn-north-1', accountId: '111122223333' });
    const vpc = cn.vpc({ id: 'vpc-bj', cidr: '10.0.0.0/16' });
    const igw = cn.internetGateway({ vpc, id: 'igw-bj' });
    const pub = cn.subnet({ vpc, id: 'subnet-bj-public', cidr: '10.0.0.0/24', routes: [toIgw(igw)] });
    const nat = cn.natGateway({ subnet: pub, id: 'nat-bj', publicIp: '52.80.0.10' });
    const app = cn.subnet({
      vpc,
      id: 'subnet-bj-app',
      cidr: '10.0.1.0/24',
      routes: [toNat(nat), toIgw(igw, '192.168.100.0/24')],
    });
    cn.instance({ subnet: app, id: 'i-beijing', groups: [cn.securityGroup({ vpc, id: 'sg-bj' })] });
    const sg = new NetworkBuilder({ region: 'ap-southeast-1', accountId: '444455556666' });
    const dbVpc = sg.vpc({ id: 'vpc-sg', cidr: '192.168.100.0/24' });
    const dbSubnet = sg.subnet({ vpc: dbVpc, id: 'subnet-sg-db', cidr: '192.168.100.0/24' });
    const db = sg.networkInterface({
      subnet: dbSubnet,
      id: 'eni-rds',
      privateIp: '192.168.100.10',
      groups: [sg.securityGroup({ vpc: dbVpc, id: 'sg-rds', ingress: [tcp(3306).from('10.0.0.0/16')] })],
    });
    void db;
    const answer = ask([cn.snapshot(), sg.snapshot()], 'i-beijing', '192.168.100.10', 3306);
    expect(answer.verdict).toBe('broken');
    expect(answer.brokenHop).toMatchObject({ kind: 'partition', resourceId: 'eni-rds' });
    expect(answer.brokenHop?.message).toContain('aws-cn (cn-north-1)');
    expect(answer.brokenHop?.message).toContain('aws (ap-southeast-1)');
    expect(answer.brokenHop?.fix).toContain("the NAT gateway's Elastic IP 52.80.0.10");
    expect(answer.brokenHop?.fix).toContain('IPsec VPN over the internet');
  });
});

describe('from an on-premises network', () => {
  /** The office reaches i-app (10.0.1.10) on SSH through vgw-1, when the app subnet routes the replies to it. */
  function office(o: { route?: boolean; tunnels?: ('UP' | 'DOWN')[]; allowSsh?: boolean } = {}) {
    const net = new NetworkBuilder();
    const vpc = net.vpc({ id: 'vpc-1', cidr: '10.0.0.0/16' });
    const subnet = net.subnet({
      vpc,
      id: 'subnet-app',
      cidr: '10.0.1.0/24',
      routes: o.route === false ? [] : [toVgw('vgw-1', '192.168.1.0/24')],
    });
    const group = net.securityGroup({
      vpc,
      id: 'sg-app',
      ingress: o.allowSsh === false ? [] : [tcp(22).from('192.168.1.0/24')],
    });
    net.instance({ subnet, id: 'i-app', groups: [group] });
    const s = net.snapshot();
    vpnGateway(s, { id: 'vgw-1', vpc });
    vpnConnection(s, { id: 'vpn-1', vgw: 'vgw-1', tunnels: o.tunnels ?? ['UP', 'UP'] });
    return s;
  }

  it('works through the VPN when the subnet routes the replies to the gateway', () => {
    const answer = ask([office()], 'office', 'i-app', 22);
    expect(answer.verdict).toBe('works');
    expect(trail(answer)).toEqual([
      'vpn-connection vpn-1 PASS',
      'virtual-private-gateway vgw-1 PASS',
      'network-acl acl-1 PASS',
      'security-group sg-app PASS',
      'instance i-app PASS',
      'back: network-acl acl-1 PASS',
      'back: route-table rtb-2 PASS',
    ]);
  });

  it('is broken when the replies have no route back, naming the gateway to propagate', () => {
    const answer = ask([office({ route: false })], 'office', 'i-app', 22);
    expect(answer.brokenHop).toMatchObject({ kind: 'route-table', resourceId: 'rtb-2' });
    expect(answer.brokenHop?.fix).toContain('Enable route propagation from vgw-1');
  });

  it('is broken when the tunnels are down or the security group does not admit the office', () => {
    expect(ask([office({ tunnels: ['DOWN', 'DOWN'] })], 'office', 'i-app', 22).brokenHop?.resourceId).toBe(
      'vpn-1',
    );
    expect(ask([office({ allowSsh: false })], 'office', 'i-app', 22).brokenHop?.resourceId).toBe('sg-app');
  });

  it('comes in through a transit gateway VPN attachment and its route table', () => {
    const { s } = twoVpcs();
    tgwVpn(s, { attachment: 'tgw-attach-vpn', vpn: 'vpn-office', cidr: '192.168.1.0/24' });
    admitOfficeSsh(s);
    const answer = ask([s], 'office', 'i-app', 22);
    expect(answer.verdict).toBe('works');
    expect(trail(answer)).toEqual(
      expect.arrayContaining([
        'vpn-connection vpn-office PASS',
        'transit-gateway-route-table tgw-rtb-1 PASS',
        'transit-gateway-attachment tgw-attach-app PASS',
        'instance i-app PASS',
        'back: transit-gateway-route-table tgw-rtb-1 PASS',
      ]),
    );
  });
});

describe('found in review: ECMP, zone affinity, lists not collected, peering and service regions', () => {
  it('ECMP: office enters by vpn1, the VPC attachment table ECMP-routes back over vpn2+vpn1', () => {
    const { s } = twoVpcs();
    withVpnAttachments(s, ['tgw-attach-vpn2', 'tgw-attach-vpn1']);
    const a = ask([s], 'office', 'i-app', 22);
    expect(a.verdict).toBe('works');
  });

  it('TGW prefix-list route, managed prefix lists not collected', () => {
    const { s } = twoVpcs();
    const t = tableOf(s, 'tgw-rtb-1');
    t.Routes![1] = {
      PrefixListId: 'pl-shared',
      State: 'active',
      Type: 'static',
      TransitGatewayAttachments: [
        { TransitGatewayAttachmentId: 'tgw-attach-shared', ResourceType: 'vpc', ResourceId: 'vpc-shared' },
      ],
    };
    delete s.managedPrefixLists;
    const a = ask([s], 'i-app', '10.2.1.10', 5432);
    expect(a.verdict).toBe('unverifiable');
  });

  it('VGW attached, VPN connections and virtual interfaces not collected', () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc({ id: 'vpc-1', cidr: '10.0.0.0/16' });
    const subnet = net.subnet({
      vpc,
      id: 'subnet-app',
      cidr: '10.0.1.0/24',
      routes: [toVgw('vgw-1', '192.168.1.0/24')],
    });
    net.instance({ subnet, id: 'i-app', groups: [net.securityGroup({ vpc, id: 'sg-app' })] });
    const s = net.snapshot();
    vpnGateway(s, { id: 'vgw-1', vpc });
    delete s.vpnConnections;
    delete s.virtualInterfaces;
    const a = ask([s], 'i-app', '192.168.1.10', 3306);
    expect(a.verdict).toBe('unverifiable');
  });

  it('AZ affinity: TGW leaves by the source zone ENI (whose NACL denies), not the destination zone', () => {
    const { s } = twoVpcs();
    // shared VPC gets a second zone: attachment subnet in b (open) and the db moves to zone b.
    s.subnets.push({
      ...s.subnets.find((x) => x.SubnetId === 'subnet-shared-tgw')!,
      SubnetId: 'subnet-shared-tgw-b',
      CidrBlock: '10.2.255.16/28',
      AvailabilityZone: 'eu-west-1b',
    });
    s.subnets.find((x) => x.SubnetId === 'subnet-shared')!.AvailabilityZone = 'eu-west-1b';
    s.transitGatewayVpcAttachments!.find(
      (x) => x.TransitGatewayAttachmentId === 'tgw-attach-shared',
    )!.SubnetIds = ['subnet-shared-tgw', 'subnet-shared-tgw-b'];
    // The zone-a attachment subnet gets a NACL that denies everything.
    useNacl(s, 'subnet-shared-tgw', {
      NetworkAclId: 'acl-deny',
      VpcId: 'vpc-shared',
      IsDefault: false,
      Entries: [
        { RuleNumber: 32767, Egress: true, Protocol: '-1', RuleAction: 'deny', CidrBlock: '0.0.0.0/0' },
        { RuleNumber: 32767, Egress: false, Protocol: '-1', RuleAction: 'deny', CidrBlock: '0.0.0.0/0' },
      ],
    });
    const a = ask([s], 'i-app', '10.2.1.10', 5432);
    expect(a.verdict).toBe('broken');
  });

  it('TGW peering: peer snapshot given but peering not associated in the peer table', () => {
    const { s, o } = peered();
    const t2 = o.transitGatewayRouteTables![0]!;
    t2.Associations = t2.Associations!.filter((x) => x.TransitGatewayAttachmentId !== 'tgw-attach-peer');
    const a = ask([s, o], 'i-app', '10.5.1.10');
    expect(a.verdict).toBe('broken');
  });

  it('office enters a TGW: its own VPN is DOWN, another VPN attachment (other network) is UP', () => {
    const { s } = twoVpcs();
    // The unrelated VPN comes first, as DescribeTransitGatewayAttachments may list it.
    tgwVpn(s, { attachment: 'tgw-attach-other', vpn: 'vpn-other', cidr: '172.16.0.0/16' });
    tgwVpn(s, {
      attachment: 'tgw-attach-office',
      vpn: 'vpn-office',
      cidr: '192.168.1.0/24',
      tunnels: ['DOWN', 'DOWN'],
    });
    admitOfficeSsh(s);
    const a = ask([s], 'office', 'i-app', 22);
    expect(a.brokenHop?.resourceId).toBe('vpn-office');
  });

  it('IPv6 VPC to VPC through the transit gateway', () => {
    const { s } = twoVpcs();
    s.vpcs.find((v) => v.VpcId === 'vpc-app')!.Ipv6CidrBlockAssociationSet = [
      { Ipv6CidrBlock: '2001:db8:1::/56' },
    ];
    s.vpcs.find((v) => v.VpcId === 'vpc-shared')!.Ipv6CidrBlockAssociationSet = [
      { Ipv6CidrBlock: '2001:db8:2::/56' },
    ];
    const eni = (id: string) => s.networkInterfaces.find((e) => e.Attachment?.InstanceId === id)!;
    eni('i-app').Ipv6Addresses = [{ Ipv6Address: '2001:db8:1::10' }];
    eni('i-db').Ipv6Addresses = [{ Ipv6Address: '2001:db8:2::10' }];
    for (const rt of s.routeTables) {
      rt.Routes!.push({
        DestinationIpv6CidrBlock: '2001:db8::/32',
        TransitGatewayId: 'tgw-1',
        State: 'active',
        Origin: 'CreateRoute',
      });
      if (rt.VpcId === 'vpc-app')
        rt.Routes!.push({
          DestinationIpv6CidrBlock: '2001:db8:1::/56',
          GatewayId: 'local',
          State: 'active',
          Origin: 'CreateRouteTable',
        });
      if (rt.VpcId === 'vpc-shared')
        rt.Routes!.push({
          DestinationIpv6CidrBlock: '2001:db8:2::/56',
          GatewayId: 'local',
          State: 'active',
          Origin: 'CreateRouteTable',
        });
    }
    for (const acl of s.networkAcls)
      acl.Entries!.push(
        { RuleNumber: 101, Egress: false, Protocol: '-1', RuleAction: 'allow', Ipv6CidrBlock: '::/0' },
        { RuleNumber: 101, Egress: true, Protocol: '-1', RuleAction: 'allow', Ipv6CidrBlock: '::/0' },
      );
    for (const g of s.securityGroups) {
      for (const p of g.IpPermissions ?? []) p.Ipv6Ranges = [{ CidrIpv6: '::/0' }];
      g.IpPermissionsEgress = [
        { IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [{ CidrIpv6: '::/0' }] },
      ];
    }
    const t = tableOf(s, 'tgw-rtb-1');
    t.Routes!.push(
      route('2001:db8:1::/56', 'tgw-attach-app', { type: 'vpc', id: 'vpc-app' }),
      route('2001:db8:2::/56', 'tgw-attach-shared', { type: 'vpc', id: 'vpc-shared' }),
    );
    const world = World.of([new SnapshotIndex(s)]);
    const a = answerPath(
      world,
      { source: 'i-app', destination: 'i-db', protocol: 'tcp', port: 5432, ipVersion: 6 },
      OFFICE,
    );
    expect(a.verdict).toBe('works');
  });

  it('aws:s3 from an instance of the second snapshot (isolated subnet, S3 gateway endpoint only)', () => {
    const home = new NetworkBuilder({ region: 'eu-west-1', accountId: '111111111111' });
    const hv = home.vpc({ id: 'vpc-home', cidr: '10.9.0.0/16' });
    home.instance({
      subnet: home.subnet({ vpc: hv, id: 'subnet-home', cidr: '10.9.1.0/24' }),
      id: 'i-home',
      groups: [home.securityGroup({ vpc: hv, id: 'sg-home' })],
    });
    home.data.managedPrefixLists = [
      {
        PrefixListId: 'pl-s3-eu',
        PrefixListName: 'com.amazonaws.eu-west-1.s3',
        OwnerId: 'AWS',
        Entries: [{ Cidr: '52.218.0.0/17' }],
      },
    ];
    const net = new NetworkBuilder({ region: 'us-east-1', accountId: '222222222222' });
    const vpc = net.vpc({ id: 'vpc-1', cidr: '10.0.0.0/16' });
    const subnet = net.subnet({
      vpc,
      id: 'subnet-iso',
      cidr: '10.0.1.0/24',
      routes: [{ DestinationPrefixListId: 'pl-s3', GatewayId: 'vpce-s3', State: 'active' }],
    });
    const group = net.securityGroup({ vpc, id: 'sg-1', egress: [all().from('0.0.0.0/0')] });
    net.instance({ subnet, id: 'i-iso', groups: [group] });
    net.data.managedPrefixLists = [
      {
        PrefixListId: 'pl-s3',
        PrefixListName: 'com.amazonaws.us-east-1.s3',
        OwnerId: 'AWS',
        Entries: [{ Cidr: '52.216.0.0/15' }],
      },
    ];
    net.data.vpcEndpoints = [
      {
        VpcEndpointId: 'vpce-s3',
        VpcEndpointType: 'Gateway',
        ServiceName: 'com.amazonaws.us-east-1.s3',
        State: 'Available',
        VpcId: 'vpc-1',
      },
    ];
    const only = answerPath(
      World.of([new SnapshotIndex(net.snapshot())]),
      { source: 'i-iso', destination: 'aws:s3', protocol: 'tcp', port: 443 },
      [],
      { skipDns: true },
    );
    const a = answerPath(
      World.of([new SnapshotIndex(home.snapshot()), new SnapshotIndex(net.snapshot())]),
      { source: 'i-iso', destination: 'aws:s3', protocol: 'tcp', port: 443 },
      [],
      { skipDns: true },
    );
    expect(a.verdict).toBe(only.verdict);
  });

  it('TGW route table whose routes were not collected (SearchTransitGatewayRoutes failed)', () => {
    const { s } = twoVpcs();
    delete tableOf(s, 'tgw-rtb-1').Routes;
    const a = ask([s], 'i-app', '10.2.1.10', 5432);
    expect(a.verdict).toBe('unverifiable');
  });
  it('TGW route table whose associations were not collected (GetTransitGatewayRouteTableAssociations failed)', () => {
    const { s } = twoVpcs();
    delete tableOf(s, 'tgw-rtb-1').Associations;
    const a = ask([s], 'i-app', '10.2.1.10', 5432);
    expect(a.verdict).toBe('unverifiable');
  });
});
