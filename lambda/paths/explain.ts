import type { SnapshotIndex } from '../engine/snapshot-index';
import { InputError } from '../errors';
import { defaultIpVersion, resolveEndpoint, summarizeEndpoint, type OnPremisesNetwork } from './endpoints';
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
  return {
    source: summarizeEndpoint(question.source, source),
    destination: summarizeEndpoint(question.destination, destination),
    query,
    ...walkPath(index, source, destination, query),
  };
}
