import type { Instance, NetworkInterface, Route, Vpc } from '@aws-sdk/client-ec2';
import {
  customerGateway,
  tgwAttachment,
  tgwRoute,
  tgwRouteTable,
  tgwVpcAttachment,
  toTgw,
  transitGateway,
  vpnConnection,
  vpnGateway,
} from './hybrid';
import { blackhole, NetworkBuilder, toIgw, toNat, toPeering } from './network-builder';
import { nacl, tcp } from './permissions';

/**
 * The incident scenarios, each built into a NetworkBuilder so that a scenario can stand alone
 * (examples/scenarios/*.json) or share one account with the others (examples/demo.json).
 * Everything not part of the incident is hardened (flow logs on, default security group emptied), so a
 * scenario's findings are about its incident.
 */
export interface Scenario {
  name: string;
  title: string;
  build(net: NetworkBuilder): void;
}

function hardenedVpc(
  net: NetworkBuilder,
  id: string,
  cidr: string,
  options: { openNacl?: boolean } = {},
): Vpc {
  const vpc = net.vpc({ id, cidr, flowLog: true });
  const group = net.defaultSecurityGroup(vpc);
  group.IpPermissions = [];
  group.IpPermissionsEgress = [];
  if (!options.openNacl) {
    // The default NACL admits everything; hardened, it refuses the admin ports from the internet first.
    const acl = net.data.networkAcls.find((a) => a.VpcId === vpc.VpcId && a.IsDefault)!;
    acl.Entries!.unshift(
      nacl.in(90).deny.tcp(22).from('0.0.0.0/0'),
      nacl.in(91).deny.tcp(3389).from('0.0.0.0/0'),
    );
  }
  return vpc;
}

const allEgress = [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }];

/**
 * An instance at its own private address. The builder gives every interface 10.0.1.10, which is enough
 * for rules about one interface, but a path between two instances needs each address inside its subnet.
 */
function instanceAt(
  net: NetworkBuilder,
  o: Parameters<NetworkBuilder['instance']>[0] & { privateIp: string },
): { instance: Instance; eni: NetworkInterface } {
  const { privateIp, ...rest } = o;
  const built = net.instance(rest);
  built.eni.PrivateIpAddress = privateIp;
  built.eni.PrivateIpAddresses = [{ PrivateIpAddress: privateIp, Primary: true }];
  built.instance.PrivateIpAddress = privateIp;
  return built;
}

/** The on-premises network of the examples: the office (examples/netaudit.config.json names it). */
export const OFFICE = { name: 'office', cidrs: ['192.168.1.0/24'] };
const officeCidr = OFFICE.cidrs[0]!;

export const SCENARIOS: Scenario[] = [
  {
    name: '1-ssh-wrong-source',
    title:
      'SSH rule with the wrong source: the admin connects from the internet, the rule allows 192.168.1.0/24',
    build(net) {
      const vpc = hardenedVpc(net, 'vpc-ssh', '10.1.0.0/16', { openNacl: true });
      const igw = net.internetGateway({ vpc, id: 'igw-ssh' });
      const subnet = net.subnet({ vpc, id: 'subnet-ssh-public', cidr: '10.1.1.0/24', routes: [toIgw(igw)] });
      const group = net.securityGroup({
        vpc,
        id: 'sg-ssh-office',
        name: 'ssh-from-office',
        ingress: [tcp(22).from('192.168.1.0/24')],
        egress: allEgress,
      });
      net.instance({ subnet, id: 'i-ssh-app', groups: [group], publicIp: '203.0.113.11' });
    },
  },
  {
    name: '2-no-internet-route',
    title:
      'New instances cannot reach any public site: no default route to the internet gateway, or no public IP',
    build(net) {
      const vpc = hardenedVpc(net, 'vpc-newapp', '10.2.0.0/16');
      const igw = net.internetGateway({ vpc, id: 'igw-newapp' });
      const noRoute = net.subnet({ vpc, id: 'subnet-newapp-noroute', cidr: '10.2.1.0/24', routes: [] });
      const routed = net.subnet({
        vpc,
        id: 'subnet-newapp-public',
        cidr: '10.2.2.0/24',
        routes: [toIgw(igw)],
      });
      const group = net.securityGroup({
        vpc,
        id: 'sg-newapp',
        name: 'newapp',
        ingress: [tcp(443).from('0.0.0.0/0')],
        egress: allEgress,
      });
      net.instance({ subnet: noRoute, id: 'i-newapp-noroute', groups: [group], publicIp: '203.0.113.21' });
      net.instance({ subnet: routed, id: 'i-newapp-noip', groups: [group] });
    },
  },
  {
    name: '3-private-db-egress',
    title:
      'Databases in private subnets cannot reach the internet: NAT without EIP, NAT in a private subnet, NAT deleted',
    build(net) {
      // NAT gateways use source ports 1024-65535, so a NAT subnet's NACL cannot refuse 3389 (NACL.2): open.
      const vpc = hardenedVpc(net, 'vpc-data', '10.3.0.0/16', { openNacl: true });
      const igw = net.internetGateway({ vpc, id: 'igw-data' });
      const publicSubnet = net.subnet({
        vpc,
        id: 'subnet-data-public',
        cidr: '10.3.0.0/24',
        routes: [toIgw(igw)],
      });
      const privateOnly = net.subnet({ vpc, id: 'subnet-data-nat-host', cidr: '10.3.9.0/24', routes: [] });
      const natNoEip = net.natGateway({ subnet: publicSubnet, id: 'nat-data-noeip', publicIp: null });
      const natPrivate = net.natGateway({
        subnet: privateOnly,
        id: 'nat-data-private',
        publicIp: '198.51.100.31',
      });
      // AWS lists a deleted NAT gateway for about an hour; the route that used it turns blackhole.
      const deletedNat = net.natGateway({ subnet: publicSubnet, id: 'nat-data-deleted', state: 'deleted' });
      const group = net.securityGroup({
        vpc,
        id: 'sg-db',
        name: 'db',
        ingress: [tcp(5432).from('10.3.0.0/16')],
        egress: allEgress,
      });
      const a = net.subnet({ vpc, id: 'subnet-db-a', cidr: '10.3.1.0/24', routes: [toNat(natNoEip)] });
      const b = net.subnet({ vpc, id: 'subnet-db-b', cidr: '10.3.2.0/24', routes: [toNat(natPrivate)] });
      const c = net.subnet({
        vpc,
        id: 'subnet-db-c',
        cidr: '10.3.3.0/24',
        routes: [blackhole(toNat(deletedNat))],
      });
      net.instance({ subnet: a, id: 'i-db-a', groups: [group] });
      net.instance({ subnet: b, id: 'i-db-b', groups: [group] });
      net.instance({ subnet: c, id: 'i-db-c', groups: [group] });
    },
  },
  {
    name: '4-cross-vpc',
    title:
      'Instances in peered VPCs cannot talk: a missing return route, and overlapping CIDRs that cannot peer',
    build(net) {
      const app = hardenedVpc(net, 'vpc-app', '10.4.0.0/16');
      const shared = hardenedVpc(net, 'vpc-shared', '10.5.0.0/16');
      const legacy = hardenedVpc(net, 'vpc-legacy', '10.4.0.0/16');
      const peering = net.peering({ requester: app, accepter: shared, id: 'pcx-app-shared' });
      net.peering({
        requester: app,
        accepter: legacy,
        id: 'pcx-app-legacy',
        status: 'failed',
        message: 'Overlapping CIDR range',
      });
      const group = (vpc: Vpc, id: string) =>
        net.securityGroup({ vpc, id, name: id, ingress: [tcp(8080).from('10.0.0.0/8')], egress: allEgress });
      const appSubnet = net.subnet({
        vpc: app,
        id: 'subnet-app',
        cidr: '10.4.1.0/24',
        routes: [toPeering(peering, '10.5.0.0/16')],
      });
      const sharedSubnet = net.subnet({ vpc: shared, id: 'subnet-shared', cidr: '10.5.1.0/24', routes: [] });
      const legacySubnet = net.subnet({ vpc: legacy, id: 'subnet-legacy', cidr: '10.4.1.0/24', routes: [] });
      net.instance({ subnet: appSubnet, id: 'i-app', groups: [group(app, 'sg-app')] });
      net.instance({ subnet: sharedSubnet, id: 'i-shared', groups: [group(shared, 'sg-shared')] });
      net.instance({ subnet: legacySubnet, id: 'i-legacy', groups: [group(legacy, 'sg-legacy')] });
    },
  },
  {
    name: '5-exposure',
    title:
      'Admin and database ports open to the internet: on a public instance (exposed) and a private one (not)',
    build(net) {
      const vpc = hardenedVpc(net, 'vpc-exposed', '10.6.0.0/16', { openNacl: true });
      const igw = net.internetGateway({ vpc, id: 'igw-exposed' });
      const publicSubnet = net.subnet({
        vpc,
        id: 'subnet-exposed-public',
        cidr: '10.6.1.0/24',
        routes: [toIgw(igw)],
      });
      const privateSubnet = net.subnet({
        vpc,
        id: 'subnet-exposed-private',
        cidr: '10.6.2.0/24',
        routes: [],
      });
      const group = net.securityGroup({
        vpc,
        id: 'sg-wide-open',
        name: 'wide-open',
        ingress: [
          tcp(22).from('0.0.0.0/0'),
          tcp(3389).from('0.0.0.0/0'),
          tcp(3306).from('0.0.0.0/0', '::/0'),
        ],
        egress: allEgress,
      });
      net.instance({
        subnet: publicSubnet,
        id: 'i-exposed-public',
        groups: [group],
        publicIp: '203.0.113.51',
      });
      net.instance({ subnet: privateSubnet, id: 'i-exposed-private', groups: [group] });
    },
  },
  {
    name: '6-waste',
    title: 'Paying for nothing: an Elastic IP associated with nothing, a NAT gateway no route uses',
    build(net) {
      const vpc = hardenedVpc(net, 'vpc-idle', '10.7.0.0/16', { openNacl: true });
      const igw = net.internetGateway({ vpc, id: 'igw-idle' });
      const publicSubnet = net.subnet({
        vpc,
        id: 'subnet-idle-public',
        cidr: '10.7.1.0/24',
        routes: [toIgw(igw)],
      });
      net.natGateway({ subnet: publicSubnet, id: 'nat-idle', publicIp: '198.51.100.61' });
      net.address({ allocationId: 'eipalloc-unused', publicIp: '203.0.113.61' });
    },
  },
  {
    name: '7-office-network',
    title:
      'An instance reaches the internet but not the office: its route table neither routes nor propagates the office to the virtual private gateway, and one VPN tunnel is down',
    build(net) {
      // NAT gateways use source ports 1024-65535, so a NAT subnet's NACL cannot refuse 3389 (NACL.2): open.
      const vpc = hardenedVpc(net, 'vpc-office-app', '10.8.0.0/16', { openNacl: true });
      const zone = `${net.data.region}a`;
      const igw = net.internetGateway({ vpc, id: 'igw-office-app' });
      const vgw = vpnGateway(net.data, { id: 'vgw-office', vpc });
      customerGateway(net.data, { id: 'cgw-office', ip: '203.0.113.70' });
      vpnConnection(net.data, {
        id: 'vpn-office',
        vgw: vgw.VpnGatewayId!,
        customerGateway: 'cgw-office',
        staticRoutes: [officeCidr],
        tunnels: ['UP', 'DOWN'],
        tunnelAddresses: ['198.51.100.201', '198.51.100.202'],
      });
      // Route propagation was turned on in the public subnet's table, where the VPN was first tested: with
      // a tunnel UP, AWS copies the VPN's static route into it.
      const propagated: Route = {
        DestinationCidrBlock: officeCidr,
        GatewayId: vgw.VpnGatewayId,
        State: 'active',
        Origin: 'EnableVgwRoutePropagation',
      };
      const publicTable = net.routeTable({ vpc, id: 'rtb-office-public', routes: [toIgw(igw), propagated] });
      publicTable.PropagatingVgws = [{ GatewayId: vgw.VpnGatewayId }];
      const publicSubnet = net.subnet({
        vpc,
        id: 'subnet-office-public',
        cidr: '10.8.0.0/24',
        az: zone,
        routeTable: publicTable,
      });
      const nat = net.natGateway({ subnet: publicSubnet, id: 'nat-office-app', publicIp: '198.51.100.71' });
      nat.NatGatewayAddresses![0]!.PrivateIp = '10.8.0.5';
      // The app subnets got a table of their own, with the NAT route and nothing for the office.
      const appTable = net.routeTable({ vpc, id: 'rtb-office-app', routes: [toNat(nat)] });
      const appSubnet = net.subnet({
        vpc,
        id: 'subnet-office-app',
        cidr: '10.8.1.0/24',
        az: zone,
        routeTable: appTable,
      });
      const group = net.securityGroup({
        vpc,
        id: 'sg-office-app',
        name: 'office-app',
        ingress: [tcp(443).from(officeCidr)],
        egress: allEgress,
      });
      instanceAt(net, { subnet: appSubnet, id: 'i-office-app', groups: [group], privateIp: '10.8.1.10' });
    },
  },
  {
    name: '8-transit-gateway',
    title:
      'A transit gateway joins an app VPC, a shared-services VPC and the office: an attachment without a subnet in the instance zone, a blackhole for the office, no route back from shared services',
    build(net) {
      const app = hardenedVpc(net, 'vpc-hub-app', '10.9.0.0/16');
      const shared = hardenedVpc(net, 'vpc-hub-shared', '10.10.0.0/16');
      const [zoneA, zoneB] = [`${net.data.region}a`, `${net.data.region}b`];
      const tgw = transitGateway(net.data, { id: 'tgw-hub' }).TransitGatewayId!;

      // The app attachment was created with one subnet, in zone a: zone b never reaches the transit gateway.
      const attachmentSubnet = net.subnet({
        vpc: app,
        id: 'subnet-hub-app-tgw-a',
        cidr: '10.9.0.0/28',
        az: zoneA,
      });
      const appTable = net.routeTable({
        vpc: app,
        id: 'rtb-hub-app',
        routes: [toTgw(tgw, '10.10.0.0/16'), toTgw(tgw, officeCidr)],
      });
      const appA = net.subnet({
        vpc: app,
        id: 'subnet-hub-app-a',
        cidr: '10.9.1.0/24',
        az: zoneA,
        routeTable: appTable,
      });
      const appB = net.subnet({
        vpc: app,
        id: 'subnet-hub-app-b',
        cidr: '10.9.2.0/24',
        az: zoneB,
        routeTable: appTable,
      });
      // Shared services route the office to the transit gateway, but not the app VPC: replies to it are lost.
      const sharedTable = net.routeTable({
        vpc: shared,
        id: 'rtb-hub-shared',
        routes: [toTgw(tgw, officeCidr)],
      });
      const sharedSubnet = net.subnet({
        vpc: shared,
        id: 'subnet-hub-shared-a',
        cidr: '10.10.1.0/24',
        az: zoneA,
        routeTable: sharedTable,
      });

      const appAttachment = 'tgw-attach-hub-app';
      const sharedAttachment = 'tgw-attach-hub-shared';
      const vpnAttachment = 'tgw-attach-hub-vpn';
      tgwVpcAttachment(net.data, { id: appAttachment, tgw, vpc: app, subnets: [attachmentSubnet] });
      tgwVpcAttachment(net.data, { id: sharedAttachment, tgw, vpc: shared, subnets: [sharedSubnet] });
      customerGateway(net.data, { id: 'cgw-hub-office', ip: '203.0.113.80', asn: '65010' });
      vpnConnection(net.data, {
        id: 'vpn-hub-office',
        tgw,
        customerGateway: 'cgw-hub-office',
        tunnelAddresses: ['198.51.100.211', '198.51.100.212'],
      });
      tgwAttachment(net.data, {
        id: appAttachment,
        tgw,
        resourceType: 'vpc',
        resourceId: app.VpcId!,
        routeTable: 'tgw-rtb-hub-app',
      });
      tgwAttachment(net.data, {
        id: sharedAttachment,
        tgw,
        resourceType: 'vpc',
        resourceId: shared.VpcId!,
        routeTable: 'tgw-rtb-hub-shared',
      });
      tgwAttachment(net.data, {
        id: vpnAttachment,
        tgw,
        resourceType: 'vpn',
        resourceId: 'vpn-hub-office',
        routeTable: 'tgw-rtb-hub-shared',
      });

      // The office VPN was recreated: the app table's static route to the old attachment is now a
      // blackhole, and a static route wins over the propagated one the new VPN would bring.
      tgwRouteTable(net.data, {
        id: 'tgw-rtb-hub-app',
        tgw,
        associations: [appAttachment],
        propagations: [sharedAttachment],
        routes: [
          tgwRoute('10.10.0.0/16', sharedAttachment),
          tgwRoute(officeCidr, undefined, { state: 'blackhole', type: 'static' }),
        ],
      });
      tgwRouteTable(net.data, {
        id: 'tgw-rtb-hub-shared',
        tgw,
        associations: [sharedAttachment, vpnAttachment],
        propagations: [appAttachment, sharedAttachment, vpnAttachment],
        routes: [
          tgwRoute('10.9.0.0/16', appAttachment),
          tgwRoute('10.10.0.0/16', sharedAttachment),
          tgwRoute(officeCidr, vpnAttachment),
        ],
      });

      const appGroup = net.securityGroup({ vpc: app, id: 'sg-hub-app', name: 'hub-app', egress: allEgress });
      const sharedGroup = net.securityGroup({
        vpc: shared,
        id: 'sg-hub-shared',
        name: 'hub-shared',
        ingress: [tcp(443).from('10.9.0.0/16', officeCidr)],
        egress: allEgress,
      });
      instanceAt(net, { subnet: appA, id: 'i-hub-app-a', groups: [appGroup], privateIp: '10.9.1.10' });
      instanceAt(net, { subnet: appB, id: 'i-hub-app-b', groups: [appGroup], privateIp: '10.9.2.10' });
      instanceAt(net, {
        subnet: sharedSubnet,
        id: 'i-hub-shared',
        groups: [sharedGroup],
        privateIp: '10.10.1.10',
      });
    },
  },
];

export function buildScenario(scenario: Scenario): NetworkBuilder {
  const net = new NetworkBuilder({ accountId: '111122223333', region: 'eu-west-1' });
  scenario.build(net);
  return net;
}

/**
 * A scenario across accounts and regions: one snapshot per place, written as
 * examples/scenarios/<name>/<region>.json and never merged into the demo (one account and region).
 */
export interface MultiSnapshotScenario {
  name: string;
  title: string;
  snapshots: { accountId: string; region: string; build(net: NetworkBuilder): void }[];
}

/** The Beijing NAT gateway's Elastic IP: the address Singapore would have to allow over the internet. */
export const BEIJING_NAT_IP = '198.51.100.91';

export const MULTI_SNAPSHOT_SCENARIOS: MultiSnapshotScenario[] = [
  {
    name: '9-beijing-singapore',
    title:
      'An instance in Beijing (aws-cn) cannot reach a database in Singapore (aws): no private path joins two partitions, and a route to an internet gateway cannot make one',
    snapshots: [
      {
        // An aws-cn account is its own account: it shares nothing with the company's aws accounts.
        accountId: '777788889999',
        region: 'cn-north-1',
        build(net) {
          // NAT gateways use source ports 1024-65535, so a NAT subnet's NACL cannot refuse 3389: open.
          const vpc = hardenedVpc(net, 'vpc-bj-app', '10.0.0.0/16', { openNacl: true });
          const igw = net.internetGateway({ vpc, id: 'igw-bj' });
          const publicSubnet = net.subnet({
            vpc,
            id: 'subnet-bj-public',
            cidr: '10.0.0.0/24',
            routes: [toIgw(igw)],
          });
          const nat = net.natGateway({ subnet: publicSubnet, id: 'nat-bj', publicIp: BEIJING_NAT_IP });
          // The guide said to route the database's network to "the internet gateway": this one.
          const appTable = net.routeTable({
            vpc,
            id: 'rtb-bj-app',
            routes: [toNat(nat), toIgw(igw, '192.168.100.0/24')],
          });
          const appSubnet = net.subnet({
            vpc,
            id: 'subnet-bj-app',
            cidr: '10.0.1.0/24',
            routeTable: appTable,
          });
          const group = net.securityGroup({ vpc, id: 'sg-bj-app', name: 'bj-app', egress: allEgress });
          instanceAt(net, { subnet: appSubnet, id: 'i-bj-app', groups: [group], privateIp: '10.0.1.10' });
        },
      },
      {
        accountId: '444455556666',
        region: 'ap-southeast-1',
        build(net) {
          const vpc = hardenedVpc(net, 'vpc-sg-db', '192.168.100.0/24');
          const igw = net.internetGateway({ vpc, id: 'igw-sg-db' });
          // An RDS subnet group spans two zones; the database is not publicly accessible (no public IP).
          const table = net.routeTable({ vpc, id: 'rtb-sg-db', routes: [toIgw(igw)] });
          const [zoneA, zoneB] = [`${net.data.region}a`, `${net.data.region}b`];
          const subnetA = net.subnet({
            vpc,
            id: 'subnet-sg-db-a',
            cidr: '192.168.100.0/25',
            az: zoneA,
            routeTable: table,
          });
          net.subnet({ vpc, id: 'subnet-sg-db-b', cidr: '192.168.100.128/25', az: zoneB, routeTable: table });
          // The database admits Beijing's private range, which can never arrive.
          const group = net.securityGroup({
            vpc,
            id: 'sg-sg-db',
            name: 'db',
            ingress: [tcp(3306).from('10.0.0.0/16')],
            egress: allEgress,
          });
          rdsInterface(net, {
            subnet: subnetA,
            id: 'eni-sg-rds',
            groups: [group],
            privateIp: '192.168.100.10',
          });
        },
      },
    ],
  },
];

/**
 * The interface an RDS instance puts in its subnet, as DescribeNetworkInterfaces shows it: managed by
 * RDS (requester-managed), attached, but to no EC2 instance.
 */
function rdsInterface(
  net: NetworkBuilder,
  o: Parameters<NetworkBuilder['networkInterface']>[0] & { id: string; privateIp: string },
): NetworkInterface {
  const eni = net.networkInterface(o);
  eni.Description = 'RDSNetworkInterface';
  eni.RequesterId = 'amazon-rds';
  eni.RequesterManaged = true;
  eni.Status = 'in-use';
  eni.PrivateIpAddresses = [{ PrivateIpAddress: o.privateIp, Primary: true }];
  eni.Attachment = {
    AttachmentId: `eni-attach-${o.id.replace(/^eni-/, '')}`,
    DeviceIndex: 1,
    InstanceOwnerId: 'amazon-rds',
    Status: 'attached',
  };
  return eni;
}

/** Each snapshot of a multi-snapshot scenario, built in its own account and region. */
export function buildSnapshots(scenario: MultiSnapshotScenario): NetworkBuilder[] {
  return scenario.snapshots.map((place) => {
    const net = new NetworkBuilder({ accountId: place.accountId, region: place.region });
    place.build(net);
    return net;
  });
}

/** All scenarios in one account and region: the demo. */
export function buildDemo(): NetworkBuilder {
  const net = new NetworkBuilder({ accountId: '111122223333', region: 'eu-west-1' });
  for (const scenario of SCENARIOS) scenario.build(net);
  addSoundEndpoint(net);
  return net;
}

/**
 * An SSM interface endpoint set up right (its group admits TCP 443 from the VPC, DNS attributes on), so
 * that the endpoint rules' contract has a resource to run on in the demo without adding a finding.
 */
function addSoundEndpoint(net: NetworkBuilder): void {
  const vpc = net.data.vpcs.find((v) => v.VpcId === 'vpc-ssh')!;
  const subnet = net.data.subnets.find((s) => s.VpcId === vpc.VpcId)!;
  const group = net.securityGroup({
    vpc,
    id: 'sg-endpoints',
    name: 'endpoints',
    ingress: [tcp(443).from(vpc.CidrBlock!)],
    egress: [],
  });
  const eni = net.networkInterface({
    subnet,
    id: 'eni-vpce-ssm',
    groups: [group],
    privateIp: '10.1.1.50',
    interfaceType: 'vpc_endpoint',
  });
  net.vpcEndpoint({ vpc, id: 'vpce-ssm', groups: [group], subnets: [subnet] }).NetworkInterfaceIds = [
    eni.NetworkInterfaceId!,
  ];
}
