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
import {
  vpnConnectionsOf,
  vpnStaticRouteHop,
  vpnTunnelsHop,
  virtualInterfacesHop,
  virtualInterfacesOfDxGateway,
  virtualInterfacesOfVgw,
} from './hops/on-premises';
import {
  describeTgwRoute,
  matchTgwRoute,
  peerOfPeering,
  transitGatewayLookups,
  type TransitGatewayLookups,
} from './hops/transit-gateway';
import type { TransitGatewayRouteTableWithRoutes } from '../snapshot/types';
import { INTERNET, type Peer, type Traffic } from './peer';
import { resolvePrefixList } from '../net/prefix-lists';
import { servicePrefixListId } from './prefix-lists';
import type { Direction, Endpoint, Hop, PathAnswer, PathQuery, PathVerdict } from './types';
import { placeText, type Located, type World } from './world';

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
  /**
   * The gateway that brought the packet into this VPC (a transit gateway attachment delivers it with its
   * original source address): the replies must be routed back to it.
   */
  returnVia?: { kind: 'tgw'; id: string };
  /** The Availability Zone (by zone id when known) the packet entered a transit gateway in. */
  tgwZone?: string;
}

/** A check the replies must pass, recorded on the way there and evaluated on the way back. */
type Obligation = () => Hop | undefined;

interface Pending {
  check: Obligation;
  /** Names the check so a later hop can withdraw it (a crossing AWS does not evaluate after all). */
  tag?: string;
}

/** Routing loops and chains of NAT devices end here. */
const MAX_DEPTH = 8;

class Walk {
  readonly hops: Hop[] = [];
  readonly back: Pending[] = [];
  /** Hops the walk went past without seeing through (inspection appliances): never `works` on their word. */
  readonly unverified: Hop[] = [];
  stopped = false;

  constructor(
    /** The snapshot the walk is in now: it changes where a path crosses into another account or region. */
    public index: SnapshotIndex,
    readonly query: PathQuery,
    readonly world: World,
  ) {
    this.traffic = { protocol: query.protocol, ports: PortSet.range(query.port) };
  }

  /** The request's protocol and port, built once: every hop of the walk reads it. */
  readonly traffic: Traffic;

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

  /** Records a check for the replies, evaluated in the snapshot the walk is in now. */
  onReturn(obligation: Obligation, tag?: string): void {
    const index = this.index;
    const check = (): Hop | undefined => {
      const current = this.index;
      this.index = index;
      try {
        return obligation();
      } finally {
        this.index = current;
      }
    };
    this.back.push(tag ? { check, tag } : { check });
  }

  /** Withdraws the reply checks with this tag. */
  withdraw(tag: string): void {
    for (let i = this.back.length - 1; i >= 0; i--) if (this.back[i]!.tag === tag) this.back.splice(i, 1);
  }
}

/** The destination as the filters and the route lookup see it. */
interface Target {
  endpoint: Endpoint;
  /** The snapshot that holds the destination. */
  index: SnapshotIndex;
  /** The address routes are looked up for. */
  address: string;
  /** What security groups and NACLs match. */
  peer: Peer;
}

function targetOf(index: SnapshotIndex, endpoint: Endpoint, version: 4 | 6): Target {
  switch (endpoint.kind) {
    case 'internet':
      return { endpoint, index, address: INTERNET_PROBE[version], peer: INTERNET };
    case 'public-host':
    case 'vpc-host':
    case 'on-premises':
      return {
        endpoint,
        index,
        address: endpoint.address,
        peer: { kind: 'address', address: endpoint.address },
      };
    case 'interface':
      return {
        endpoint,
        index,
        address: endpoint.address,
        peer: { kind: 'address', address: endpoint.address, eni: endpoint.eni },
      };
    case 'service': {
      const address = serviceAddress(index, endpoint.service, version);
      return { endpoint, index, address, peer: { kind: 'address', address } };
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
  replies: 'checked' | 'not evaluated' = 'checked',
): boolean {
  const acl: NetworkAcl | undefined = naclOfSubnet(walk.index, subnetId);
  const version = walk.query.ipVersion;
  if (!walk.add(naclHop(acl, subnetId, egress, peer, walk.traffic, version, 'request'))) return false;
  if (replies === 'not evaluated') return true;
  walk.onReturn(
    () =>
      naclHop(
        acl,
        subnetId,
        !egress,
        replyPeer,
        { protocol: walk.query.protocol, ports: replyPorts.ports },
        version,
        { replies: replyPorts.label },
      ),
    `reply-nacl:${subnetId}:${egress ? 'in' : 'out'}`,
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
        onPremisesFix(index, table, dest.cidrs, dest.network),
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
      // A private address the snapshots do not show may well be in the peer VPC.
      const internetBound =
        dest.kind === 'internet' ||
        dest.kind === 'service' ||
        (dest.kind === 'public-host' && isPublicAddress(target.address));
      const peering = peeringHop(index, id, table.VpcId, internetBound ? undefined : target.address);
      if (!peering.peerInSnapshot && peering.peerVpcId) {
        // A cross-account or cross-region peer: its own snapshot, when it was given, shows the other side.
        const place = {
          accountId: peering.peerOwnerId ?? index.snapshot.accountId,
          region: peering.peerRegion ?? index.snapshot.region,
        };
        const other = walk.world.find(place);
        if (!walk.add(peering.hop)) return;
        if (!other || !other.vpcs.has(peering.peerVpcId)) {
          walk.add(
            hopOf(
              'vpc-peering',
              id,
              'SKIP',
              `the path continues in ${peering.peerVpcId} (${placeText(place)}), whose snapshot was not given: add it with another --snapshot`,
            ),
          );
          return;
        }
        walk.index = other;
      } else if (!walk.add(peering.hop)) return;
      walk.onReturn(() =>
        returnRoute(target, sender, (m) => m.target.kind === 'pcx' && m.target.id === id, `${id}`),
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
      throughTransitGateway(walk, sender, table, id, target, depth);
      return;
    case 'vgw':
      throughVpnGateway(walk, sender, table, id, target);
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
  if (dest.kind !== 'internet' && dest.kind !== 'service') {
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
    // Over the internet the packet may land in another account or region: the destination's snapshot.
    walk.index = target.index;
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

/**
 * Traffic entering a VPC through a gateway follows the gateway's edge route table, when it has one: false
 * when that drops it (an appliance it is sent through is reported, not seen through).
 */
function enterByEdgeTable(walk: Walk, gatewayId: string, address: string): boolean {
  const edge = edgeTableOf(walk.index, gatewayId);
  if (!edge) return true;
  const hop = edgeRoute(walk, edge, gatewayId, address);
  if (hop.kind !== 'inspection') return walk.add(hop);
  walk.pass(hop);
  return true;
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
  const via = sender.returnVia;
  if (via) {
    // Centralised egress: the NAT answers the original sender, so its subnet must route it back.
    walk.onReturn(() =>
      routesBack(walk.index, natSubnet, sender.address, (m) => m.target.id === via.id, via.id),
    );
  }
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
  const via = sender.returnVia;
  if (via) {
    walk.onReturn(() =>
      returnRoute(target, sender, (m) => m.target.kind === via.kind && m.target.id === via.id, via.id),
    );
  }
  if (eni.SubnetId && eni.SubnetId !== sender.subnetId) {
    if (!crossNacl(walk, eni.SubnetId, false, from, from, sender.ephemeral)) return;
    if (!via && sender.subnetId && eni.VpcId === sender.vpcId) {
      walk.onReturn(() => returnRoute(target, sender, (m) => m.target.kind === 'local', 'the local route'));
    }
  }
  if (!walk.add(securityGroupHop(walk.index, eni, false, from, walk.traffic, walk.query.ipVersion))) return;
  walk.add(endpointHop(walk.index, eni, dest.instance, 'destination'));
}

/** Replies leave the destination's subnet by its own table: they must go back the way they came. */
function returnRoute(
  target: Target,
  sender: Sender,
  expected: (m: RouteMatch) => boolean,
  expectedLabel: string,
): Hop | undefined {
  const dest = target.endpoint;
  if (dest.kind !== 'interface' || !dest.eni.SubnetId) return undefined;
  return routesBack(target.index, dest.eni.SubnetId, sender.address, expected, expectedLabel);
}

/** A subnet's table must send the replies for `address` back the way they came (`expected`). */
function routesBack(
  index: SnapshotIndex,
  subnetId: string,
  address: string,
  expected: (m: RouteMatch) => boolean,
  expectedLabel: string,
): Hop {
  const table = index.routeTableOf(subnetId);
  if (!table)
    return hopOf(
      'route-table',
      subnetId,
      'FAIL',
      `${subnetId} has no route table: replies have no way back`,
      `Associate ${subnetId} with a route table.`,
    );
  const { match } = matchRoute(index, table, address);
  const id = table.RouteTableId ?? '?';
  if (match && match.route.State !== 'blackhole' && expected(match)) {
    return hopOf(
      'route-table',
      id,
      'PASS',
      `${id} routes the replies to ${address} back via ${describeRoute(match.route)}`,
    );
  }
  const has = match ? describeRoute(match.route) : 'no route';
  return hopOf(
    'route-table',
    id,
    'FAIL',
    `${id} (${subnetId}) sends the replies to ${address} via ${has}, not back through ${expectedLabel}: the return path is broken (asymmetric routing)`,
    `Add a route for ${address}'s network via ${expectedLabel} to ${id}.`,
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
  if (!enterByEdgeTable(walk, igw, privateAddress)) return;
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
  if (dest.kind === 'on-premises') return onPremisesFix(index, table, dest.cidrs, dest.network);
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

/** The change that gives a table its on-premises route, naming the gateway the VPC already has. */
function onPremisesFix(index: SnapshotIndex, table: RouteTable, cidrs: string[], network: string): string {
  const id = table.RouteTableId ?? 'the table';
  const vpcId = table.VpcId ?? '';
  const vgw = (index.snapshot.vpnGateways ?? []).find((v) =>
    (v.VpcAttachments ?? []).some((a) => a.VpcId === vpcId && a.State === 'attached'),
  )?.VpnGatewayId;
  if (vgw) {
    return `Enable route propagation from ${vgw} on ${id} (aws ec2 enable-vgw-route-propagation), or add a route ${cidrs.join(', ')} -> ${vgw}.`;
  }
  const tgw = (index.snapshot.transitGatewayVpcAttachments ?? []).find(
    (a) => a.VpcId === vpcId && a.State === 'available',
  )?.TransitGatewayId;
  if (tgw) return `Add a route ${cidrs.join(', ')} -> ${tgw} to ${id}.`;
  return `Add a route ${cidrs.join(', ')} -> the virtual private gateway or transit gateway that reaches ${network} to ${id}, or enable route propagation.`;
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

/** The subnet's Availability Zone, as its snapshot names it. */
function zoneOf(index: SnapshotIndex, subnetId: string | undefined): string | undefined {
  return subnetId ? index.subnets.get(subnetId)?.AvailabilityZone : undefined;
}

/** A zone comparable across accounts: its zone id, else its name within the account. */
function zoneKey(index: SnapshotIndex, subnetId: string | undefined): string | undefined {
  const subnet = subnetId ? index.subnets.get(subnetId) : undefined;
  if (subnet?.AvailabilityZoneId) return subnet.AvailabilityZoneId;
  return subnet?.AvailabilityZone ? `${index.snapshot.accountId}|${subnet.AvailabilityZone}` : undefined;
}

/** The first snapshot's answer to a transit gateway lookup, the walk's own snapshot first. */
function tgwLookup<T>(walk: Walk, pick: (lookups: TransitGatewayLookups) => T | undefined): T | undefined {
  for (const index of [walk.index, ...walk.world.indexes]) {
    const found = pick(transitGatewayLookups(index));
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The index that shows a transit gateway attachment's route table: the gateway owner's snapshot. */
function tgwTableOf(
  walk: Walk,
  attachmentId: string,
): { index: SnapshotIndex; table: TransitGatewayRouteTableWithRoutes } | undefined {
  // Both ends of a peering list its attachment: the side the walk is on comes first.
  for (const index of [walk.index, ...walk.world.indexes]) {
    const table = transitGatewayLookups(index).tableByAttachment.get(attachmentId);
    if (table) return { index, table };
  }
  return undefined;
}

/** Why a transit gateway's route tables are not seen: not collected, or its owner's snapshot not given. */
function tgwTablesMissing(walk: Walk, tgwId: string, attachmentId: string): Hop {
  const index = walk.index;
  const attachment = transitGatewayLookups(index).attachments.get(attachmentId);
  const owner =
    attachment?.TransitGatewayOwnerId ??
    index.snapshot.transitGateways?.find((t) => t.TransitGatewayId === tgwId)?.OwnerId;
  const ownersShown = walk.world.indexes.some((i) => transitGatewayLookups(i).tgwsWithTables.has(tgwId));
  const associationsMissing = walk.world.indexes.some((i) =>
    (i.snapshot.transitGatewayRouteTables ?? []).some(
      (t) => t.TransitGatewayId === tgwId && t.Associations === undefined,
    ),
  );
  if (ownersShown && associationsMissing) {
    return hopOf(
      'transit-gateway',
      tgwId,
      'SKIP',
      `the route table associations of ${tgwId} were not collected (GetTransitGatewayRouteTableAssociations): the table that routes what ${attachmentId} sends is not known`,
    );
  }
  if (ownersShown) {
    return hopOf(
      'transit-gateway-attachment',
      attachmentId,
      'FAIL',
      `${attachmentId} is associated with no route table of ${tgwId}: the transit gateway drops what it sends`,
      `Associate ${attachmentId} with a route table of ${tgwId} (aws ec2 associate-transit-gateway-route-table).`,
    );
  }
  if (index.missingParts.has('transitGatewayRouteTables')) {
    return hopOf(
      'transit-gateway',
      tgwId,
      'SKIP',
      `the route tables of ${tgwId} were not collected (see AUDIT.1): the path cannot be followed through it`,
    );
  }
  const place =
    owner && owner !== index.snapshot.accountId
      ? { accountId: owner, region: index.snapshot.region }
      : undefined;
  return hopOf(
    'transit-gateway',
    tgwId,
    'SKIP',
    place
      ? `${tgwId} belongs to ${placeText(place)}, whose snapshot was not given: its route tables decide the path (add it with another --snapshot)`
      : `no route table of ${tgwId} is in the snapshot: the path cannot be followed through it`,
  );
}

/**
 * Into a transit gateway from a VPC: the VPC's attachment, a subnet of it in the sender's Availability Zone
 * (AWS forwards to the gateway only from zones the attachment has a subnet in), that subnet's NACL, then
 * the attachment's route table.
 */
function throughTransitGateway(
  walk: Walk,
  sender: Sender,
  table: RouteTable,
  tgwId: string,
  target: Target,
  depth: number,
): void {
  const index = walk.index;
  const vpcId = table.VpcId ?? '?';
  if (index.missingParts.has('transitGatewayVpcAttachments')) {
    walk.add(
      hopOf(
        'transit-gateway',
        tgwId,
        'SKIP',
        `the transit gateway VPC attachments were not collected (see AUDIT.1): the path cannot be followed through ${tgwId}`,
      ),
    );
    return;
  }
  const key = `${tgwId}|${vpcId}`;
  const attachment = tgwLookup(walk, (l) => l.vpcAttachmentByTgwVpc.get(key));
  const attachmentId = attachment?.TransitGatewayAttachmentId ?? '?';
  if (!attachment) {
    walk.add(
      hopOf(
        'transit-gateway-attachment',
        tgwId,
        'FAIL',
        `${vpcId} has no attachment to ${tgwId}: the route leads nowhere`,
        `Attach ${vpcId} to ${tgwId} with a subnet in each Availability Zone it uses, or remove the route.`,
      ),
    );
    return;
  }
  const state = attachment.State ?? 'unknown';
  if (state !== 'available') {
    walk.add(
      hopOf(
        'transit-gateway-attachment',
        attachmentId,
        'FAIL',
        `${attachmentId} (${vpcId} to ${tgwId}) is ${state}, not available`,
        state === 'pendingAcceptance'
          ? `Accept ${attachmentId} in the account that owns ${tgwId}.`
          : `Recreate the attachment of ${vpcId} to ${tgwId}.`,
      ),
    );
    return;
  }
  const zone = zoneOf(index, sender.subnetId);
  const subnets = attachment.SubnetIds ?? [];
  const entry = zone ? subnets.find((id) => zoneOf(index, id) === zone) : subnets[0];
  if (!entry) {
    const zones = [...new Set(subnets.map((id) => zoneOf(index, id) ?? id))];
    walk.add(
      hopOf(
        'transit-gateway-attachment',
        attachmentId,
        'FAIL',
        `${attachmentId} has no subnet in ${zone ?? "the sender's zone"} (only ${zones.join(', ') || 'none'}): traffic from ${zone ?? 'there'} cannot reach ${tgwId}`,
        `Add a subnet in ${zone ?? "the sender's Availability Zone"} to ${attachmentId} (aws ec2 modify-transit-gateway-vpc-attachment --add-subnet-ids).`,
        [`${attachmentId} subnets: ${subnets.join(', ')}`],
      ),
    );
    return;
  }
  if (
    !walk.add(
      hopOf(
        'transit-gateway-attachment',
        attachmentId,
        'PASS',
        `${attachmentId} is available and takes the traffic in through ${entry}${zone ? ` (${zone})` : ''}`,
      ),
    )
  )
    return;
  // AWS applies the attachment subnet's inbound rules to what enters the gateway. When the sender shares
  // that subnet, neither of its rule sets is applied to what the gateway sends back.
  const from = senderPeer(sender);
  if (entry === sender.subnetId) {
    walk.withdraw(`reply-nacl:${entry}:in`);
    if (!crossNacl(walk, entry, false, from, from, sender.ephemeral, 'not evaluated')) return;
  } else if (!crossNacl(walk, entry, false, from, from, sender.ephemeral)) return;
  const tgwZone = zoneKey(index, entry);
  tgwForward(walk, tgwId, attachmentId, tgwZone ? { ...sender, tgwZone } : sender, target, depth);
}

/** From the attachment a packet entered a transit gateway by: its route table, then the next attachment. */
function tgwForward(
  walk: Walk,
  tgwId: string,
  ingressId: string,
  sender: Sender,
  target: Target,
  depth: number,
): void {
  if (depth > MAX_DEPTH) {
    walk.add(
      hopOf('transit-gateway', tgwId, 'FAIL', `the path loops: more than ${MAX_DEPTH} routing steps`, null),
    );
    return;
  }
  const owned = tgwTableOf(walk, ingressId);
  if (!owned) return void walk.add(tgwTablesMissing(walk, tgwId, ingressId));
  const { table } = owned;
  walk.index = owned.index;
  const tableId = table.TransitGatewayRouteTableId ?? '?';
  const unresolved: string[] = [];
  const match = matchTgwRoute(owned.index, table, target.address, unresolved);
  const dest = target.endpoint;
  const what = dest.kind === 'internet' ? `internet traffic (${target.address})` : target.address;
  if (table.Routes === undefined || (!match && unresolved.length > 0)) {
    walk.add(
      hopOf(
        'transit-gateway-route-table',
        tableId,
        'SKIP',
        table.Routes === undefined
          ? `the routes of ${tableId} were not collected (SearchTransitGatewayRoutes): the path cannot be followed through it`
          : `${tableId} has no route for ${what}, unless prefix list ${unresolved.join(', ')} (not collected) holds it`,
      ),
    );
    return;
  }
  if (!match) {
    walk.add(
      hopOf(
        'transit-gateway-route-table',
        tableId,
        'FAIL',
        `${tableId} (associated with ${ingressId}) has no route for ${what}`,
        `Propagate the attachment that reaches ${target.address} into ${tableId}, or add a static route for it (aws ec2 create-transit-gateway-route).`,
        (table.Routes ?? []).map((r) =>
          `${r.DestinationCidrBlock ?? r.PrefixListId ?? '?'} ${r.State ?? ''} ${r.Type ?? ''}`.trim(),
        ),
      ),
    );
    return;
  }
  const text = describeTgwRoute(match);
  if (match.route.State === 'blackhole' || !match.attachmentId) {
    walk.add(
      hopOf(
        'transit-gateway-route-table',
        tableId,
        'FAIL',
        `${tableId} drops ${what}: ${text}`,
        `Replace the blackhole route in ${tableId} with a route to a working attachment, or propagate the attachment that reaches ${target.address}.`,
        [`${tableId}: ${text}`],
      ),
    );
    return;
  }
  if (
    !walk.add(hopOf('transit-gateway-route-table', tableId, 'PASS', `${tableId} sends ${what} via ${text}`))
  )
    return;
  const egressId = match.attachmentId;
  // Replies enter the gateway by the attachment the request left by: its table must lead back.
  walk.onReturn(() => tgwRouteBack(walk.index, egressId, ingressId, sender.address));
  const attachment = transitGatewayLookups(owned.index).attachments.get(egressId);
  const type = match.resourceType ?? attachment?.ResourceType;
  const resourceId = match.resourceId ?? attachment?.ResourceId ?? '?';
  switch (type) {
    case 'vpc':
      intoVpcFromTgw(walk, tgwId, egressId, resourceId, attachment?.ResourceOwnerId, sender, target, depth);
      return;
    case 'vpn':
      if (!walk.add(vpnHopOf(walk, resourceId, `${resourceId} (${egressId})`))) return;
      deliverOnPremises(walk, target, `${resourceId} (${egressId})`);
      return;
    case 'direct-connect-gateway':
      if (!walk.add(dxGatewayHop(walk, resourceId))) return;
      deliverOnPremises(walk, target, `Direct Connect gateway ${resourceId}`);
      return;
    case 'peering':
      throughTgwPeering(walk, tgwId, egressId, sender, target, depth);
      return;
    default:
      walk.add(
        hopOf(
          'transit-gateway-attachment',
          egressId,
          'SKIP',
          `${egressId} is a ${type ?? 'unknown'} attachment, which NetAudit does not follow`,
        ),
      );
  }
}

/** The table of the attachment replies enter by must send them back to the attachment the request came in by. */
function tgwRouteBack(index: SnapshotIndex, egressId: string, ingressId: string, address: string): Hop {
  const table = transitGatewayLookups(index).tableByAttachment.get(egressId);
  if (!table) {
    return hopOf(
      'transit-gateway-attachment',
      egressId,
      'FAIL',
      `${egressId} is associated with no route table: the replies to ${address} are dropped`,
      `Associate ${egressId} with a route table that routes ${address} back to ${ingressId}.`,
    );
  }
  const id = table.TransitGatewayRouteTableId ?? '?';
  const unresolved: string[] = [];
  const match = matchTgwRoute(index, table, address, unresolved);
  if (table.Routes === undefined || (!match && unresolved.length > 0)) {
    return hopOf(
      'transit-gateway-route-table',
      id,
      'SKIP',
      `the routes of ${id} that carry the replies to ${address} were not collected`,
    );
  }
  // An ECMP route spreads the replies over all of its attachments: the one the request came by is enough.
  if (match && match.route.State === 'active' && match.attachmentIds.includes(ingressId)) {
    return hopOf(
      'transit-gateway-route-table',
      id,
      'PASS',
      `${id} routes the replies to ${address} back via ${describeTgwRoute(match)}`,
    );
  }
  return hopOf(
    'transit-gateway-route-table',
    id,
    'FAIL',
    `${id} (associated with ${egressId}) sends the replies to ${address} via ${match ? describeTgwRoute(match) : 'no route'}, not back to ${ingressId}: requests arrive, replies are lost`,
    `Propagate ${ingressId} into ${id}, or add a static route for ${address}'s network to ${ingressId}.`,
  );
}

/** Out of a transit gateway into a VPC: the attachment's subnet there, its NACL and its route table onward. */
function intoVpcFromTgw(
  walk: Walk,
  tgwId: string,
  attachmentId: string,
  vpcId: string,
  ownerId: string | undefined,
  sender: Sender,
  target: Target,
  depth: number,
): void {
  const holder =
    (ownerId ? walk.world.find({ accountId: ownerId, region: walk.index.snapshot.region }) : undefined) ??
    walk.world.holding((i) => i.vpcs.has(vpcId))[0];
  if (!holder || !holder.vpcs.has(vpcId)) {
    const place = { accountId: ownerId ?? '?', region: walk.index.snapshot.region };
    walk.add(
      hopOf(
        'transit-gateway-attachment',
        attachmentId,
        'SKIP',
        `the path continues into ${vpcId} (${placeText(place)}), whose snapshot was not given: add it with another --snapshot`,
      ),
    );
    return;
  }
  walk.index = holder;
  const attachment = tgwLookup(walk, (l) => l.vpcAttachments.get(attachmentId));
  const subnets = attachment?.SubnetIds ?? [];
  const dest = target.endpoint;
  const destSubnet = dest.kind === 'interface' && dest.eni.VpcId === vpcId ? dest.eni.SubnetId : undefined;
  // The gateway keeps traffic in the zone it came from when it can; replies leave from the destination's zone.
  const destZone = zoneKey(holder, destSubnet);
  const inZone = (zone: string | undefined) =>
    zone ? subnets.find((id) => zoneKey(holder, id) === zone) : undefined;
  const exit = inZone(sender.tgwZone) ?? inZone(destZone) ?? subnets[0];
  if (!exit) {
    walk.add(
      hopOf(
        'transit-gateway-attachment',
        attachmentId,
        'SKIP',
        `the subnets of ${attachmentId} in ${vpcId} are not in the snapshot`,
      ),
    );
    return;
  }
  if (destSubnet) {
    const destZone = zoneOf(holder, destSubnet);
    if (destZone && !subnets.some((id) => zoneOf(holder, id) === destZone)) {
      walk.onReturn(() =>
        hopOf(
          'transit-gateway-attachment',
          attachmentId,
          'FAIL',
          `${attachmentId} has no subnet in ${destZone}: the replies from ${destSubnet} cannot reach ${tgwId}`,
          `Add a subnet in ${destZone} to ${attachmentId} (aws ec2 modify-transit-gateway-vpc-attachment --add-subnet-ids).`,
        ),
      );
    }
  }
  walk.add(
    hopOf(
      'transit-gateway-attachment',
      attachmentId,
      'PASS',
      `${attachmentId} delivers into ${vpcId} through ${exit}`,
    ),
  );
  const inside: Sender = {
    address: sender.address,
    subnetId: exit,
    vpcId,
    ephemeral: sender.ephemeral,
    returnVia: { kind: 'tgw', id: tgwId },
  };
  if (destSubnet === exit) {
    // AWS applies no NACL to what the gateway delivers into its own subnet.
    arrive(walk, inside, target);
    return;
  }
  if (!crossNacl(walk, exit, true, target.peer, target.peer, sender.ephemeral)) return;
  route(walk, inside, exit, target, depth + 1);
}

/** Across a transit gateway peering: followed into the peer region's snapshot when it was given. */
function throughTgwPeering(
  walk: Walk,
  tgwId: string,
  peeringId: string,
  sender: Sender,
  target: Target,
  depth: number,
): void {
  const peering = tgwLookup(walk, (l) => l.peerings.get(peeringId));
  if (!peering) {
    walk.add(
      hopOf(
        'transit-gateway-attachment',
        peeringId,
        'SKIP',
        `the peering attachment ${peeringId} is not in the snapshot`,
      ),
    );
    return;
  }
  const state = peering.State ?? 'unknown';
  if (state !== 'available') {
    walk.add(
      hopOf(
        'transit-gateway-attachment',
        peeringId,
        'FAIL',
        `${peeringId} (transit gateway peering) is ${state}, not available`,
        state === 'pendingAcceptance'
          ? `Accept ${peeringId} in the peer account and region.`
          : `Recreate ${peeringId}.`,
      ),
    );
    return;
  }
  const peer = peerOfPeering(peering, tgwId);
  const place = { accountId: peer?.OwnerId ?? '?', region: peer?.Region ?? '?' };
  const other = walk.world.find(place);
  if (other && !transitGatewayLookups(other).tableByAttachment.has(peeringId)) {
    const tables = other.snapshot.transitGatewayRouteTables;
    const known = tables !== undefined && tables.every((t) => t.Associations !== undefined);
    walk.add(
      hopOf(
        'transit-gateway-attachment',
        peeringId,
        known ? 'FAIL' : 'SKIP',
        known
          ? `${peeringId} is associated with no route table of ${peer?.TransitGatewayId ?? 'the peer transit gateway'} (${placeText(place)}): what it brings in is dropped`
          : `the route tables of ${peer?.TransitGatewayId ?? 'the peer transit gateway'} were not collected in the snapshot of ${placeText(place)}`,
        known
          ? `Associate ${peeringId} with a route table of ${peer?.TransitGatewayId ?? 'the peer transit gateway'} in ${placeText(place)}.`
          : null,
      ),
    );
    return;
  }
  if (!other) {
    walk.add(
      hopOf(
        'transit-gateway-attachment',
        peeringId,
        'SKIP',
        `the path continues through ${peeringId} to ${peer?.TransitGatewayId ?? 'the peer transit gateway'} in ${placeText(place)}, whose snapshot was not given: add it with another --snapshot`,
      ),
    );
    return;
  }
  walk.add(
    hopOf(
      'transit-gateway-attachment',
      peeringId,
      'PASS',
      `${peeringId} is available and carries the traffic to ${peer?.TransitGatewayId ?? '?'} (${placeText(place)})`,
    ),
  );
  walk.index = other;
  tgwForward(walk, peer?.TransitGatewayId ?? '?', peeringId, sender, target, depth + 1);
}

/** A virtual private gateway carries traffic only while it exists and is attached to the table's VPC. */
function vgwAttachedHop(index: SnapshotIndex, vgwId: string, table: RouteTable): Hop {
  if (index.snapshot.vpnGateways === undefined) {
    return hopOf(
      'virtual-private-gateway',
      vgwId,
      'SKIP',
      `the virtual private gateways were not collected: ${vgwId} cannot be checked`,
    );
  }
  const vgw = index.snapshot.vpnGateways.find((v) => v.VpnGatewayId === vgwId);
  const vpcId = table.VpcId ?? '?';
  if (!vgw || vgw.State === 'deleted') {
    return hopOf(
      'virtual-private-gateway',
      vgwId,
      'FAIL',
      `${vgwId} is not in the snapshot (deleted?)`,
      `Replace the route in ${table.RouteTableId ?? 'the table'} with one to a working gateway.`,
    );
  }
  if (!(vgw.VpcAttachments ?? []).some((a) => a.VpcId === vpcId && a.State === 'attached')) {
    return hopOf(
      'virtual-private-gateway',
      vgwId,
      'FAIL',
      `${vgwId} is not attached to ${vpcId}`,
      `Attach ${vgwId} to ${vpcId} (aws ec2 attach-vpn-gateway).`,
    );
  }
  return hopOf('virtual-private-gateway', vgwId, 'PASS', `${vgwId} is attached to ${vpcId}`);
}

/**
 * Through a virtual private gateway: attached to the VPC, then a VPN connection (its static routes and
 * tunnels) or a Direct Connect virtual interface that carries the destination.
 */
function throughVpnGateway(
  walk: Walk,
  sender: Sender,
  table: RouteTable,
  vgwId: string,
  target: Target,
): void {
  const index = walk.index;
  if (!walk.add(vgwAttachedHop(index, vgwId, table))) return;
  const edge = edgeTableOf(index, vgwId);
  const chosen = vpnOrDirectConnect(walk, vgwId, target.address, target.address);
  if (!chosen) return;
  if (!walk.add(chosen)) return;
  if (edge) walk.onReturn(() => edgeRoute(walk, edge, vgwId, sender.address));
  deliverOnPremises(walk, target, chosen.resourceId);
}

/**
 * A connection opened from an on-premises network to an interface. AWS shows only its own side: the way in
 * is the gateway the destination's subnet routes the replies to (a virtual private gateway, or a transit
 * gateway with a VPN or Direct Connect attachment), checked from the hand-over onwards.
 */
function enterFromOnPremises(
  walk: Walk,
  source: Extract<Endpoint, { kind: 'on-premises' }>,
  target: Target,
): void {
  const index = walk.index;
  const dest = target.endpoint;
  if (dest.kind !== 'interface' || !dest.eni.SubnetId) return;
  const subnetId = dest.eni.SubnetId;
  const client: Sender = {
    address: source.address,
    ephemeral: { ports: EPHEMERAL.internetClient, label: "the client's ephemeral ports 32768-65535" },
  };
  const table = index.routeTableOf(subnetId);
  const match = table ? matchRoute(index, table, source.address).match : undefined;
  const tableId = table?.RouteTableId ?? subnetId;
  if (!table || !match || match.route.State === 'blackhole' || !['vgw', 'tgw'].includes(match.target.kind)) {
    walk.add(
      hopOf(
        'route-table',
        tableId,
        'FAIL',
        `${tableId} (${subnetId}) sends the replies to ${source.network} (${source.address}) via ${match ? describeRoute(match.route) : 'no route'}, not to a virtual private gateway or transit gateway: nothing from ${source.network} gets an answer`,
        table
          ? onPremisesFix(index, table, source.cidrs, source.network)
          : `Associate ${subnetId} with a route table.`,
      ),
    );
    return;
  }
  if (match.target.kind === 'vgw') {
    const vgwId = match.target.id;
    // Checked, not reported: the hop says how the network enters, below.
    const attached = vgwAttachedHop(index, vgwId, table);
    if (attached.status !== 'PASS') return void walk.add(attached);
    const way = vpnOrDirectConnect(walk, vgwId, target.address, source.address);
    if (!way || !walk.add(way)) return;
    if (
      !walk.add(
        hopOf(
          'virtual-private-gateway',
          vgwId,
          'PASS',
          `${source.network} enters ${table.VpcId ?? 'the VPC'} through ${vgwId}`,
        ),
      )
    )
      return;
    if (!enterByEdgeTable(walk, vgwId, target.address)) return;
    walk.onReturn(() =>
      returnRoute(target, client, (m) => m.target.kind === 'vgw' && m.target.id === vgwId, vgwId),
    );
    const from: Peer = { kind: 'address', address: source.address };
    if (!crossNacl(walk, subnetId, false, from, from, client.ephemeral)) return;
    if (!walk.add(securityGroupHop(index, dest.eni, false, from, walk.traffic, walk.query.ipVersion))) return;
    walk.add(endpointHop(index, dest.eni, dest.instance, 'destination'));
    return;
  }
  // Through a transit gateway: one of its VPN or Direct Connect attachments brings the network in.
  const tgwId = match.target.id;
  const entries = walk.world.indexes.flatMap((i) =>
    [...transitGatewayLookups(i).attachments.values()].filter(
      (a) =>
        a.TransitGatewayId === tgwId &&
        (a.ResourceType === 'vpn' || a.ResourceType === 'direct-connect-gateway') &&
        a.State === 'available',
    ),
  );
  if (entries.length === 0) {
    walk.add(
      hopOf(
        'transit-gateway',
        tgwId,
        'SKIP',
        `no VPN or Direct Connect attachment of ${tgwId} is in the snapshots given: where ${source.network} enters cannot be seen`,
      ),
    );
    return;
  }
  // The replies leave by the attachment the destination VPC's table routes the network to: the way in that
  // can work is one of that route's (ECMP) attachments.
  const vpcAttachment = tgwLookup(walk, (l) => l.vpcAttachmentByTgwVpc.get(`${tgwId}|${table.VpcId ?? ''}`));
  const back = vpcAttachment?.TransitGatewayAttachmentId
    ? tgwTableOf(walk, vpcAttachment.TransitGatewayAttachmentId)
    : undefined;
  const backIds = back ? (matchTgwRoute(back.index, back.table, source.address)?.attachmentIds ?? []) : [];
  const symmetric = entries.filter((a) => backIds.includes(a.TransitGatewayAttachmentId ?? ''));
  if (symmetric.length > 0) entries.splice(0, entries.length, ...symmetric);
  const hops = entries.map((a) =>
    a.ResourceType === 'vpn'
      ? vpnHopOf(walk, a.ResourceId ?? '?', a.ResourceId ?? '?')
      : dxGatewayHop(walk, a.ResourceId ?? '?'),
  );
  const pick = Math.max(
    0,
    hops.findIndex((h) => h.status === 'PASS' || h.status === 'WARN'),
  );
  const entry = entries[pick]!;
  if (!walk.add(hops[pick]!)) return;
  tgwForward(walk, tgwId, entry.TransitGatewayAttachmentId ?? '?', client, target, 0);
}

/** A VPN connection's tunnels, wherever its snapshot is; `label` names it where it is missing. */
function vpnHopOf(walk: Walk, vpnId: string, label: string): Hop {
  const vpn = walk.world.indexes
    .flatMap((i) => i.snapshot.vpnConnections ?? [])
    .find((v) => v.VpnConnectionId === vpnId);
  return vpn ? vpnTunnelsHop(vpn) : hopOf('vpn-connection', vpnId, 'SKIP', `${label} is not in the snapshot`);
}

/** A Direct Connect gateway's virtual interfaces, wherever their snapshot is (unverifiable if none has them). */
function dxGatewayHop(walk: Walk, dxGatewayId: string): Hop {
  const shown = walk.world.indexes.filter((i) => i.snapshot.virtualInterfaces !== undefined);
  if (shown.length === 0) {
    return hopOf(
      'direct-connect',
      dxGatewayId,
      'SKIP',
      `the Direct Connect virtual interfaces were not collected: ${dxGatewayId} cannot be checked`,
    );
  }
  const vifs = shown.flatMap((i) => virtualInterfacesOfDxGateway(i, dxGatewayId));
  return virtualInterfacesHop(vifs, `Direct Connect gateway ${dxGatewayId}`);
}

/** The VPN connection or Direct Connect interface of a virtual private gateway that carries an address. */
function vpnOrDirectConnect(walk: Walk, vgwId: string, address: string, remote: string): Hop | undefined {
  const index = walk.index;
  const vpns = vpnConnectionsOf(index, vgwId);
  const candidates = vpns.map((vpn) => vpnStaticRouteHop(vpn, remote) ?? vpnTunnelsHop(vpn));
  const working = (['PASS', 'WARN'] as const)
    .map((status) => candidates.find((h) => h.status === status))
    .find((h) => h);
  const vifs =
    index.snapshot.virtualInterfaces === undefined ? undefined : virtualInterfacesOfVgw(index, vgwId);
  const dx = vifs && vifs.length > 0 ? virtualInterfacesHop(vifs, vgwId) : undefined;
  const chosen = working ?? (dx?.status === 'PASS' ? dx : undefined) ?? candidates[0] ?? dx;
  if (chosen) return chosen;
  const s = index.snapshot;
  const missing = [
    ...(s.vpnConnections === undefined ? ['VPN connections'] : []),
    ...(s.virtualInterfaces === undefined ? ['Direct Connect virtual interfaces'] : []),
    ...(s.directConnectGatewayAssociations === undefined ? ['Direct Connect gateway associations'] : []),
  ];
  if (missing.length > 0) {
    walk.add(
      hopOf(
        'virtual-private-gateway',
        vgwId,
        'SKIP',
        `the ${missing.join(' and ')} were not collected: what carries ${address} beyond ${vgwId} cannot be seen`,
      ),
    );
    return undefined;
  }
  walk.add(
    hopOf(
      'virtual-private-gateway',
      vgwId,
      'FAIL',
      `${vgwId} has no VPN connection or Direct Connect virtual interface to carry ${address}`,
      `Create a Site-to-Site VPN connection on ${vgwId}, or associate it with a Direct Connect gateway.`,
    ),
  );
  return undefined;
}

/** AWS hands the packet over here: an on-premises destination counts as reached, anything else is not seen. */
function deliverOnPremises(walk: Walk, target: Target, via: string): void {
  const dest = target.endpoint;
  if (dest.kind === 'on-premises' || (dest.kind === 'public-host' && !isPublicAddress(dest.address))) {
    const name = dest.kind === 'on-premises' ? `${dest.network} (${target.address})` : target.address;
    walk.add(
      hopOf(
        'destination',
        via,
        'PASS',
        `handed to ${name} through ${via}; the on-premises side (its routes and firewalls) is not seen`,
      ),
    );
    return;
  }
  walk.add(
    hopOf(
      'destination',
      via,
      'SKIP',
      `the path leaves AWS through ${via} towards ${target.address}: what happens beyond is not seen`,
    ),
  );
}

/** Ends reached at a private address inside a VPC: the only ones a private connection could join. */
function isPrivateEnd(endpoint: Endpoint): boolean {
  return (
    (endpoint.kind === 'interface' || endpoint.kind === 'vpc-host') && !isPublicAddress(endpoint.address)
  );
}

/**
 * No peering, transit gateway peering or route joins two partitions (aws, aws-cn, aws-us-gov): a private
 * path between them is impossible, whatever the route tables say. The fix names what can cross.
 */
function partitionHop(
  index: SnapshotIndex,
  source: Extract<Endpoint, { kind: 'interface' }>,
  destIndex: SnapshotIndex,
  target: Target,
): Hop {
  const from = `${index.partition} (${index.snapshot.region})`;
  const to = `${destIndex.partition} (${destIndex.snapshot.region})`;
  const table = source.eni.SubnetId ? index.routeTableOf(source.eni.SubnetId) : undefined;
  const egress = table ? matchRoute(index, table, INTERNET_PROBE[4]).match : undefined;
  const nat = egress?.target.kind === 'nat' ? index.natGateways.get(egress.target.id) : undefined;
  const natIp = nat ? natPublicIp(nat) : undefined;
  const publicSource = natIp
    ? `the NAT gateway's Elastic IP ${natIp} (${nat?.NatGatewayId ?? ''})`
    : (publicIpv4Of(index, source.eni, source.address) ?? "the source's public address");
  return hopOf(
    'partition',
    target.endpoint.kind === 'interface'
      ? (target.endpoint.eni.NetworkInterfaceId ?? target.address)
      : target.address,
    'FAIL',
    `${source.eni.NetworkInterfaceId ?? 'the source'} is in partition ${from} and ${target.address} in ${to}: AWS partitions never connect privately (no VPC peering, transit gateway peering or private route joins them, and a route to an internet gateway cannot carry a private address)`,
    `Cross the internet instead: give the destination a public endpoint (for a database, make it publicly accessible) and allow ${publicSource} in its security group, or build an IPsec VPN over the internet between the two networks.`,
    [`source partition ${from}`, `destination partition ${to}`],
  );
}

/** Walks one question there and back. Pure: reads only the snapshots. */
export function walkPath(
  world: World,
  from: Located,
  to: Located,
  query: PathQuery,
): Pick<PathAnswer, 'verdict' | 'brokenHop' | 'unverifiableHop' | 'warnings' | 'hops' | 'returnPath'> {
  const source = from.endpoint;
  const destination = to.endpoint;
  // A path from the internet starts where it enters: the destination's snapshot.
  const index = source.kind === 'internet' || source.kind === 'public-host' ? to.index : from.index;
  const walk = new Walk(index, query, world);
  // A regional service (or the internet) is where the walk starts: its address comes from that region.
  const target = targetOf(
    destination.kind === 'service' || destination.kind === 'internet' ? index : to.index,
    destination,
    query.ipVersion,
  );
  if (source.kind === 'interface' && to.index.partition !== index.partition && isPrivateEnd(destination)) {
    if (walk.add(endpointHop(index, source.eni, source.instance, 'source')))
      walk.add(partitionHop(index, source, to.index, target));
  } else if (source.kind === 'interface') fromInterface(walk, source, target);
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
  } else if (source.kind === 'on-premises' && destination.kind === 'interface') {
    walk.index = to.index;
    enterFromOnPremises(walk, source, target);
  } else {
    walk.add(
      hopOf(
        'gateway',
        source.kind,
        'SKIP',
        `paths from ${source.kind} to ${destination.kind} cannot be followed from this snapshot`,
      ),
    );
  }
  const hops = walk.hops;
  const returnPath: Hop[] = [];
  const reached = !walk.stopped;
  if (reached) {
    for (let i = walk.back.length - 1; i >= 0; i--) {
      const hop = walk.back[i]!.check();
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
  // The first failure, there or back; else the first hop not seen through, preferring one that is not an
  // inspection appliance's (whose routing was followed).
  let failed: [Hop, Direction] | undefined;
  let skipped: [Hop, Direction] | undefined;
  let inspected: [Hop, Direction] | undefined;
  const warnings: PathAnswer['warnings'] = [];
  const read = (hop: Hop, direction: Direction) => {
    if (hop.status === 'FAIL') failed ??= [hop, direction];
    else if (hop.status === 'SKIP') {
      if (!unverified.includes(hop)) skipped ??= [hop, direction];
      else inspected ??= [hop, direction];
    } else if (hop.status === 'WARN') warnings.push({ resourceId: hop.resourceId, message: hop.message });
  };
  for (const hop of hops) read(hop, 'forward');
  for (const hop of returnPath) read(hop, 'return');
  skipped ??= inspected;
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
    warnings,
    hops,
    returnPath,
  };
}
