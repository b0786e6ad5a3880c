import type { SnapshotIndex } from '../engine/snapshot-index';
import { InputError } from '../errors';
import { defaultIpVersion, resolveEndpoint, summarizeEndpoint, type OnPremisesNetwork } from './endpoints';
import { dnsHop } from './hops/dns';
import type { IpVersion, PathAnswer, PathProtocol } from './types';
import { walkPath } from './walker';
import { placeText, World, type Located } from './world';

export interface PathQuestion {
  source: string;
  destination: string;
  protocol: PathProtocol;
  port: number;
  ipVersion?: IpVersion;
}

/** The snapshot an instance or interface id names: the one that holds it, else the first. */
function holderOf(world: World, input: string): SnapshotIndex {
  const id = input.trim();
  const holds = (index: SnapshotIndex): boolean =>
    id.startsWith('i-') ? index.instances.has(id) : id.startsWith('eni-') && index.networkInterfaces.has(id);
  return world.holding(holds)[0] ?? world.home;
}

/**
 * Resolves an end in every snapshot given. An id names its own snapshot. An address held by interfaces
 * (or VPCs) of two snapshots is ambiguous, since private ranges repeat across accounts and regions: the
 * error lists where, so the user can give the interface id instead. Anything else is the first snapshot's.
 */
export function locateEndpoint(
  world: World,
  input: string,
  version: IpVersion,
  networks: readonly OnPremisesNetwork[],
): Located {
  const home = world.home;
  if (world.indexes.length === 1)
    return { endpoint: resolveEndpoint(home, input, version, networks), index: home };
  const text = input.trim();
  if (text.startsWith('i-') || text.startsWith('eni-')) {
    const index = holderOf(world, text);
    return { endpoint: resolveEndpoint(index, text, version, networks), index };
  }
  const found = world.indexes.map((index) => ({
    endpoint: resolveEndpoint(index, text, version, networks),
    index,
  }));
  for (const kind of ['interface', 'vpc-host'] as const) {
    const hits = found.filter((f) => f.endpoint.kind === kind);
    if (hits.length > 1) {
      throw new InputError(
        `${text} is inside networks of ${hits.length} snapshots (${hits.map((h) => placeText(h.index.snapshot)).join('; ')}): give an instance or interface id instead`,
      );
    }
    if (hits[0]) return hits[0];
  }
  return found[0]!;
}

/**
 * "Can SOURCE reach DESTINATION on protocol/port?", answered from the snapshots given: every hop there and
 * back, the first that drops the traffic, or where the snapshots stop showing the path.
 */
export function answerPath(
  snapshots: World | SnapshotIndex,
  question: PathQuestion,
  networks: readonly OnPremisesNetwork[] = [],
  options: { skipDns?: boolean } = {},
): PathAnswer {
  const world = snapshots instanceof World ? snapshots : World.single(snapshots);
  const v6Only = (input: string): boolean => defaultIpVersion(holderOf(world, input), input, input) === 6;
  const ipVersion: IpVersion =
    question.ipVersion ?? (v6Only(question.source) || v6Only(question.destination) ? 6 : 4);
  const from = locateEndpoint(world, question.source, ipVersion, networks);
  const to = locateEndpoint(world, question.destination, ipVersion, networks);
  const index = from.index;
  const source = from.endpoint;
  const destination = to.endpoint;
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
  const walked = walkPath(world, from, to, query);
  // A destination reached by name needs name resolution first: the DNS servers must themselves be reachable.
  const byName = destination.kind === 'internet' || destination.kind === 'service';
  if (byName && source.kind === 'interface' && source.eni.VpcId && !options.skipDns) {
    const hop = dnsHop(index, source.eni.VpcId, (server, protocol) =>
      answerPath(
        world,
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
