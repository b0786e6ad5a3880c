import type { SnapshotIndex } from '../engine/snapshot-index';
import { InputError } from '../errors';
import { defaultIpVersion, resolveEndpoint, summarizeEndpoint, type OnPremisesNetwork } from './endpoints';
import { dnsHop } from './hops/dns';
import type { IpVersion, PathAnswer, PathProtocol } from './types';
import { walkPath } from './walker';

export interface PathQuestion {
  source: string;
  destination: string;
  protocol: PathProtocol;
  port: number;
  ipVersion?: IpVersion;
}

/**
 * "Can SOURCE reach DESTINATION on protocol/port?", answered from one snapshot: every hop there and back,
 * the first that drops the traffic, or where the snapshot stops showing the path.
 */
export function answerPath(
  index: SnapshotIndex,
  question: PathQuestion,
  networks: readonly OnPremisesNetwork[] = [],
  options: { skipDns?: boolean } = {},
): PathAnswer {
  const ipVersion = question.ipVersion ?? defaultIpVersion(index, question.source, question.destination);
  const source = resolveEndpoint(index, question.source, ipVersion, networks);
  const destination = resolveEndpoint(index, question.destination, ipVersion, networks);
  if (source.kind === 'service') throw new InputError(`${question.source} can only be a destination`);
  if (
    (source.kind === 'internet' || source.kind === 'public-host') &&
    (destination.kind === 'internet' || destination.kind === 'public-host')
  ) {
    throw new InputError('both ends are on the internet: ask about a path that enters or leaves a VPC');
  }
  const query = {
    protocol: question.protocol,
    port: question.protocol === 'icmp' ? 0 : question.port,
    ipVersion,
  };
  const walked = walkPath(index, source, destination, query);
  // A destination reached by name needs name resolution first: the DNS servers must themselves be reachable.
  const byName = destination.kind === 'internet' || destination.kind === 'service';
  if (byName && source.kind === 'interface' && source.eni.VpcId && !options.skipDns) {
    const hop = dnsHop(index, source.eni.VpcId, (server, protocol) =>
      answerPath(
        index,
        { source: question.source, destination: server, protocol, port: 53, ipVersion: 4 },
        networks,
        {
          skipDns: true,
        },
      ),
    );
    walked.hops.unshift(hop);
    if (hop.status === 'WARN') walked.warnings.unshift({ resourceId: hop.resourceId, message: hop.message });
  }
  return {
    source: summarizeEndpoint(question.source, source),
    destination: summarizeEndpoint(question.destination, destination),
    query,
    ...walked,
  };
}
