import type { IpPermission, SecurityGroup } from '@aws-sdk/client-ec2';
import { isInternetCidr } from '../net/cidr';
import { describePermission, openedPorts, permissionSources, permissionTraffic } from '../net/permissions';
import { PortSet } from '../net/ports';
import type { IpVersion, PortsByVersion, Transport } from './diagnosis';

/**
 * Security groups are stateful allow lists: what an interface admits is the union of its groups' rules, and
 * replies are always let back. "The internet" is only 0.0.0.0/0 or ::/0; a referenced group or a prefix
 * list names some hosts, never an arbitrary internet host (prefix lists are not resolvable from a snapshot).
 */
export function namesInternet(permission: IpPermission, version: IpVersion): boolean {
  if (version === 4) return (permission.IpRanges ?? []).some((r) => isInternetCidr(r.CidrIp, 4));
  return (permission.Ipv6Ranges ?? []).some((r) => isInternetCidr(r.CidrIpv6, 6));
}

const EMPTY_PORTS = (): PortsByVersion => ({
  4: { tcp: PortSet.EMPTY, udp: PortSet.EMPTY },
  6: { tcp: PortSet.EMPTY, udp: PortSet.EMPTY },
});

/**
 * The answer of every group and group set that opens nothing to or from the internet (most of them),
 * shared and never mutated. Not frozen: a frozen object's numeric keys would make every `ports[version]`
 * read of the hot paths polymorphic.
 */
export const NO_INTERNET_PORTS: PortsByVersion = EMPTY_PORTS();

/** TCP and UDP ports one group's rules open to or from the internet, per IP version. */
export function internetPorts(permissions: readonly IpPermission[] | undefined): PortsByVersion {
  let out: PortsByVersion | undefined;
  for (const permission of permissions ?? []) {
    const v4 = namesInternet(permission, 4);
    const v6 = namesInternet(permission, 6);
    if (!v4 && !v6) continue;
    out ??= EMPTY_PORTS();
    const traffic = permissionTraffic(permission);
    for (const version of [4, 6] as const) {
      if (!(version === 4 ? v4 : v6)) continue;
      for (const protocol of ['tcp', 'udp'] as const) {
        out[version][protocol] = out[version][protocol].union(openedPorts(traffic, protocol, PortSet.ALL));
      }
    }
  }
  return out ?? NO_INTERNET_PORTS;
}

export function unionPorts(sets: readonly PortsByVersion[]): PortsByVersion {
  let out: PortsByVersion | undefined;
  for (const set of sets) {
    if (set === NO_INTERNET_PORTS) continue;
    out ??= EMPTY_PORTS();
    for (const version of [4, 6] as const) {
      for (const protocol of ['tcp', 'udp'] as const) {
        out[version][protocol] = out[version][protocol].union(set[version][protocol]);
      }
    }
  }
  return out ?? NO_INTERNET_PORTS;
}

/** The rules of some groups that cover one port, split into those naming the internet and the others. */
export interface PortRules {
  internet: string[];
  other: string[];
}

/** `sg-1: TCP 443 to 0.0.0.0/0` style evidence: which rule of which group lets the port through (or nearly). */
export function rulesCoveringPort(
  groups: readonly SecurityGroup[],
  egress: boolean,
  version: IpVersion,
  protocol: Transport,
  port: number,
): PortRules {
  const out: PortRules = { internet: [], other: [] };
  for (const group of groups) {
    const permissions = egress ? group.IpPermissionsEgress : group.IpPermissions;
    for (const permission of permissions ?? []) {
      if (!openedPorts(permissionTraffic(permission), protocol, PortSet.range(port)).has(port)) continue;
      const text = `${group.GroupId}: ${describePermission(permission, permissionSources(permission))}`;
      const phrased = egress ? text.replace(' from ', ' to ') : text;
      (namesInternet(permission, version) ? out.internet : out.other).push(phrased);
    }
  }
  return out;
}
