import type { Instance, NetworkInterface } from '@aws-sdk/client-ec2';
import type { SnapshotIndex } from '../engine/snapshot-index';
import { cidrContains, parseAddress, parseCidr } from '../net/cidr';
import { coversInternet, isInternetRange } from '../net/internet';
import {
  ephemeralPortsOf as ephemeralPortsOf_,
  INSTANCE_EPHEMERAL_PORTS,
  NAT_EPHEMERAL_PORTS,
  WINDOWS_EPHEMERAL_PORTS,
} from '../net/nacl';
import type { PortSet } from '../net/ports';
import { lookups } from './lookups';
import { memoizedWeak } from '../memo';
import type { IpVersion } from './types';

export function cidrHolds(cidrText: string | undefined, address: string): boolean {
  const cidr = cidrText ? parseCidr(cidrText) : undefined;
  const parsed = parseAddress(address);
  return !!cidr && !!parsed && cidrContains(cidr, parsed);
}

export function versionOf(address: string): IpVersion {
  return address.includes(':') ? 6 : 4;
}

/** The address a route lookup uses for "any internet host": the ones people test with. */
export const INTERNET_PROBE: Record<IpVersion, string> = { 4: '8.8.8.8', 6: '2001:4860:4860::8888' };

/**
 * The source ports an operating system picks for its own connections, which the replies come back to:
 * Linux 32768-60999, Windows 49152-65535 (EC2 reports `Platform: windows`). A NAT gateway translates to
 * 1024-65535. An internet client's OS is unknown: the union of the two common ranges.
 */
export const EPHEMERAL = {
  natGateway: NAT_EPHEMERAL_PORTS,
  internetClient: INSTANCE_EPHEMERAL_PORTS,
} as const;

export function ephemeralPortsOf(instance: Instance | undefined): { ports: PortSet; label: string } {
  const ports = ephemeralPortsOf_(instance ?? {});
  return {
    ports,
    label: `${ports === WINDOWS_EPHEMERAL_PORTS ? 'Windows' : 'Linux'} ephemeral ports ${ports.toString()}`,
  };
}

/** Every private IPv4 address of an interface, the primary one first. */
export function privateAddresses(eni: NetworkInterface): string[] {
  const listed = eni.PrivateIpAddresses;
  // The common shape, one address listed as the primary one, without a search.
  if (
    eni.PrivateIpAddress &&
    (!listed || (listed.length === 1 && listed[0]!.PrivateIpAddress === eni.PrivateIpAddress))
  )
    return [eni.PrivateIpAddress];
  const out: string[] = [];
  if (eni.PrivateIpAddress) out.push(eni.PrivateIpAddress);
  for (const p of eni.PrivateIpAddresses ?? []) {
    if (p.PrivateIpAddress && !out.includes(p.PrivateIpAddress)) out.push(p.PrivateIpAddress);
  }
  return out;
}

export function ipv6Addresses(eni: NetworkInterface): string[] {
  const listed = eni.Ipv6Addresses;
  if (!listed || listed.length === 0) return [];
  const out: string[] = [];
  for (const a of listed) if (a.Ipv6Address) out.push(a.Ipv6Address);
  return out;
}

/** The address the interface sends from for this IP version: its primary private IPv4, or its first IPv6. */
export function sourceAddress(eni: NetworkInterface, version: IpVersion): string | undefined {
  return version === 4 ? privateAddresses(eni)[0] : ipv6Addresses(eni)[0];
}

/**
 * The public IPv4 an internet gateway maps `privateIp` to. Each public address belongs to one private
 * address: an Elastic IP on a secondary private IP serves that address only, never the primary one.
 */
export function publicIpv4Of(
  index: SnapshotIndex,
  eni: NetworkInterface,
  privateIp: string,
): string | undefined {
  const entry = (eni.PrivateIpAddresses ?? []).find((p) => p.PrivateIpAddress === privateIp);
  const own = entry?.Association?.PublicIp;
  if (own) return own;
  const primary = privateAddresses(eni)[0] === privateIp;
  if (primary && eni.Association?.PublicIp) return eni.Association.PublicIp;
  const { addressesByInterface, addressesByInstance } = lookups(index);
  for (const address of addressesByInterface.get(eni.NetworkInterfaceId ?? '') ?? []) {
    // An EIP without a private address named lands on the interface's primary address.
    if (address.PublicIp && (address.PrivateIpAddress ?? privateAddresses(eni)[0]) === privateIp)
      return address.PublicIp;
  }
  // An EIP associated by instance id lands on the primary interface's primary address.
  const instanceId = eni.Attachment?.InstanceId;
  if (primary && instanceId && (eni.Attachment?.DeviceIndex ?? 0) === 0) {
    const address = (addressesByInstance.get(instanceId) ?? []).find((a) => a.PublicIp);
    if (address) return address.PublicIp;
  }
  return undefined;
}

/** Every public IPv4 the interface holds, with the private address each one maps to. */
export function publicMappings(index: SnapshotIndex, eni: NetworkInterface): readonly PublicMapping[] {
  // Most interfaces hold no public address at all: two lookups tell, before any address is read.
  let maybe = !!eni.Association?.PublicIp;
  for (const p of eni.PrivateIpAddresses ?? []) if (p.Association?.PublicIp) maybe = true;
  if (!maybe) {
    const { addressesByInterface, addressesByInstance } = lookups(index);
    const instanceId = eni.Attachment?.InstanceId;
    maybe =
      addressesByInterface.has(eni.NetworkInterfaceId ?? '') ||
      (!!instanceId && addressesByInstance.has(instanceId));
  }
  if (!maybe) return NO_MAPPINGS;
  // The others are asked several times each by NET.1-NET.3 and the walker: read once per snapshot.
  const known =
    mappingsByIndex.get(index) ??
    memoizedWeak(mappingsByIndex, index, () => new WeakMap<NetworkInterface, readonly PublicMapping[]>());
  return (
    known.get(eni) ??
    memoizedWeak(known, eni, () => {
      const out: PublicMapping[] = [];
      for (const privateIp of privateAddresses(eni)) {
        const found = publicIpv4Of(index, eni, privateIp);
        if (found) out.push({ public: found, private: privateIp });
      }
      return out.length > 0 ? out : NO_MAPPINGS;
    })
  );
}

export interface PublicMapping {
  public: string;
  private: string;
}

const NO_MAPPINGS: readonly PublicMapping[] = [];
const mappingsByIndex = new WeakMap<SnapshotIndex, WeakMap<NetworkInterface, readonly PublicMapping[]>>();

/** The ranges of a set that admit an arbitrary internet host, or [] when none does. */
export function internetRanges(cidrTexts: readonly string[], version: IpVersion): string[] {
  const wide = cidrTexts.filter((c) => isInternetRange(c) && parseCidr(c)?.version === version);
  if (wide.length > 0) return wide;
  return coversInternet(cidrTexts, version) ? cidrTexts.filter((c) => parseCidr(c)?.version === version) : [];
}
