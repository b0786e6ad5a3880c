import type { Vpc } from '@aws-sdk/client-ec2';
import { blackhole, NetworkBuilder, toIgw, toNat, toPeering } from './network-builder';
import { nacl, tcp } from './permissions';

/**
 * The six incident scenarios of RULES.md, each built into a NetworkBuilder so that a scenario can stand
 * alone (examples/scenarios/*.json) or share one account with the others (examples/demo.json).
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
];

export function buildScenario(scenario: Scenario): NetworkBuilder {
  const net = new NetworkBuilder({ accountId: '111122223333', region: 'eu-west-1' });
  scenario.build(net);
  return net;
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
