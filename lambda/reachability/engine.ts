import type { NetworkAcl, NetworkInterface, Route, RouteTable, SecurityGroup } from '@aws-sdk/client-ec2';
import { matchRoute, routeTarget, type RouteTarget, type SnapshotIndex } from '../engine/snapshot-index';
import { memoized, memoizedWeak } from '../memo';
import { internetIngress } from '../net/internet-ingress';
import { publicIpv4Of } from '../paths/addresses';
import { naclOfSubnet } from '../paths/hops/nacl';
import { evaluateNacl, type NaclVerdict } from '../net/nacl';
import type { IpVersion, PathQuery, PortsByVersion, Transport, Verdict } from './diagnosis';
import { internetPorts, NO_INTERNET_PORTS, unionPorts } from './security-groups';

/**
 * Representative internet destinations for route lookups. Routes are matched by longest prefix, as AWS
 * does; any public address that no VPC routes specially gives the same answer, and these two are the
 * ones people test with.
 */
export const INTERNET_PROBE: Record<IpVersion, string> = { 4: '8.8.8.8', 6: '2001:4860:4860::8888' };

/** Cache namespaces for the shared steps of one path question. */
export interface QuerySpaces {
  groups: string;
  nacl: string;
  route: string;
  gateway: string;
  dns: string;
}

/** Where a subnet's traffic to the internet goes, as its route table decides. */
export type RouteResolution =
  | { kind: 'no-table' }
  | { kind: 'no-route'; table: RouteTable; viaMain: boolean }
  | { kind: 'blackhole'; table: RouteTable; viaMain: boolean; route: Route }
  | { kind: 'target'; table: RouteTable; viaMain: boolean; route: Route; target: RouteTarget };

/**
 * The reachability engine over one snapshot index. Everything shared between interfaces is computed once
 * and cached: a group's internet port sets by group id, a NACL's verdict by NACL id and query, a subnet's
 * internet route by subnet and IP version, a gateway's checks by gateway and query. Evaluating every
 * interface is therefore linear in interfaces (each costs its own groups plus map lookups); nothing is
 * ever compared interface against interface or group against group.
 */
export class ReachabilityEngine {
  private static readonly engines = new WeakMap<SnapshotIndex, ReachabilityEngine>();

  // Caches are keyed by the snapshot's own id strings, never by a key built per call: hashing a fresh
  // string on each of hundreds of thousands of lookups cost more than the work the caches save.
  private readonly groupPortCache = {
    in: new Map<string, PortsByVersion>(),
    out: new Map<string, PortsByVersion>(),
  };
  /** Per NACL id, its verdicts by `naclSlot(egress, protocol, version)`. */
  private readonly naclCache = new Map<string, NaclVerdict[]>();
  private readonly routeCache: Record<IpVersion, Map<string, RouteResolution>> = {
    4: new Map(),
    6: new Map(),
  };
  private readonly memo = new Map<string, Map<string, unknown>>();
  private readonly memo2 = new Map<string, Map<string, Map<string, unknown>>>();
  private readonly subnetVerdictCache = new Map<PathQuery, Map<string, Verdict>>();
  private readonly spaces = new WeakMap<PathQuery, QuerySpaces>();
  private readonly eipByInterface = new Map<string, string>();
  private readonly eipByInstance = new Map<string, string>();

  /** One engine per index, so NET.1, NET.2 and NET.3 in the same audit share every cache. */
  static for(index: SnapshotIndex): ReachabilityEngine {
    return memoizedWeak(ReachabilityEngine.engines, index, () => new ReachabilityEngine(index));
  }

  constructor(readonly index: SnapshotIndex) {
    for (const address of index.snapshot.addresses) {
      if (!address.PublicIp) continue;
      if (address.NetworkInterfaceId) this.eipByInterface.set(address.NetworkInterfaceId, address.PublicIp);
      else if (address.InstanceId) this.eipByInstance.set(address.InstanceId, address.PublicIp);
    }
  }

  /** The subnet's NACL; a subnet always has one in AWS, so a missing association means the VPC default. */
  naclOf(subnetId: string | undefined): NetworkAcl | undefined {
    return subnetId ? naclOfSubnet(this.index, subnetId) : undefined;
  }

  /** A NACL's first-match verdict for traffic to (egress) or from (ingress) an arbitrary internet host. */
  naclVerdict(acl: NetworkAcl, egress: boolean, protocol: Transport, version: IpVersion): NaclVerdict {
    const verdicts = memoized(this.naclCache, acl.NetworkAclId ?? '', (): NaclVerdict[] => []);
    const slot = (egress ? 4 : 0) + (protocol === 'udp' ? 2 : 0) + (version === 6 ? 1 : 0);
    let verdict = verdicts[slot];
    if (!verdict) {
      verdict = evaluateNacl(acl, { egress, protocol, ipVersion: version });
      verdicts[slot] = verdict;
    }
    return verdict;
  }

  /** Ports a group opens from the internet (ingress) or to it (egress), computed once per group. */
  groupPorts(group: SecurityGroup, egress: boolean): PortsByVersion {
    const cache = egress ? this.groupPortCache.out : this.groupPortCache.in;
    return memoized(cache, group.GroupId ?? '', () => {
      if (egress) return internetPorts(group.IpPermissionsEgress);
      // Only the permissions naming the internet can open a port to it: the SG rules' scan finds them once.
      const hits = internetIngress(this.index, group);
      return internetPorts(hits.length === 0 ? undefined : hits.map((hit) => hit.permission));
    });
  }

  /**
   * `groupPorts` by group id, nothing for a group the snapshot lacks: a hit costs one lookup, where fetching
   * the group first cost two for each group of each of 100,000 interfaces.
   */
  groupPortsById(groupId: string, egress: boolean): PortsByVersion {
    const found = (egress ? this.groupPortCache.out : this.groupPortCache.in).get(groupId);
    if (found) return found;
    const group = this.index.securityGroups.get(groupId);
    return group ? this.groupPorts(group, egress) : NO_INTERNET_PORTS;
  }

  /**
   * The interface's group ids as one cache key. Interfaces overwhelmingly share a few group sets, so
   * everything that depends only on the groups is computed once per set, not once per interface.
   */
  groupKey(eni: NetworkInterface): string {
    const groups = eni.Groups ?? [];
    return groups.length === 1 ? (groups[0]!.GroupId ?? '') : groups.map((g) => g.GroupId).join(',');
  }

  /** The union over an interface's groups: security groups have no order, every allow counts. */
  interfacePorts(eni: NetworkInterface, egress: boolean): PortsByVersion {
    return this.cached(egress ? 'ports|out' : 'ports|in', this.groupKey(eni), () =>
      unionPorts(this.index.groupsOfInterface(eni).map((g) => this.groupPorts(g, egress))),
    );
  }

  /** The longest-prefix route a subnet's internet-bound traffic takes (explicit table, else the main one). */
  internetRoute(subnetId: string, version: IpVersion): RouteResolution {
    return memoized(this.routeCache[version], subnetId, () => this.resolveRoute(subnetId, version));
  }

  private resolveRoute(subnetId: string, version: IpVersion): RouteResolution {
    const table = this.index.routeTableOf(subnetId);
    if (!table) return { kind: 'no-table' };
    const viaMain = this.index.usesMainRouteTable(subnetId);
    const route = matchRoute(table, INTERNET_PROBE[version]);
    if (!route) return { kind: 'no-route', table, viaMain };
    if (route.State === 'blackhole') return { kind: 'blackhole', table, viaMain, route };
    return { kind: 'target', table, viaMain, route, target: routeTarget(route) };
  }

  /** True when the route is active and goes to an internet gateway attached to the table's VPC. */
  routesToAttachedIgw(resolution: RouteResolution): boolean {
    return (
      resolution.kind === 'target' &&
      resolution.target.kind === 'igw' &&
      !!resolution.table.VpcId &&
      this.index.isInternetGatewayAttachedTo(resolution.target.id, resolution.table.VpcId)
    );
  }

  /** Cache namespaces of one question, built once per query object (NET.2 asks the same one 100k times). */
  spacesFor(query: PathQuery): QuerySpaces {
    return memoizedWeak(this.spaces, query, () => {
      const q = `${query.direction}|${query.protocol}|${query.port}|${query.ipVersion}`;
      return {
        groups: `step2|${q}`,
        nacl: `step3|${q}`,
        route: `step4|${q}`,
        gateway: `step5|${q}`,
        dns: `step7|${query.direction}`,
      };
    });
  }

  /**
   * Memoises any value by a namespace (the question asked, e.g. `step2|egress|tcp|443|4`) and a resource id.
   * Ids are the snapshot's own strings, so lookups hash no freshly built key; callers keep one type per
   * namespace.
   */
  cached<T>(space: string, id: string, compute: () => T): T {
    const values = memoized(this.memo, space, () => new Map<string, unknown>());
    return memoized(values, id, compute) as T;
  }

  /** Steps 3-5's verdict per subnet for one question (the quick path verdict reads it for every instance). */
  subnetVerdicts(query: PathQuery): Map<string, Verdict> {
    return memoized(this.subnetVerdictCache, query, () => new Map<string, Verdict>());
  }

  /** `cached` keyed by two ids (e.g. a subnet and a group set), without building a combined key string. */
  cached2<T>(space: string, first: string, second: string, compute: () => T): T {
    const byFirst = memoized(this.memo2, space, () => new Map<string, Map<string, unknown>>());
    const values = memoized(byFirst, first, () => new Map<string, unknown>());
    return memoized(values, second, compute) as T;
  }

  /** The interface's public IPv4: its own public IP, or an Elastic IP associated with it or its instance. */
  publicIpv4(eni: NetworkInterface): string | undefined {
    const own = this.index.publicIpOf(eni) ?? this.eipByInterface.get(eni.NetworkInterfaceId ?? '');
    if (own) return own;
    const instanceId = eni.Attachment?.InstanceId;
    // An EIP associated by instance id lands on the primary interface (device index 0).
    const primary = (eni.Attachment?.DeviceIndex ?? 0) === 0;
    return instanceId && primary ? this.eipByInstance.get(instanceId) : undefined;
  }

  /** The public IPv4 the primary private address sends from (an Elastic IP of another address does not count). */
  egressPublicIpv4(eni: NetworkInterface): string | undefined {
    const primary = eni.PrivateIpAddress ?? eni.PrivateIpAddresses?.[0]?.PrivateIpAddress;
    // Most interfaces have one address: the generic answer needs no per-address lookup.
    if (!primary || (eni.PrivateIpAddresses?.length ?? 0) <= 1) return this.publicIpv4(eni);
    return publicIpv4Of(this.index, eni, primary);
  }

  ipv6Addresses(eni: NetworkInterface): string[] {
    return (eni.Ipv6Addresses ?? []).map((a) => a.Ipv6Address).filter((a): a is string => !!a);
  }

  /** A public address for this IP version: the public IPv4, or the first IPv6 address (IPv6 is global). */
  publicAddress(eni: NetworkInterface, version: IpVersion): string | undefined {
    if (version === 4) return this.publicIpv4(eni);
    // Checked before mapping: most interfaces have no IPv6 address, and this runs once per interface.
    return eni.Ipv6Addresses?.length ? this.ipv6Addresses(eni)[0] : undefined;
  }
}
