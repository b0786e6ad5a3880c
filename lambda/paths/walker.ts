import type { Instance, NatGateway, NetworkAcl, NetworkInterface, RouteTable } from '@aws-sdk/client-ec2';
import { describeRoute, type SnapshotIndex } from '../engine/snapshot-index';
import { isPublicAddress } from '../net/internet';
import { PortSet } from '../net/ports';
import {
  cidrHolds,
  EPHEMERAL,
  ephemeralPortsOf,
  INTERNET_PROBE,
  ipv6Addresses,
  privateAddresses,
  publicIpv4Of,
  publicMappings,
  versionOf,
} from './addresses';
import { classifyEndpoint } from './hops/endpoints';
import {
  blockPublicAccessHop,
  egressOnlyGatewayHop,
  internetGatewayHop,
  type BpaTraffic,
} from './hops/internet-gateway';
import { naclHop, naclOfSubnet } from './hops/nacl';
import { natGatewayHop, natInstanceHop, natPrivateIp, natPublicIp } from './hops/nat';
import { peeringHop } from './hops/peering';
import { edgeTableOf, matchRoute, tableLabel, type RouteMatch } from './hops/routes';
import { securityGroupHop } from './hops/security-groups';
import { INTERNET, type Peer, type Traffic } from './peer';
import { resolvePrefixList } from '../net/prefix-lists';
import { servicePrefixListId } from './prefix-lists';
import type { Direction, Endpoint, Hop, PathAnswer, PathQuery, PathVerdict } from './types';
import type { Located, World } from './world';

/** Who sends the packet at this point of the path: the source, or a NAT that translated it. */
interface Sender {
  address: string;
  eni?: NetworkInterface;
  instance?: Instance;
  nat?: NatGateway;
  subnetId?: string;
  vpcId?: string;
  /** The source ports this sender picks, which its replies come back to. */
  ephemeral: { ports: PortSet; label: string };
}

/** A check the replies must pass, recorded on the way there and evaluated on the way back. */
type Obligation = () => Hop | undefined;

/** Routing loops and chains of NAT devices end here. */
const MAX_DEPTH = 8;

class Walk {
  readonly hops: Hop[] = [];
  readonly back: Obligation[] = [];
  /** Hops the walk went past without seeing through (inspection appliances): never `works` on their word. */
  readonly unverified: Hop[] = [];
  stopped = false;

  constructor(
    readonly index: SnapshotIndex,
    readonly query: PathQuery,
  ) {}

  get traffic(): Traffic {
    return { protocol: this.query.protocol, ports: PortSet.range(this.query.port) };
  }

  /** Records a hop; false when the walk cannot go on past it. */
  add(hop: Hop | undefined): boolean {
    if (!hop || this.stopped) return !this.stopped;
    this.hops.push(hop);
    if (hop.status === 'FAIL' || hop.status === 'SKIP') this.stopped = true;
    return !this.stopped;
  }

  /** A hop that is reported but not seen through: the walk goes on, the verdict cannot be `works`. */
  pass(hop: Hop): void {
    this.hops.push(hop);
    this.unverified.push(hop);
  }

  onReturn(obligation: Obligation): void {
    this.back.push(obligation);
  }
}

/** The destination as the filters and the route lookup see it. */
interface Target {
  endpoint: Endpoint;
  /** The address routes are looked up for. */
  address: string;
  /** What security groups and NACLs match. */
  peer: Peer;
}

function targetOf(index: SnapshotIndex, endpoint: Endpoint, version: 4 | 6): Target {
  switch (endpoint.kind) {
    case 'internet':
      return { endpoint, address: INTERNET_PROBE[version], peer: INTERNET };
    case 'public-host':
    case 'vpc-host':
    case 'on-premises':
      return { endpoint, address: endpoint.address, peer: { kind: 'address', address: endpoint.address } };
    case 'interface':
      return {
        endpoint,
        address: endpoint.address,
        peer: { kind: 'address', address: endpoint.address, eni: endpoint.eni },
      };
    case 'service': {
      const address = serviceAddress(index, endpoint.service, version);
      return { endpoint, address, peer: { kind: 'address', address } };
    }
  }
}

/** An address of the regional service, from its AWS-managed prefix list, else any internet address. */
function serviceAddress(index: SnapshotIndex, service: string, version: 4 | 6): string {
  const id = servicePrefixListId(index, service);
  const list = id ? resolvePrefixList(index, id) : undefined;
  const cidr =
    list?.kind === 'resolved' ? list.cidrs.find((c) => c.includes(':') === (version === 6)) : undefined;
  return cidr ? cidr.slice(0, cidr.indexOf('/')) : INTERNET_PROBE[version];
}

const hopOf = (
  kind: Hop['kind'],
  resourceId: string,
  status: Hop['status'],
  message: string,
  fix: string | null = null,
  evidence: string[] = [],
): Hop => ({
  kind,
  resourceId,
  status,
  message,
  evidence: evidence.length > 0 ? evidence : [message],
  fix,
});

/** The NACL crossing of a subnet boundary, with the reply's crossing recorded for the way back. */
function crossNacl(
  walk: Walk,
  subnetId: string,
  egress: boolean,
  peer: Peer,
  replyPeer: Peer,
  replyPorts: Sender['ephemeral'],
): boolean {
  const acl: NetworkAcl | undefined = naclOfSubnet(walk.index, subnetId);
  const version = walk.query.ipVersion;
  if (!walk.add(naclHop(acl, subnetId, egress, peer, walk.traffic, version, 'request'))) return false;
  walk.onReturn(() =>
    naclHop(
      acl,
      subnetId,
      !egress,
      replyPeer,
      { protocol: walk.query.protocol, ports: replyPorts.ports },
      version,
      { replies: replyPorts.label },
    ),
  );
  return true;
}

function senderPeer(sender: Sender): Peer {
  return { kind: 'address', address: sender.address, ...(sender.eni ? { eni: sender.eni } : {}) };
}

/** Starts a path at an interface: its instance, its groups, its subnet's NACL and route. */
function fromInterface(walk: Walk, source: Extract<Endpoint, { kind: 'interface' }>, target: Target): void {
  const { eni, instance } = source;
  if (!walk.add(endpointHop(walk.index, eni, instance, 'source'))) return;
  const sender: Sender = {
    address: source.address,
    eni,
    ...(instance ? { instance } : {}),
    ...(eni.SubnetId ? { subnetId: eni.SubnetId } : {}),
    ...(eni.VpcId ? { vpcId: eni.VpcId } : {}),
    ephemeral: ephemeralPortsOf(instance),
  };
  leaveInterface(walk, sender, target, 0);
}

/** From an interface onward: its security groups' egress, its subnet's NACL, its table's route. */
function leaveInterface(walk: Walk, sender: Sender, target: Target, depth: number): void {
  if (
    sender.eni &&
    !walk.add(securityGroupHop(walk.index, sender.eni, true, target.peer, walk.traffic, walk.query.ipVersion))
  )
    return;
  const dest = target.endpoint;
  if (dest.kind === 'interface' && dest.eni.SubnetId && dest.eni.SubnetId === sender.subnetId) {
    // Traffic inside one subnet crosses no NACL and no route table.
    arrive(walk, sender, target);
    return;
  }
  if (!sender.subnetId) {
    walk.add(
      hopOf(
        'network-interface',
        sender.eni?.NetworkInterfaceId ?? '?',
        'SKIP',
        'the sender has no subnet in the snapshot',
      ),
    );
    return;
  }
  if (!crossNacl(walk, sender.subnetId, true, target.peer, target.peer, sender.ephemeral)) return;
  route(walk, sender, sender.subnetId, target, depth);
}

/** The longest-prefix route of a subnet's table for the destination, then whatever it leads to. */
function route(walk: Walk, sender: Sender, subnetId: string, target: Target, depth: number): void {
  const index = walk.index;
  if (depth > MAX_DEPTH) {
    walk.add(
      hopOf(
        'route-table',
        subnetId,
        'FAIL',
        `the path loops: more than ${MAX_DEPTH} routing steps`,
        'Check the routes of the tables on this path for a loop.',
      ),
    );
    return;
  }
  const table = index.routeTableOf(subnetId);
  if (!table) {
    walk.add(
      hopOf(
        'route-table',
        subnetId,
        'FAIL',
        `${subnetId} has no route table in the snapshot (no association and no main table)`,
        `Associate ${subnetId} with a route table.`,
      ),
    );
    return;
  }
  const label = tableLabel(table, index.usesMainRouteTable(subnetId));
  const { match, unresolved } = matchRoute(index, table, target.address);
  const dest = target.endpoint;
  const what = dest.kind === 'internet' ? `internet traffic (${target.address})` : target.address;
  if (!match) {
    const routes = (table.Routes ?? []).map(describeRoute);
    if (unresolved.length > 0) {
      walk.add(
        hopOf(
          'route-table',
          table.RouteTableId ?? '?',
          'SKIP',
          `${label} has no route for ${what}, unless prefix list ${unresolved.join(', ')} (not collected) holds it`,
          null,
          routes,
        ),
      );
      return;
    }
    walk.add(
      hopOf(
        'route-table',
        table.RouteTableId ?? '?',
        'FAIL',
        `${label} has no route for ${what}, used by ${subnetId}`,
        missingRouteFix(index, table, sender, target),
        routes,
      ),
    );
    return;
  }
  const routeText = describeRoute(match.route);
  if (match.route.State === 'blackhole') {
    walk.add(
      hopOf(
        'route-table',
        table.RouteTableId ?? '?',
        'FAIL',
        `${label} sends ${what} to a deleted target: ${routeText}`,
        `Replace the blackhole route in ${table.RouteTableId ?? 'the table'} with one to a working target${dest.kind === 'internet' ? ` (${suggestedGateway(index, table, sender)})` : ''}.`,
        [`${table.RouteTableId}: ${routeText}`],
      ),
    );
    return;
  }
  if (dest.kind === 'on-premises' && ['igw', 'nat', 'eigw', 'local'].includes(match.target.kind)) {
    walk.add(
      hopOf(
        'route-table',
        table.RouteTableId ?? '?',
        'FAIL',
        `${label} sends ${target.address} (${dest.network}) to ${match.target.id}, not to a VPN, transit gateway or Direct Connect gateway`,
        `Add a route ${dest.cidrs.join(', ')} -> the virtual private gateway or transit gateway that reaches ${dest.network}, or enable route propagation from the virtual private gateway.`,
        [`${table.RouteTableId}: ${routeText}`],
      ),
    );
    return;
  }
  if (
    !walk.add(
      hopOf(
        'route-table',
        table.RouteTableId ?? '?',
        'PASS',
        `${label} sends ${what} via ${routeText}`,
        null,
        [`${table.RouteTableId}: ${routeText} (longest prefix for ${target.address})`],
      ),
    )
  )
    return;
  follow(walk, sender, table, match, target, depth);
}

/** What a route leads to: the gateway, peering, NAT or endpoint the packet is handed to. */
function follow(
  walk: Walk,
  sender: Sender,
  table: RouteTable,
  match: RouteMatch,
  target: Target,
  depth: number,
): void {
  const index = walk.index;
  const dest = target.endpoint;
  const { kind, id } = match.target;
  switch (kind) {
    case 'local':
      arrive(walk, sender, target);
      return;
    case 'igw':
      throughInternetGateway(walk, sender, table, id, target);
      return;
    case 'eigw': {
      if (!walk.add(egressOnlyGatewayHop(index, id, table.VpcId, false))) return;
      if (!walk.add(blockPublicAccessHop(index, table.VpcId, sender.subnetId, 'outbound', true))) return;
      reachInternet(walk, target, id);
      return;
    }
    case 'nat':
      throughNatGateway(walk, sender, id, target, depth);
      return;
    case 'instance':
    case 'eni':
      throughNatInstance(walk, sender, { kind, id }, target, depth);
      return;
    case 'pcx': {
      const internetBound =
        dest.kind === 'internet' || dest.kind === 'public-host' || dest.kind === 'service';
      const peering = peeringHop(index, id, table.VpcId, internetBound ? undefined : target.address);
      if (!walk.add(peering.hop)) return;
      if (!peering.peerInSnapshot) {
        walk.add(
          hopOf(
            'vpc-peering',
            id,
            'SKIP',
            `the path continues in ${peering.peerVpcId ?? 'the peer VPC'}, which this snapshot does not hold: give its account and region's snapshot too`,
          ),
        );
        return;
      }
      walk.onReturn(() =>
        returnRoute(walk, target, sender, (m) => m.target.kind === 'pcx' && m.target.id === id, `${id}`),
      );
      arrive(walk, sender, target);
      return;
    }
    case 'vpce': {
      const endpoint = classifyEndpoint(index, id);
      if (endpoint.kind === 'gateway') {
        const serves = dest.kind === 'service' && dest.service === endpoint.service;
        const state = endpoint.endpoint.State ?? 'unknown';
        if (!serves || state.toLowerCase() !== 'available') {
          walk.add(
            hopOf(
              'vpc-endpoint',
              id,
              'FAIL',
              serves
                ? `${id} is ${state}, not available`
                : `${id} is a gateway endpoint for ${endpoint.service}: it carries nothing else`,
              serves ? `Recreate ${id}.` : 'Remove the route, or route this destination elsewhere.',
            ),
          );
          return;
        }
        walk.add(
          hopOf(
            'vpc-endpoint',
            id,
            'PASS',
            `${id} (gateway endpoint for ${endpoint.service}) carries the traffic to ${endpoint.endpoint.ServiceName ?? endpoint.service}`,
            null,
            [`${id} ${endpoint.endpoint.ServiceName ?? ''} ${state}`],
          ),
        );
        return;
      }
      if (endpoint.kind === 'inspection') {
        walk.pass(
          hopOf(
            'inspection',
            id,
            'SKIP',
            `inspected by ${endpoint.by}: routing is followed, its policy is not evaluated`,
            null,
          ),
        );
        if (!endpoint.subnetId) {
          walk.add(
            hopOf(
              'inspection',
              id,
              'SKIP',
              `the subnet of ${id} is not known: the path cannot be followed past it`,
            ),
          );
          return;
        }
        // The appliance's subnet is entered and left: both NACL crossings, then its table routes onward.
        if (
          !crossNacl(walk, endpoint.subnetId, false, senderPeer(sender), senderPeer(sender), sender.ephemeral)
        )
          return;
        if (!crossNacl(walk, endpoint.subnetId, true, target.peer, target.peer, sender.ephemeral)) return;
        route(walk, { ...sender, subnetId: endpoint.subnetId }, endpoint.subnetId, target, depth + 1);
        return;
      }
      walk.add(
        hopOf(
          'vpc-endpoint',
          id,
          'SKIP',
          endpoint.kind === 'unknown'
            ? endpoint.reason
            : `${id} is an interface endpoint: a route to it is not followed`,
        ),
      );
      return;
    }
    case 'tgw':
      walk.add(
        hopOf(
          'transit-gateway',
          id,
          'SKIP',
          `the path leaves the VPC through transit gateway ${id}: transit gateway hops are not evaluated yet; check its VPC attachment, route table and the way back`,
        ),
      );
      return;
    case 'vgw':
      walk.add(
        hopOf(
          'virtual-private-gateway',
          id,
          'SKIP',
          `the path leaves the VPC through ${id}: VPN and Direct Connect hops are not evaluated yet; check the VPN tunnels or the virtual interface`,
        ),
      );
      return;
    default:
      walk.add(
        hopOf('gateway', id, 'SKIP', `the path leaves the VPC via ${id}, which NetAudit cannot see past`),
      );
  }
}

/** Through an internet gateway to the internet: its attachment, the sender's public address, BPA. */
function throughInternetGateway(
  walk: Walk,
  sender: Sender,
  table: RouteTable,
  igwId: string,
  target: Target,
): void {
  const index = walk.index;
  const dest = target.endpoint;
  if (dest.kind === 'vpc-host' || dest.kind === 'interface') {
    if (!isPublicAddress(target.address)) {
      walk.add(
        hopOf(
          'route-table',
          table.RouteTableId ?? '?',
          'FAIL',
          `${target.address} is a private address, but the route sends it to ${igwId}: the internet never delivers it`,
          `Route ${target.address} through the peering, transit gateway or VPN that reaches it.`,
        ),
      );
      return;
    }
  }
  if (!walk.add(internetGatewayHop(index, igwId, table.VpcId))) return;
  const version = walk.query.ipVersion;
  let publicAddress: string | undefined;
  if (sender.nat) publicAddress = natPublicIp(sender.nat);
  else if (sender.eni) {
    publicAddress =
      version === 4
        ? publicIpv4Of(index, sender.eni, sender.address)
        : ipv6Addresses(sender.eni).includes(sender.address)
          ? sender.address
          : undefined;
    const id = sender.eni.NetworkInterfaceId ?? '?';
    if (!publicAddress) {
      const others = version === 4 ? publicMappings(index, sender.eni) : [];
      const evidence = others.map((m) => `${m.public} belongs to ${m.private}, not ${sender.address}`);
      walk.add(
        hopOf(
          'public-address',
          id,
          'FAIL',
          version === 4
            ? `${sender.address} on ${id} has no public IPv4 address: the internet gateway cannot translate it${others.length > 0 ? ` (${others.map((m) => `${m.public} serves ${m.private} only`).join('; ')})` : ''}`
            : `${id} has no IPv6 address`,
          version === 4
            ? `Associate an Elastic IP with ${sender.address} on ${id}, or route the subnet through a NAT gateway.`
            : `Assign an IPv6 address to ${id}.`,
          evidence,
        ),
      );
      return;
    }
    if (
      !walk.add(hopOf('public-address', id, 'PASS', `${sender.address} on ${id} leaves as ${publicAddress}`))
    )
      return;
  }
  const traffic: BpaTraffic = sender.nat ? 'nat-gateway' : 'outbound';
  if (!walk.add(blockPublicAccessHop(index, table.VpcId, sender.subnetId, traffic))) return;
  const edge = edgeTableOf(index, igwId);
  if (edge) walk.onReturn(() => edgeRoute(walk, edge, igwId, sender.address));
  if (dest.kind === 'interface' && publicAddress) {
    reachInternet(walk, target, igwId, false);
    enterFromInternet(walk, dest, { kind: 'address', address: publicAddress }, sender.ephemeral, 0);
    return;
  }
  reachInternet(walk, target, igwId);
}

function reachInternet(walk: Walk, target: Target, via: string, final = true): void {
  if (!final) return;
  const dest = target.endpoint;
  const what =
    dest.kind === 'service'
      ? `the public endpoint of ${dest.service}`
      : dest.kind === 'internet'
        ? 'the internet'
        : target.address;
  walk.add(hopOf('destination', via, 'PASS', `handed to ${what} through ${via}`));
}

/** The replies of a connection entering the VPC through a gateway follow its edge route table. */
function edgeRoute(walk: Walk, edge: RouteTable, gatewayId: string, address: string): Hop {
  const { match } = matchRoute(walk.index, edge, address);
  const id = edge.RouteTableId ?? '?';
  if (!match)
    return hopOf(
      'route-table',
      id,
      'FAIL',
      `${id} (edge route table of ${gatewayId}) has no route for ${address}`,
      `Add a route for ${address}'s subnet to ${id}.`,
    );
  const text = describeRoute(match.route);
  if (match.route.State === 'blackhole') {
    return hopOf(
      'route-table',
      id,
      'FAIL',
      `${id} (edge route table of ${gatewayId}) sends traffic for ${address} to a deleted target: ${text}`,
      `Replace the blackhole route in ${id}: traffic entering through ${gatewayId} follows it.`,
    );
  }
  if (match.target.kind !== 'local') {
    return hopOf(
      'inspection',
      id,
      'SKIP',
      `${id} (edge route table of ${gatewayId}) sends traffic for ${address} through ${match.target.id}: routing is followed, the appliance's policy is not evaluated`,
    );
  }
  return hopOf(
    'route-table',
    id,
    'PASS',
    `${id} (edge route table of ${gatewayId}) delivers ${address} locally: ${text}`,
  );
}

/** A NAT gateway: entered from the sender's side (its subnet's NACL), then it sends on as itself. */
function throughNatGateway(walk: Walk, sender: Sender, natId: string, target: Target, depth: number): void {
  const index = walk.index;
  const internetBound =
    target.endpoint.kind !== 'vpc-host' &&
    target.endpoint.kind !== 'interface' &&
    target.endpoint.kind !== 'on-premises';
  const { hop, nat } = natGatewayHop(index, natId, internetBound);
  if (!walk.add(hop) || !nat) return;
  const natSubnet = nat.SubnetId;
  if (!natSubnet) {
    walk.add(hopOf('nat-gateway', natId, 'SKIP', `${natId} has no subnet in the snapshot`));
    return;
  }
  const natSender: Sender = {
    address: natPrivateIp(nat) ?? natId,
    nat,
    subnetId: natSubnet,
    ...(nat.VpcId ? { vpcId: nat.VpcId } : {}),
    ephemeral: { ports: EPHEMERAL.natGateway, label: 'the NAT gateway ports 1024-65535' },
  };
  if (natSubnet !== sender.subnetId) {
    // The request enters the NAT gateway's subnet from the sender's private address, and the replies
    // leave it towards the sender's own ephemeral ports: the NAT subnet's NACL is crossed twice.
    if (!crossNacl(walk, natSubnet, false, senderPeer(sender), senderPeer(sender), sender.ephemeral)) return;
  }
  if (!crossNacl(walk, natSubnet, true, target.peer, target.peer, natSender.ephemeral)) return;
  route(walk, natSender, natSubnet, target, depth + 1);
}

/** A NAT instance: entered like any interface, then it sends on as itself with its own public address. */
function throughNatInstance(
  walk: Walk,
  sender: Sender,
  targetRef: { kind: 'instance' | 'eni'; id: string },
  target: Target,
  depth: number,
): void {
  const { hop, eni, instance } = natInstanceHop(walk.index, targetRef);
  if (!walk.add(hop) || !eni) return;
  const natSubnet = eni.SubnetId;
  if (natSubnet && natSubnet !== sender.subnetId) {
    if (!crossNacl(walk, natSubnet, false, senderPeer(sender), senderPeer(sender), sender.ephemeral)) return;
  }
  if (
    !walk.add(
      securityGroupHop(walk.index, eni, false, senderPeer(sender), walk.traffic, walk.query.ipVersion),
    )
  )
    return;
  const address = privateAddresses(eni)[0] ?? eni.NetworkInterfaceId ?? '?';
  leaveInterface(
    walk,
    {
      address,
      eni,
      ...(instance ? { instance } : {}),
      ...(natSubnet ? { subnetId: natSubnet } : {}),
      ...(eni.VpcId ? { vpcId: eni.VpcId } : {}),
      ephemeral: ephemeralPortsOf(instance),
    },
    target,
    depth + 1,
  );
}

/** The destination's side inside a VPC: its subnet's NACL, its groups, its instance. */
function arrive(walk: Walk, sender: Sender, target: Target): void {
  const dest = target.endpoint;
  const from = senderPeer(sender);
  if (dest.kind === 'vpc-host') {
    if (dest.subnetId && dest.subnetId !== sender.subnetId) {
      if (!crossNacl(walk, dest.subnetId, false, from, from, sender.ephemeral)) return;
    }
    walk.add(
      hopOf(
        'destination',
        dest.address,
        'SKIP',
        `no interface of the snapshot holds ${dest.address}: its security groups and state are not known`,
      ),
    );
    return;
  }
  if (dest.kind !== 'interface') {
    walk.add(
      hopOf(
        'route-table',
        dest.kind,
        'FAIL',
        `the route delivers inside the VPC, but ${target.address} is not there`,
        `Route ${target.address} to the gateway that reaches it.`,
      ),
    );
    return;
  }
  const eni = dest.eni;
  if (eni.SubnetId && eni.SubnetId !== sender.subnetId) {
    if (!crossNacl(walk, eni.SubnetId, false, from, from, sender.ephemeral)) return;
    if (sender.subnetId && eni.VpcId === sender.vpcId) {
      walk.onReturn(() =>
        returnRoute(walk, target, sender, (m) => m.target.kind === 'local', 'the local route'),
      );
    }
  }
  if (!walk.add(securityGroupHop(walk.index, eni, false, from, walk.traffic, walk.query.ipVersion))) return;
  walk.add(endpointHop(walk.index, eni, dest.instance, 'destination'));
}

/** Replies leave the destination's subnet by its own table: they must go back the way they came. */
function returnRoute(
  walk: Walk,
  target: Target,
  sender: Sender,
  expected: (m: RouteMatch) => boolean,
  expectedLabel: string,
): Hop | undefined {
  const dest = target.endpoint;
  if (dest.kind !== 'interface' || !dest.eni.SubnetId) return undefined;
  const index = walk.index;
  const table = index.routeTableOf(dest.eni.SubnetId);
  if (!table)
    return hopOf(
      'route-table',
      dest.eni.SubnetId,
      'FAIL',
      `${dest.eni.SubnetId} has no route table: replies have no way back`,
      `Associate ${dest.eni.SubnetId} with a route table.`,
    );
  const { match } = matchRoute(index, table, sender.address);
  const id = table.RouteTableId ?? '?';
  if (match && match.route.State !== 'blackhole' && expected(match)) {
    return hopOf(
      'route-table',
      id,
      'PASS',
      `${id} routes the replies to ${sender.address} back via ${describeRoute(match.route)}`,
    );
  }
  const has = match ? describeRoute(match.route) : 'no route';
  return hopOf(
    'route-table',
    id,
    'FAIL',
    `${id} (${dest.eni.SubnetId}) sends the replies to ${sender.address} via ${has}, not back through ${expectedLabel}: the return path is broken (asymmetric routing)`,
    `Add a route for ${sender.address}'s network via ${expectedLabel} to ${id}.`,
  );
}

/** A connection opened from the internet (or one public address) to an interface. */
function enterFromInternet(
  walk: Walk,
  dest: Extract<Endpoint, { kind: 'interface' }>,
  client: Peer,
  clientPorts: Sender['ephemeral'],
  depth: number,
): void {
  const index = walk.index;
  const eni = dest.eni;
  const id = eni.NetworkInterfaceId ?? '?';
  const version = walk.query.ipVersion;
  const vpcId = eni.VpcId;
  const igw = vpcId ? index.internetGatewaysOfVpc(vpcId)[0]?.InternetGatewayId : undefined;
  if (!igw) {
    walk.add(
      hopOf(
        'internet-gateway',
        vpcId ?? '?',
        'FAIL',
        `${vpcId ?? 'the VPC'} has no internet gateway attached: nothing enters it from the internet`,
        `Attach an internet gateway to ${vpcId ?? 'the VPC'}.`,
      ),
    );
    return;
  }
  if (!walk.add(internetGatewayHop(index, igw, vpcId))) return;
  let privateAddress = dest.address;
  if (version === 4) {
    const mappings = publicMappings(index, eni);
    const mapping = mappings.find((m) => m.private === dest.address) ?? mappings[0];
    if (!mapping) {
      walk.add(
        hopOf(
          'public-address',
          id,
          'FAIL',
          `${id} has no public IPv4 address: the internet cannot address it`,
          `Associate an Elastic IP with ${id}, or put a load balancer in front of it.`,
        ),
      );
      return;
    }
    privateAddress = mapping.private;
    if (
      !walk.add(hopOf('public-address', id, 'PASS', `${mapping.public} maps to ${mapping.private} on ${id}`))
    )
      return;
  } else if (!ipv6Addresses(eni).length) {
    walk.add(
      hopOf('public-address', id, 'FAIL', `${id} has no IPv6 address`, `Assign an IPv6 address to ${id}.`),
    );
    return;
  }
  if (!walk.add(blockPublicAccessHop(index, vpcId, eni.SubnetId, 'inbound'))) return;
  const edge = edgeTableOf(index, igw);
  if (edge) {
    const hop = edgeRoute(walk, edge, igw, privateAddress);
    if (hop.kind === 'inspection') walk.pass(hop);
    else if (!walk.add(hop)) return;
  }
  const subnetId = eni.SubnetId;
  if (!subnetId)
    return void walk.add(hopOf('network-interface', id, 'SKIP', `${id} has no subnet in the snapshot`));
  if (!crossNacl(walk, subnetId, false, client, client, clientPorts)) return;
  // Replies go back by the destination subnet's own table: only an attached internet gateway carries them.
  const probe = client.kind === 'address' ? client.address : INTERNET_PROBE[version];
  walk.onReturn(() => {
    const table = index.routeTableOf(subnetId);
    if (!table)
      return hopOf(
        'route-table',
        subnetId,
        'FAIL',
        `${subnetId} has no route table: replies have no way back`,
        `Associate ${subnetId} with a route table.`,
      );
    const { match } = matchRoute(index, table, probe);
    const tid = table.RouteTableId ?? '?';
    if (
      match &&
      match.route.State !== 'blackhole' &&
      match.target.kind === 'igw' &&
      index.isInternetGatewayAttachedTo(match.target.id, vpcId ?? '')
    ) {
      return hopOf(
        'route-table',
        tid,
        'PASS',
        `${tid} sends the replies to ${probe} via ${describeRoute(match.route)}`,
      );
    }
    const has = match ? describeRoute(match.route) : 'no route';
    return hopOf(
      'route-table',
      tid,
      'FAIL',
      `${tid} sends the replies to ${probe} via ${has}: ${match?.target.kind === 'nat' || match?.target.kind === 'eigw' ? 'that gateway carries only connections the instance opens' : 'not through the internet gateway they came in by'}`,
      `Route ${version === 4 ? '0.0.0.0/0' : '::/0'} to ${igw} in ${tid}, or put a load balancer in front of ${id}.`,
    );
  });
  if (!walk.add(securityGroupHop(index, eni, false, client, walk.traffic, version))) return;
  walk.add(endpointHop(index, eni, dest.instance, 'destination'));
  void depth;
}

/** Only a running instance sends or answers; an interface of an AWS service answers for it. */
function endpointHop(
  index: SnapshotIndex,
  eni: NetworkInterface,
  instance: Instance | undefined,
  role: 'source' | 'destination',
): Hop {
  const id = eni.NetworkInterfaceId ?? '?';
  if (!eni.Attachment || eni.Status === 'available') {
    return hopOf(
      'network-interface',
      id,
      'FAIL',
      `${id} is not attached to anything`,
      `Attach ${id} to an instance.`,
    );
  }
  const instanceId = eni.Attachment.InstanceId;
  if (!instanceId)
    return hopOf(
      'network-interface',
      id,
      'PASS',
      `${id} belongs to an AWS service (${eni.InterfaceType ?? 'interface'})`,
    );
  const found = instance ?? index.instances.get(instanceId);
  if (!found)
    return hopOf(
      'instance',
      instanceId,
      'WARN',
      `${instanceId} is not in the snapshot: its state is not known`,
    );
  const state = found.State?.Name ?? 'unknown';
  if (state !== 'running')
    return hopOf(
      'instance',
      instanceId,
      'FAIL',
      `${instanceId} is ${state}: it ${role === 'source' ? 'sends' : 'answers'} nothing`,
      `Start ${instanceId}.`,
    );
  return hopOf('instance', instanceId, 'PASS', `${instanceId} is running (${id})`);
}

/** A fix for a missing route that names the gateway that could carry it. */
function missingRouteFix(index: SnapshotIndex, table: RouteTable, sender: Sender, target: Target): string {
  const dest = target.endpoint;
  const id = table.RouteTableId ?? 'the table';
  if (dest.kind === 'internet' || dest.kind === 'public-host' || dest.kind === 'service') {
    const cidr = versionOf(target.address) === 6 ? '::/0' : '0.0.0.0/0';
    return `Add a route ${cidr} -> ${suggestedGateway(index, table, sender)} to ${id}.`;
  }
  if (dest.kind === 'on-premises') {
    return `Add a route ${dest.cidrs.join(', ')} -> the virtual private gateway or transit gateway that reaches ${dest.network} to ${id}, or enable route propagation.`;
  }
  const peering = [...index.peerings.values()].find((p) => {
    const ends = [p.RequesterVpcInfo, p.AccepterVpcInfo];
    return (
      p.Status?.Code === 'active' &&
      ends.some((e) => e?.VpcId === table.VpcId) &&
      ends.some(
        (e) =>
          e?.VpcId !== table.VpcId &&
          (e?.CidrBlockSet ?? [{ CidrBlock: e?.CidrBlock }]).some((c) =>
            cidrHolds(c.CidrBlock, target.address),
          ),
      )
    );
  });
  return peering
    ? `Add a route for ${target.address}'s VPC CIDR -> ${peering.VpcPeeringConnectionId} to ${id}.`
    : `Add a route for ${target.address} to ${id} (through the peering, transit gateway or VPN that reaches it).`;
}

/**
 * The gateway a default route should name: the attached internet gateway when the sender has a public
 * address, else an available public NAT gateway of the VPC whose subnet reaches the internet (the same
 * Availability Zone first), else the internet gateway with a public address to add.
 */
function suggestedGateway(index: SnapshotIndex, table: RouteTable, sender: Sender): string {
  const vpcId = table.VpcId ?? '';
  const igw = index.internetGatewaysOfVpc(vpcId)[0]?.InternetGatewayId;
  const hasPublic =
    !!sender.eni && publicMappings(index, sender.eni).some((m) => m.private === sender.address);
  if (hasPublic && igw) return `${igw} (the internet gateway attached to ${vpcId})`;
  const az = sender.subnetId ? index.subnets.get(sender.subnetId)?.AvailabilityZone : undefined;
  const nats = [...index.natGateways.values()].filter((n) => {
    if (n.VpcId !== vpcId || n.State !== 'available' || n.ConnectivityType === 'private' || !natPublicIp(n))
      return false;
    const natTable = n.SubnetId ? index.routeTableOf(n.SubnetId) : undefined;
    return !!natTable && index.hasInternetRoute(natTable);
  });
  const sameAz = nats.find((n) => n.SubnetId && index.subnets.get(n.SubnetId)?.AvailabilityZone === az);
  const nat = sameAz ?? nats[0];
  if (nat) return `${nat.NatGatewayId} (an available NAT gateway of ${vpcId}${sameAz ? ` in ${az}` : ''})`;
  if (igw)
    return `${igw} (the internet gateway of ${vpcId}; the instance also needs a public IP), or a NAT gateway in a public subnet`;
  return `an internet gateway attached to ${vpcId} (public subnet) or a NAT gateway (private subnet)`;
}

/** Walks one question there and back. Pure: reads only the index. */
export function walkPath(
  world: World,
  from: Located,
  to: Located,
  query: PathQuery,
): Pick<PathAnswer, 'verdict' | 'brokenHop' | 'unverifiableHop' | 'warnings' | 'hops' | 'returnPath'> {
  const index = from.index;
  const source = from.endpoint;
  const destination = to.endpoint;
  void world;
  const walk = new Walk(index, query);
  const target = targetOf(index, destination, query.ipVersion);
  if (source.kind === 'interface') fromInterface(walk, source, target);
  else if (
    (source.kind === 'internet' || source.kind === 'public-host') &&
    destination.kind === 'interface'
  ) {
    const client: Peer = source.kind === 'internet' ? INTERNET : { kind: 'address', address: source.address };
    enterFromInternet(
      walk,
      destination,
      client,
      { ports: EPHEMERAL.internetClient, label: "the client's ephemeral ports 32768-65535" },
      0,
    );
  } else {
    walk.add(
      hopOf(
        'gateway',
        source.kind,
        'SKIP',
        `paths from ${source.kind === 'on-premises' ? `${source.network} (on-premises) start at a VPN or Direct Connect gateway, which is not evaluated yet` : `${source.kind} to ${destination.kind}`} cannot be followed from this snapshot`,
      ),
    );
  }
  const hops = walk.hops;
  const returnPath: Hop[] = [];
  const reached = !walk.stopped;
  if (reached) {
    for (let i = walk.back.length - 1; i >= 0; i--) {
      const hop = walk.back[i]!();
      if (hop) returnPath.push(hop);
    }
  }
  return judge(hops, returnPath, walk.unverified);
}

function judge(
  hops: Hop[],
  returnPath: Hop[],
  unverified: Hop[],
): Pick<PathAnswer, 'verdict' | 'brokenHop' | 'unverifiableHop' | 'warnings' | 'hops' | 'returnPath'> {
  const tagged: [Hop, Direction][] = [
    ...hops.map((h) => [h, 'forward'] as [Hop, Direction]),
    ...returnPath.map((h) => [h, 'return'] as [Hop, Direction]),
  ];
  const failed = tagged.find(([h]) => h.status === 'FAIL');
  const skipped =
    tagged.find(([h]) => h.status === 'SKIP' && !unverified.includes(h)) ??
    tagged.find(([h]) => h.status === 'SKIP');
  const verdict: PathVerdict = failed ? 'broken' : skipped ? 'unverifiable' : 'works';
  return {
    verdict,
    brokenHop: failed
      ? {
          kind: failed[0].kind,
          resourceId: failed[0].resourceId,
          message: failed[0].message,
          fix: failed[0].fix,
          direction: failed[1],
        }
      : null,
    unverifiableHop:
      !failed && skipped
        ? {
            kind: skipped[0].kind,
            resourceId: skipped[0].resourceId,
            message: skipped[0].message,
            direction: skipped[1],
          }
        : null,
    warnings: tagged
      .filter(([h]) => h.status === 'WARN')
      .map(([h]) => ({ resourceId: h.resourceId, message: h.message })),
    hops,
    returnPath,
  };
}
