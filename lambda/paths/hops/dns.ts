import type { SnapshotIndex } from '../../engine/snapshot-index';
import type { Hop, PathAnswer } from '../types';

/** The DNS servers a VPC's DHCP option set names; `AmazonProvidedDNS` is the VPC resolver. */
export function dnsServersOf(
  index: SnapshotIndex,
  vpcId: string,
): { servers: string[]; optionsId?: string } | undefined {
  const options = index.snapshot.dhcpOptions;
  if (!options || index.missingParts.has('dhcpOptions')) return undefined;
  const optionsId = index.vpcs.get(vpcId)?.DhcpOptionsId;
  const set = options.find((o) => o.DhcpOptionsId === optionsId);
  const servers = (set?.DhcpConfigurations ?? [])
    .filter((c) => c.Key === 'domain-name-servers')
    .flatMap((c) => (c.Values ?? []).map((v) => v.Value ?? ''))
    .filter(Boolean);
  return {
    servers: servers.length > 0 ? servers : ['AmazonProvidedDNS'],
    ...(optionsId ? { optionsId } : {}),
  };
}

/**
 * Name resolution before a connection by name (a website, a service endpoint). With the VPC resolver it
 * needs the VPC's DNS support; with custom DNS servers from the DHCP option set, each server must itself be
 * reachable on UDP and TCP 53. Reported as a warning: the packet path is what the verdict is about, and an
 * instance may connect by address or use its own resolver.
 */
export function dnsHop(
  index: SnapshotIndex,
  vpcId: string,
  reach: (server: string, protocol: 'udp' | 'tcp') => PathAnswer,
): Hop {
  const hop = (
    status: Hop['status'],
    resourceId: string,
    message: string,
    evidence: string[],
    fix: string | null,
  ): Hop => ({
    kind: 'dns',
    resourceId,
    status,
    message,
    evidence,
    fix,
  });
  const found = dnsServersOf(index, vpcId);
  if (!found)
    return hop(
      'WARN',
      vpcId,
      'DHCP option sets were not collected: name resolution was not checked',
      [],
      null,
    );
  const custom = found.servers.filter((s) => s !== 'AmazonProvidedDNS');
  const id = found.optionsId ?? vpcId;
  if (custom.length === 0) {
    const attrs = index.snapshot.vpcAttributes[vpcId];
    if (attrs?.EnableDnsSupport === false) {
      return hop(
        'WARN',
        vpcId,
        `${vpcId} uses the Amazon resolver but has enableDnsSupport false: names do not resolve`,
        [`${vpcId} EnableDnsSupport false`],
        `aws ec2 modify-vpc-attribute --vpc-id ${vpcId} --enable-dns-support`,
      );
    }
    return hop(
      'PASS',
      id,
      `names resolve through the Amazon resolver of ${vpcId}`,
      [`${id}: AmazonProvidedDNS`],
      null,
    );
  }
  const problems: string[] = [];
  for (const server of custom) {
    for (const protocol of ['udp', 'tcp'] as const) {
      const answer = reach(server, protocol);
      if (answer.verdict === 'broken') {
        problems.push(
          `${server} on ${protocol.toUpperCase()} 53: broken at ${answer.brokenHop?.kind} ${answer.brokenHop?.resourceId}: ${answer.brokenHop?.message}`,
        );
      } else if (answer.verdict === 'unverifiable') {
        problems.push(
          `${server} on ${protocol.toUpperCase()} 53: unverifiable (${answer.unverifiableHop?.message})`,
        );
      }
    }
  }
  if (problems.length > 0) {
    return hop(
      'WARN',
      id,
      `the DNS servers of ${id} (${custom.join(', ')}) are not all reachable: connections by name may fail`,
      problems,
      `Open UDP and TCP 53 to ${custom.join(', ')} on the path the evidence names.`,
    );
  }
  return hop(
    'PASS',
    id,
    `the DNS servers of ${id} (${custom.join(', ')}) are reachable on UDP and TCP 53`,
    custom,
    null,
  );
}
