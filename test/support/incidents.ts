import type { Snapshot } from '../../lambda/snapshot/types';
import { NetworkBuilder, blackhole, toIgw, toNat } from './network-builder';
import { tcp } from './permissions';

/**
 * The six incident scenarios of RULES.md, built as AWS would hold them. Each returns the snapshot and the
 * ids a test asserts on; the expected NET results and `explain` verdicts live in the tests.
 */

/** 1. The only SSH rule allows 192.168.1.0/24; the admin connects from the internet. */
export function sshWrongSource(): Snapshot {
  const net = new NetworkBuilder();
  const vpc = net.vpc({ id: 'vpc-ssh' });
  const igw = net.internetGateway({ vpc, id: 'igw-ssh' });
  const subnet = net.subnet({ vpc, id: 'subnet-ssh', routes: [toIgw(igw)] });
  const group = net.securityGroup({ vpc, id: 'sg-ssh-office', ingress: [tcp(22).from('192.168.1.0/24')] });
  net.instance({ subnet, id: 'i-ssh', groups: [group], publicIp: '203.0.113.11' });
  return net.snapshot();
}

/** 2. New instances cannot reach any public site: no 0.0.0.0/0 -> igw (i-noroute), or no public IP (i-noip). */
export function newInstanceNoInternet(): Snapshot {
  const net = new NetworkBuilder();
  const vpc = net.vpc({ id: 'vpc-new' });
  const igw = net.internetGateway({ vpc, id: 'igw-new' });
  const group = net.securityGroup({ vpc, id: 'sg-new' });
  const noRoute = net.subnet({ vpc, id: 'subnet-noroute', cidr: '10.0.1.0/24', routes: [] });
  net.instance({ subnet: noRoute, id: 'i-noroute', groups: [group], publicIp: '203.0.113.21' });
  const routed = net.subnet({ vpc, id: 'subnet-routed', cidr: '10.0.2.0/24', routes: [toIgw(igw)] });
  net.instance({ subnet: routed, id: 'i-noip', groups: [group] });
  return net.snapshot();
}

/**
 * 3. Databases in private subnets cannot reach the internet: no NAT gateway at all (i-db-nonat), a NAT
 * gateway without an EIP (i-db-noeip), a NAT gateway in a private subnet (i-db-natprivate), a blackhole
 * route left after the NAT gateway was deleted (i-db-blackhole).
 */
export function privateDatabaseEgress(): Snapshot {
  const net = new NetworkBuilder();
  const vpc = net.vpc({ id: 'vpc-data' });
  const igw = net.internetGateway({ vpc, id: 'igw-data' });
  const group = net.securityGroup({ vpc, id: 'sg-db' });
  const publicSubnet = net.subnet({
    vpc,
    id: 'subnet-nat-public',
    cidr: '10.0.0.0/24',
    routes: [toIgw(igw)],
  });
  const hiddenSubnet = net.subnet({ vpc, id: 'subnet-nat-private', cidr: '10.0.9.0/24', routes: [] });
  const noEip = net.natGateway({ subnet: publicSubnet, id: 'nat-noeip', publicIp: null });
  const hidden = net.natGateway({ subnet: hiddenSubnet, id: 'nat-hidden', publicIp: '198.51.100.9' });
  const cases = [
    { id: 'i-db-nonat', routes: [] },
    { id: 'i-db-noeip', routes: [toNat(noEip)] },
    { id: 'i-db-natprivate', routes: [toNat(hidden)] },
    { id: 'i-db-blackhole', routes: [blackhole({ ...toNat({ NatGatewayId: 'nat-deleted' }) })] },
  ];
  cases.forEach((c, i) => {
    const subnet = net.subnet({ vpc, id: `subnet-${c.id}`, cidr: `10.0.${i + 1}.0/24`, routes: c.routes });
    net.instance({ subnet, id: c.id, groups: [group] });
  });
  return net.snapshot();
}

/** 4. Two peered VPCs whose instances cannot talk (no route to the peering on one side); no internet either. */
export function crossVpc(): Snapshot {
  const net = new NetworkBuilder();
  const app = net.vpc({ id: 'vpc-app', cidr: '10.1.0.0/16' });
  const shared = net.vpc({ id: 'vpc-shared', cidr: '10.2.0.0/16' });
  const pcx = net.peering({ requester: app, accepter: shared, id: 'pcx-app-shared' });
  const appSubnet = net.subnet({
    vpc: app,
    id: 'subnet-app',
    cidr: '10.1.1.0/24',
    routes: [
      {
        DestinationCidrBlock: '10.2.0.0/16',
        VpcPeeringConnectionId: pcx.VpcPeeringConnectionId,
        State: 'active',
      },
    ],
  });
  const sharedSubnet = net.subnet({ vpc: shared, id: 'subnet-shared', cidr: '10.2.1.0/24', routes: [] });
  net.instance({ subnet: appSubnet, id: 'i-app', groups: [net.defaultSecurityGroup(app)] });
  net.instance({ subnet: sharedSubnet, id: 'i-shared', groups: [net.defaultSecurityGroup(shared)] });
  return net.snapshot();
}

/** 5. One group opens 22, 3389 and 3306 to the internet; one instance has a public IP, the other none. */
export function exposure(): Snapshot {
  const net = new NetworkBuilder();
  const vpc = net.vpc({ id: 'vpc-exposed' });
  const igw = net.internetGateway({ vpc, id: 'igw-exposed' });
  const subnet = net.subnet({ vpc, id: 'subnet-exposed', routes: [toIgw(igw)] });
  const group = net.securityGroup({
    vpc,
    id: 'sg-wide-open',
    ingress: [tcp(22).from('0.0.0.0/0'), tcp(3389).from('0.0.0.0/0'), tcp(3306).from('0.0.0.0/0', '::/0')],
  });
  net.instance({ subnet, id: 'i-public', groups: [group], publicIp: '203.0.113.50' });
  net.instance({ subnet, id: 'i-private', groups: [group] });
  return net.snapshot();
}

/** 6. Waste: an unassociated Elastic IP and an idle NAT gateway; the private app subnet routes nowhere. */
export function waste(): Snapshot {
  const net = new NetworkBuilder();
  const vpc = net.vpc({ id: 'vpc-waste' });
  const igw = net.internetGateway({ vpc, id: 'igw-waste' });
  const publicSubnet = net.subnet({
    vpc,
    id: 'subnet-waste-public',
    cidr: '10.0.0.0/24',
    routes: [toIgw(igw)],
  });
  net.natGateway({ subnet: publicSubnet, id: 'nat-idle' });
  net.address({ allocationId: 'eipalloc-idle', publicIp: '203.0.113.99' });
  const app = net.subnet({ vpc, id: 'subnet-waste-app', cidr: '10.0.1.0/24', routes: [] });
  net.instance({ subnet: app, id: 'i-batch', groups: [net.defaultSecurityGroup(vpc)] });
  return net.snapshot();
}
