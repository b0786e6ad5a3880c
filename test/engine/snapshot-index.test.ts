import type { Route, RouteTable } from '@aws-sdk/client-ec2';
import {
  SnapshotIndex,
  describeRoute,
  isDefaultRoute,
  routeDestination,
  routeTarget,
} from '../../lambda/engine/snapshot-index';
import { matchRoute as matchRouteIn } from '../../lambda/paths/hops/routes';
import { NetworkBuilder, blackhole, toIgw, toNat, toPeering } from '../support/network-builder';

/** The route one table takes for an address (the path engine's longest-prefix match, prefix lists aside). */
const matchRoute = (table: RouteTable, address: string): Route | undefined =>
  matchRouteIn(new SnapshotIndex(new NetworkBuilder().snapshot()), table, address).match?.route;

describe('SnapshotIndex', () => {
  describe('route tables', () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc({ id: 'vpc-a' });
    const igw = net.internetGateway({ vpc, id: 'igw-a' });
    const implicit = net.subnet({ vpc, id: 'subnet-main', cidr: '10.0.1.0/24' });
    const explicit = net.subnet({ vpc, id: 'subnet-pub', cidr: '10.0.2.0/24', routes: [toIgw(igw)] });
    const other = net.vpc({ id: 'vpc-b', cidr: '10.1.0.0/16' });
    net.subnet({ vpc: other, id: 'subnet-b', cidr: '10.1.1.0/24' });
    const index = new SnapshotIndex(net.snapshot());
    const main = index.mainRouteTableOf('vpc-a')!;
    const own = index.routeTableOf('subnet-pub')!;

    it('falls back to the VPC main table for a subnet without an explicit association', () => {
      expect(main).toBeDefined();
      expect(index.routeTableOf('subnet-main')).toBe(main);
      expect(index.usesMainRouteTable('subnet-main')).toBe(true);
    });

    it('uses an explicit association over the main table', () => {
      expect(own).not.toBe(main);
      expect(own.Routes?.some((r) => r.GatewayId === 'igw-a')).toBe(true);
      expect(index.usesMainRouteTable('subnet-pub')).toBe(false);
    });

    it('lists the subnets each table routes: main gets only the unassociated ones of its VPC', () => {
      expect(index.subnetsRoutedBy(main).map((s) => s.SubnetId)).toEqual([implicit.SubnetId]);
      expect(index.subnetsRoutedBy(own).map((s) => s.SubnetId)).toEqual([explicit.SubnetId]);
      const mainB = index.mainRouteTableOf('vpc-b')!;
      expect(index.subnetsRoutedBy(mainB).map((s) => s.SubnetId)).toEqual(['subnet-b']);
    });

    it('knows no table for an unknown subnet or a VPC without a main table', () => {
      expect(index.routeTableOf('subnet-unknown')).toBeUndefined();
      expect(index.mainRouteTableOf('vpc-unknown')).toBeUndefined();
    });
  });

  describe('NACLs, groups and interfaces', () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc({ id: 'vpc-a' });
    const custom = net.networkAcl({ vpc, id: 'acl-custom' });
    const a = net.subnet({ vpc, id: 'subnet-a' });
    const b = net.subnet({ vpc, id: 'subnet-b', nacl: custom });
    const web = net.securityGroup({ vpc, id: 'sg-web' });
    const db = net.securityGroup({ vpc, id: 'sg-db' });
    const { eni } = net.instance({ subnet: a, id: 'i-1', groups: [web, db] });
    net.networkInterface({ subnet: b, id: 'eni-2', groups: [web] });
    net.data.networkInterfaces[1]!.Groups!.push({ GroupId: 'sg-gone' });
    const index = new SnapshotIndex(net.snapshot());

    it('maps each subnet to its associated NACL', () => {
      expect(index.networkAclOf('subnet-a')?.IsDefault).toBe(true);
      expect(index.networkAclOf('subnet-b')?.NetworkAclId).toBe('acl-custom');
      expect(index.networkAclOf('subnet-x')).toBeUndefined();
    });

    it('maps groups to interfaces and interfaces to existing groups', () => {
      expect(
        index
          .interfacesOfGroup('sg-web')
          .map((e) => e.NetworkInterfaceId)
          .sort(),
      ).toEqual([eni.NetworkInterfaceId, 'eni-2']);
      expect(index.interfacesOfGroup('sg-db').map((e) => e.NetworkInterfaceId)).toEqual([
        eni.NetworkInterfaceId,
      ]);
      expect(index.interfacesOfGroup('sg-none')).toEqual([]);
      const eni2 = index.networkInterfaces.get('eni-2')!;
      expect(index.groupsOfInterface(eni2).map((g) => g.GroupId)).toEqual(['sg-web']);
    });

    it('maps instances and interfaces to subnets', () => {
      expect(index.interfacesOfInstance('i-1').map((e) => e.NetworkInterfaceId)).toEqual([
        eni.NetworkInterfaceId,
      ]);
      expect(index.instancesOfSubnet('subnet-a').map((i) => i.InstanceId)).toEqual(['i-1']);
      expect(index.interfacesOfSubnet('subnet-b').map((e) => e.NetworkInterfaceId)).toEqual(['eni-2']);
      expect(index.vpcOf('sg-web')).toBe('vpc-a');
      expect(index.vpcOf('i-1')).toBe('vpc-a');
    });

    it('links each interface, by its position, to the instance it is attached to when the snapshot has it', () => {
      const more = new NetworkBuilder();
      const subnet = more.subnet({ vpc: more.vpc({ id: 'vpc-b' }), id: 'subnet-c' });
      more.instance({ subnet, id: 'i-1', state: 'stopped' });
      more.networkInterface({ subnet, id: 'eni-orphan', instanceId: 'i-gone' });
      more.networkInterface({ subnet, id: 'eni-free' });
      more.networkInterface({ subnet, id: 'eni-second', instanceId: 'i-1' });
      // A duplicated instance id: the last one listed wins, as in `instances`.
      more.data.instances.push({ ...more.data.instances[0]!, State: { Name: 'running' } });
      const linked = new SnapshotIndex(more.snapshot());
      const states = more.data.networkInterfaces.map(
        (e, position) => `${e.NetworkInterfaceId} ${linked.instanceOfInterfaceAt(position)?.State?.Name}`,
      );
      expect(states.slice(1)).toEqual(['eni-orphan undefined', 'eni-free undefined', 'eni-second running']);
      expect(linked.instanceOfInterfaceAt(0)).toBe(linked.instances.get('i-1'));
      expect(linked.interfacesOfInstance('i-1').map((e) => e.NetworkInterfaceId)).toEqual([
        more.data.networkInterfaces[0]!.NetworkInterfaceId,
        'eni-second',
      ]);
      // By the instance's position too, and both positions of the duplicated id see its interfaces.
      expect(linked.interfacesOfInstanceAt(0)).toBe(linked.interfacesOfInstance('i-1'));
      expect(linked.interfacesOfInstanceAt(1)).toBe(linked.interfacesOfInstance('i-1'));
      expect(linked.interfacesOfInstanceAt(2)).toEqual([]);
      expect(linked.interfacesOfInstance('i-gone').map((e) => e.NetworkInterfaceId)).toEqual(['eni-orphan']);
      expect(linked.interfacesOfInstance('i-none')).toEqual([]);
    });

    it('finds the interface an Elastic IP names, and every interface by id on demand', () => {
      const more = new NetworkBuilder();
      const subnet = more.subnet({ vpc: more.vpc({ id: 'vpc-e' }), id: 'subnet-e' });
      const eni2 = more.networkInterface({ subnet, id: 'eni-eip', instanceId: 'i-2' });
      more.networkInterface({ subnet, id: 'eni-plain' });
      const onEni = more.address({ allocationId: 'eipalloc-1', networkInterfaceId: 'eni-eip' });
      const onGone = more.address({ allocationId: 'eipalloc-2', networkInterfaceId: 'eni-gone' });
      const bare = more.address({ allocationId: 'eipalloc-3' });
      const eips = new SnapshotIndex(more.snapshot());
      expect(eips.interfaceOfAddress(onEni)).toEqual(eni2);
      expect(eips.interfaceOfAddress(onGone)).toBeUndefined();
      expect(eips.interfaceOfAddress(bare)).toBeUndefined();
      expect(eips.vpcOf('eipalloc-1')).toBe('vpc-e');
      expect([...eips.networkInterfaces.keys()]).toEqual(['eni-eip', 'eni-plain']);
      expect(eips.networkInterfaces.get('eni-plain')?.SubnetId).toBe('subnet-e');
    });

    it('treats `Association: {}` as no public IP', () => {
      expect(eni.Association).toEqual({});
      expect(index.publicIpOf(index.networkInterfaces.get(eni.NetworkInterfaceId!)!)).toBeUndefined();
      expect(index.publicIpOf({ NetworkInterfaceId: 'eni-x' })).toBeUndefined();
      expect(
        index.publicIpOf({ NetworkInterfaceId: 'eni-y', Association: { PublicIp: '203.0.113.9' } }),
      ).toBe('203.0.113.9');
    });
  });

  describe('internet gateways', () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc({ id: 'vpc-a' });
    const vpcB = net.vpc({ id: 'vpc-b', cidr: '10.1.0.0/16' });
    net.internetGateway({ vpc, id: 'igw-available', state: 'available' });
    net.internetGateway({ vpc: vpcB, id: 'igw-attached', state: 'attached' });
    net.internetGateway({ vpc, id: 'igw-detached', state: 'detached' });
    net.internetGateway({ vpc, id: 'igw-detaching', state: 'detaching' });
    net.internetGateway({ id: 'igw-none' });
    const index = new SnapshotIndex(net.snapshot());

    it('counts "available" and "attached" attachments, not "detached" or "detaching"', () => {
      expect(index.isInternetGatewayAttachedTo('igw-available', 'vpc-a')).toBe(true);
      expect(index.isInternetGatewayAttachedTo('igw-attached', 'vpc-b')).toBe(true);
      expect(index.isInternetGatewayAttachedTo('igw-detached', 'vpc-a')).toBe(false);
      expect(index.isInternetGatewayAttachedTo('igw-detaching', 'vpc-a')).toBe(false);
      expect(index.vpcsOfInternetGateway('igw-none').size).toBe(0);
      expect(index.vpcsOfInternetGateway('igw-unknown').size).toBe(0);
      expect(index.internetGatewaysOfVpc('vpc-a').map((g) => g.InternetGatewayId)).toEqual(['igw-available']);
      expect(index.vpcOf('igw-attached')).toBe('vpc-b');
    });
  });

  describe('hasInternetRoute', () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc({ id: 'vpc-a' });
    const vpcB = net.vpc({ id: 'vpc-b', cidr: '10.1.0.0/16' });
    const igw = net.internetGateway({ vpc, id: 'igw-a' });
    const igwB = net.internetGateway({ vpc: vpcB, id: 'igw-b' });
    const detached = net.internetGateway({ vpc, id: 'igw-d', state: 'detached' });
    const nat = net.natGateway({ subnet: net.subnet({ vpc, id: 'subnet-nat' }), id: 'nat-1' });
    const tables = {
      good: net.routeTable({ vpc, routes: [toIgw(igw)] }),
      blackholed: net.routeTable({ vpc, routes: [blackhole(toIgw(igw))] }),
      elsewhere: net.routeTable({ vpc, routes: [toIgw(igwB)] }),
      detached: net.routeTable({ vpc, routes: [toIgw(detached)] }),
      nat: net.routeTable({ vpc, routes: [toNat(nat)] }),
      partial: net.routeTable({ vpc, routes: [toIgw(igw, '0.0.0.0/1')] }),
      none: net.routeTable({ vpc }),
    };
    const index = new SnapshotIndex(net.snapshot());
    const table = (t: RouteTable) => index.routeTables.get(t.RouteTableId!)!;

    it('is true only for an active default route to an IGW attached to the table’s own VPC', () => {
      expect(index.hasInternetRoute(table(tables.good))).toBe(true);
      expect(index.hasInternetRoute(table(tables.blackholed))).toBe(false);
      expect(index.hasInternetRoute(table(tables.elsewhere))).toBe(false);
      expect(index.hasInternetRoute(table(tables.detached))).toBe(false);
      expect(index.hasInternetRoute(table(tables.nat))).toBe(false);
      expect(index.hasInternetRoute(table(tables.partial))).toBe(false);
      expect(index.hasInternetRoute(table(tables.none))).toBe(false);
    });

    it('finds routes that point at a NAT gateway', () => {
      expect(index.routesToNatGateway('nat-1').map((r) => r.table.RouteTableId)).toEqual([
        tables.nat.RouteTableId,
      ]);
      expect(index.routesToNatGateway('nat-x')).toEqual([]);
      expect(index.defaultRouteOf(table(tables.nat))?.NatGatewayId).toBe('nat-1');
    });
  });

  describe('collection gaps', () => {
    it('region-wide errors mark a part missing; per-VPC errors only that VPC', () => {
      const net = new NetworkBuilder();
      net.error({ api: 'DescribeNetworkAcls', code: 'AccessDenied', message: 'denied' });
      net.error({ api: 'DescribeVpcAttribute', code: 'Throttling', message: 'slow', vpcId: 'vpc-2' });
      net.error({ api: 'SomethingElse', code: 'X', message: 'ignored' });
      const index = new SnapshotIndex(net.snapshot());
      expect([...index.missingParts]).toEqual(['networkAcls']);
      expect([...(index.missingForVpc.get('vpcAttributes') ?? [])]).toEqual(['vpc-2']);
      expect(index.hasPartFor('networkAcls', 'vpc-1')).toBe(false);
      expect(index.hasPartFor('networkAcls', undefined)).toBe(false);
      expect(index.hasPartFor('vpcAttributes', 'vpc-2')).toBe(false);
      expect(index.hasPartFor('vpcAttributes', 'vpc-1')).toBe(true);
      expect(index.hasPartFor('vpcAttributes', undefined)).toBe(true);
      expect(index.hasPartFor('securityGroups', 'vpc-2')).toBe(true);
    });
  });

  describe('vpcOf and tagsOf', () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc({ id: 'vpc-a' });
    const other = net.vpc({ id: 'vpc-b', cidr: '10.1.0.0/16' });
    const subnet = net.subnet({ vpc, id: 'subnet-a' });
    const { eni } = net.instance({ subnet, id: 'web-server' });
    const eip = net.address({ networkInterfaceId: eni.NetworkInterfaceId!, publicIp: '198.51.100.9' });
    delete eip.AllocationId;
    eip.Tags = [{ Key: 'role', Value: 'edge' }];
    net.peering({ requester: other, accepter: vpc, id: 'pcx-1' });
    net.natGateway({ subnet, id: 'nat-1' });
    const index = new SnapshotIndex(net.snapshot());

    it('finds the VPC of every kind of resource, by type or by the form of its id', () => {
      expect(index.vpcOf('vpc-a')).toBe('vpc-a');
      expect(index.vpcOf('subnet-a')).toBe('vpc-a');
      expect(index.vpcOf('nat-1', 'AwsEc2NatGateway')).toBe('vpc-a');
      expect(index.vpcOf('pcx-1')).toBe('vpc-b');
      expect(index.vpcOf(eni.NetworkInterfaceId!)).toBe('vpc-a');
      // An Elastic IP without an allocation id is named by its address, and lives where its interface does.
      expect(index.vpcOf('198.51.100.9')).toBe('vpc-a');
      expect(index.vpcOf('198.51.100.9', 'AwsEc2Eip')).toBe('vpc-a');
      expect(index.tagsOf('198.51.100.9')).toEqual({ role: 'edge' });
    });

    it('finds resources whose ids have no AWS prefix (hand-written snapshots)', () => {
      expect(index.vpcOf('web-server')).toBe('vpc-a');
      expect(index.vpcOf('web-server', 'AwsEc2Instance')).toBe('vpc-a');
    });

    it('knows nothing of unknown ids or of a type that does not match', () => {
      expect(index.vpcOf('i-unknown')).toBeUndefined();
      expect(index.vpcOf('subnet-a', 'AwsEc2Instance')).toBeUndefined();
      expect(index.vpcOf('123456789012', 'AwsAccount')).toBeUndefined();
      expect(index.tagsOf('pcx-unknown')).toEqual({});
    });
  });

  describe('tags and partition', () => {
    it('indexes tags of every resource kind and derives the partition from the region', () => {
      const net = new NetworkBuilder({ region: 'cn-north-1' });
      const vpc = net.vpc({ id: 'vpc-a' });
      net.data.vpcs[0]!.Tags = [{ Key: 'env', Value: 'prod' }, { Key: 'flag' }];
      net.networkInterface({ subnet: net.subnet({ vpc, id: 'subnet-a' }), id: 'eni-t' });
      net.data.networkInterfaces[0]!.TagSet = [{ Key: 'team', Value: 'net' }];
      const index = new SnapshotIndex(net.snapshot());
      expect(index.partition).toBe('aws-cn');
      expect(index.tagsOf('vpc-a')).toEqual({ env: 'prod', flag: '' });
      expect(index.tagsOf('eni-t')).toEqual({ team: 'net' });
      expect(index.tagsOf('nothing')).toEqual({});
    });
  });
});

describe('matchRoute', () => {
  const table: RouteTable = {
    RouteTableId: 'rtb-1',
    Routes: [
      { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-1' },
      { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local' },
      { DestinationCidrBlock: '10.0.5.0/24', VpcPeeringConnectionId: 'pcx-1' },
      { DestinationCidrBlock: '10.0.5.128/25', NatGatewayId: 'nat-1' },
      { DestinationPrefixListId: 'pl-1', GatewayId: 'vpce-1' },
      { DestinationIpv6CidrBlock: '::/0', EgressOnlyInternetGatewayId: 'eigw-1' },
      { DestinationIpv6CidrBlock: '2001:db8::/56', GatewayId: 'local' },
      { DestinationIpv6CidrBlock: '2001:db8:0:1::/64', TransitGatewayId: 'tgw-1' },
    ],
  };
  const targetOf = (address: string) => {
    const route = matchRoute(table, address);
    return route ? routeTarget(route).id : undefined;
  };

  it('picks the longest matching IPv4 prefix, whatever the route order', () => {
    expect(targetOf('10.0.5.200')).toBe('nat-1');
    expect(targetOf('10.0.5.10')).toBe('pcx-1');
    expect(targetOf('10.0.6.1')).toBe('local');
    expect(targetOf('8.8.8.8')).toBe('igw-1');
    const reversed = { ...table, Routes: [...table.Routes!].reverse() };
    expect(matchRoute(reversed, '10.0.5.200')?.NatGatewayId).toBe('nat-1');
  });

  it('picks the longest matching IPv6 prefix and never an IPv4 route', () => {
    expect(targetOf('2001:db8:0:1::5')).toBe('tgw-1');
    expect(targetOf('2001:db8:0:2::5')).toBe('local');
    expect(targetOf('2600::1')).toBe('eigw-1');
    expect(
      matchRoute({ Routes: [{ DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-1' }] }, '2600::1'),
    ).toBeUndefined();
  });

  it('returns nothing for an unparseable address or a table without routes', () => {
    expect(matchRoute(table, 'not-an-ip')).toBeUndefined();
    expect(matchRoute({ RouteTableId: 'rtb-2' }, '8.8.8.8')).toBeUndefined();
  });
});

describe('routeTarget', () => {
  it.each<[Route, string, string]>([
    [{ GatewayId: 'local' }, 'local', 'local'],
    [{ GatewayId: 'igw-1' }, 'igw', 'igw-1'],
    [{ EgressOnlyInternetGatewayId: 'eigw-1' }, 'eigw', 'eigw-1'],
    [{ NatGatewayId: 'nat-1' }, 'nat', 'nat-1'],
    [{ VpcPeeringConnectionId: 'pcx-1' }, 'pcx', 'pcx-1'],
    [{ TransitGatewayId: 'tgw-1' }, 'tgw', 'tgw-1'],
    [{ GatewayId: 'vgw-1' }, 'vgw', 'vgw-1'],
    [{ GatewayId: 'vpce-1' }, 'vpce', 'vpce-1'],
    [{ NetworkInterfaceId: 'eni-1' }, 'eni', 'eni-1'],
    [{ InstanceId: 'i-1', NetworkInterfaceId: 'eni-1' }, 'eni', 'eni-1'],
    [{ InstanceId: 'i-1' }, 'instance', 'i-1'],
    [{ CarrierGatewayId: 'cagw-1' }, 'other', 'cagw-1'],
    [{ LocalGatewayId: 'lgw-1' }, 'other', 'lgw-1'],
    [{}, 'other', 'unknown'],
  ])('%j → %s %s', (route, kind, id) => {
    expect(routeTarget(route)).toEqual({ kind, id });
  });

  it('describes a route by destination, target and state', () => {
    expect(describeRoute(blackhole(toPeering({ VpcPeeringConnectionId: 'pcx-9' }, '10.9.0.0/16')))).toBe(
      '10.9.0.0/16 -> pcx-9 (blackhole)',
    );
    expect(describeRoute({ DestinationPrefixListId: 'pl-1', GatewayId: 'vpce-1' })).toBe('pl-1 -> vpce-1');
    expect(routeDestination({ DestinationIpv6CidrBlock: '::/0' })).toBe('::/0');
    expect(routeDestination({})).toBe('?');
    expect(isDefaultRoute({ DestinationCidrBlock: '0.0.0.0/0' })).toBe(true);
    expect(isDefaultRoute({ DestinationIpv6CidrBlock: '::/0' })).toBe(true);
    expect(isDefaultRoute({ DestinationCidrBlock: '0.0.0.0/1' })).toBe(false);
  });
});
