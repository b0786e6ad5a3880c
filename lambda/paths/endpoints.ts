import type { NetworkInterface } from '@aws-sdk/client-ec2';
import type { SnapshotIndex } from '../engine/snapshot-index';
import { interfacesOf } from '../reachability/instance';
import { InputError } from '../errors';
import { parseAddress } from '../net/cidr';
import { cidrHolds, ipv6Addresses, privateAddresses, publicMappings, sourceAddress } from './addresses';
import type { Endpoint, EndpointSummary, IpVersion } from './types';

/** A named on-premises network of the config (`onPremisesNetworks`). */
export interface OnPremisesNetwork {
  name: string;
  cidrs: string[];
}

/** Levenshtein distance, for "did you mean" suggestions on a mistyped id. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost));
    }
    previous = current;
  }
  return previous[b.length]!;
}

/** The (at most three) known ids closest to a mistyped one, nearest first, ties by id. */
export function closestIds(id: string, known: Iterable<string>, count = 3): string[] {
  return [...known]
    .map((k) => ({ k, d: editDistance(id, k) }))
    .sort((x, y) => x.d - y.d || (x.k < y.k ? -1 : x.k > y.k ? 1 : 0))
    .slice(0, count)
    .map((x) => x.k);
}

function closest(id: string, known: Iterable<string>): string {
  const best = closestIds(id, known);
  return best.length > 0 ? `; closest known: ${best.join(', ')}` : '';
}

function interfaceEndpoint(
  index: SnapshotIndex,
  eni: NetworkInterface,
  version: IpVersion,
  address?: string,
): Endpoint {
  const instanceId = eni.Attachment?.InstanceId;
  const instance = instanceId ? index.instances.get(instanceId) : undefined;
  const own = address ?? sourceAddress(eni, version);
  if (!own) {
    throw new InputError(
      `${eni.NetworkInterfaceId} has no IPv${version} address${version === 6 ? ' (ask with --ip-version 4)' : ''}`,
    );
  }
  return { kind: 'interface', eni, ...(instance ? { instance } : {}), address: own };
}

/**
 * Resolves `internet`, an instance id, an interface id, an IP address, an on-premises network name or
 * `aws:s3` / `aws:dynamodb`, as `netaudit explain` takes them. Bad input is an InputError naming it.
 */
export function resolveEndpoint(
  index: SnapshotIndex,
  input: string,
  version: IpVersion,
  networks: readonly OnPremisesNetwork[],
): Endpoint {
  const text = input.trim();
  if (text === 'internet') return { kind: 'internet' };
  if (text === 'aws:s3' || text === 'aws:dynamodb')
    return { kind: 'service', service: text === 'aws:s3' ? 's3' : 'dynamodb' };
  if (text.startsWith('aws:')) throw new InputError(`unknown service "${text}": use aws:s3 or aws:dynamodb`);
  if (text.startsWith('i-')) {
    if (!index.instances.has(text))
      throw new InputError(
        `unknown instance ${text} in the snapshot${closest(text, index.instances.keys())}`,
      );
    const eni = interfacesOf(index, text)[0];
    if (!eni) throw new InputError(`instance ${text} has no network interface in the snapshot`);
    return interfaceEndpoint(index, eni, version);
  }
  if (text.startsWith('eni-')) {
    const eni = index.networkInterfaces.get(text);
    if (!eni)
      throw new InputError(
        `unknown network interface ${text} in the snapshot${closest(text, index.networkInterfaces.keys())}`,
      );
    return interfaceEndpoint(index, eni, version);
  }
  const named = networks.find((n) => n.name === text);
  if (named) {
    const first = named.cidrs[0] ?? '';
    const address = first.slice(0, first.indexOf('/'));
    // The network address itself stands for the network: any host in it takes the same route.
    return { kind: 'on-premises', network: named.name, address: hostOf(address), cidrs: named.cidrs };
  }
  if (!parseAddress(text)) {
    const names = networks.map((n) => n.name);
    throw new InputError(
      `"${text}" is not internet, an instance id (i-...), an interface id (eni-...), an IP address, aws:s3, aws:dynamodb${names.length > 0 ? ` or an on-premises network (${names.join(', ')})` : ' or an on-premises network name (none is configured: onPremisesNetworks)'}`,
    );
  }
  return resolveAddress(index, text, networks);
}

/** The first host address of a network: 192.168.1.1 for 192.168.1.0/24. */
function hostOf(network: string): string {
  if (network.includes(':')) return network.endsWith('::') ? `${network}1` : network;
  const parts = network.split('.').map(Number);
  if (parts[3] === 0) parts[3] = 1;
  return parts.join('.');
}

function resolveAddress(
  index: SnapshotIndex,
  address: string,
  networks: readonly OnPremisesNetwork[],
): Endpoint {
  for (const eni of index.snapshot.networkInterfaces) {
    if (privateAddresses(eni).includes(address) || ipv6Addresses(eni).includes(address)) {
      return interfaceEndpoint(index, eni, address.includes(':') ? 6 : 4, address);
    }
  }
  for (const eni of index.snapshot.networkInterfaces) {
    const mapping = publicMappings(index, eni).find((m) => m.public === address);
    // A public address of the snapshot: the packet goes out to the internet and comes back in to it.
    if (mapping) return publicEndpoint(index, eni, mapping.private, address);
  }
  const network = networks.find((n) => n.cidrs.some((c) => cidrHolds(c, address)));
  if (network) return { kind: 'on-premises', network: network.name, address, cidrs: network.cidrs };
  for (const subnet of index.snapshot.subnets) {
    const cidrs = [
      subnet.CidrBlock,
      ...(subnet.Ipv6CidrBlockAssociationSet ?? []).map((a) => a.Ipv6CidrBlock),
    ];
    if (cidrs.some((c) => cidrHolds(c, address))) {
      return {
        kind: 'vpc-host',
        address,
        vpcId: subnet.VpcId ?? '?',
        ...(subnet.SubnetId ? { subnetId: subnet.SubnetId } : {}),
      };
    }
  }
  for (const vpc of index.snapshot.vpcs) {
    const cidrs = [vpc.CidrBlock, ...(vpc.CidrBlockAssociationSet ?? []).map((a) => a.CidrBlock)];
    if (cidrs.some((c) => cidrHolds(c, address)))
      return { kind: 'vpc-host', address, vpcId: vpc.VpcId ?? '?' };
  }
  return { kind: 'public-host', address };
}

/** An interface reached at one of its public addresses: over the internet, through its VPC's gateway. */
function publicEndpoint(
  index: SnapshotIndex,
  eni: NetworkInterface,
  privateIp: string,
  address: string,
): Endpoint {
  const endpoint = interfaceEndpoint(index, eni, 4, privateIp);
  return endpoint.kind === 'interface' ? { ...endpoint, address } : endpoint;
}

export function summarizeEndpoint(input: string, endpoint: Endpoint): EndpointSummary {
  switch (endpoint.kind) {
    case 'internet':
      return { input, kind: 'internet' };
    case 'public-host':
      return { input, kind: 'public-host', address: endpoint.address };
    case 'interface':
      return {
        input,
        kind: 'interface',
        id: endpoint.eni.NetworkInterfaceId ?? '?',
        ...(endpoint.instance?.InstanceId ? { instanceId: endpoint.instance.InstanceId } : {}),
        address: endpoint.address,
      };
    case 'vpc-host':
      return { input, kind: 'vpc-host', id: endpoint.subnetId ?? endpoint.vpcId, address: endpoint.address };
    case 'on-premises':
      return { input, kind: 'on-premises', network: endpoint.network, address: endpoint.address };
    case 'service':
      return { input, kind: 'service', service: endpoint.service };
  }
}

/** The IP version to ask by default: 4, or 6 when only IPv6 is possible between the two ends. */
export function defaultIpVersion(index: SnapshotIndex, source: string, destination: string): IpVersion {
  const v6Only = (input: string): boolean => {
    const text = input.trim();
    if (text.includes(':') && parseAddress(text)) return true;
    const eni = text.startsWith('eni-')
      ? index.networkInterfaces.get(text)
      : text.startsWith('i-')
        ? interfacesOf(index, text)[0]
        : undefined;
    return !!eni && privateAddresses(eni).length === 0 && ipv6Addresses(eni).length > 0;
  };
  return v6Only(source) || v6Only(destination) ? 6 : 4;
}
