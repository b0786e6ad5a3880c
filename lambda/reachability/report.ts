import type { SnapshotIndex } from '../engine/snapshot-index';
import type { Diagnosis, Direction, IpVersion, PathQuery, Transport, Verdict } from './diagnosis';
import { diagnose } from './diagnose';
import type { ReachabilityEngine } from './engine';
import { interfacesOf } from './instance';

/** What `netaudit explain` answers for one instance or interface: every interface's diagnosis and one verdict. */
export interface ExplainReport {
  target: string;
  kind: 'instance' | 'interface';
  query: { direction: Direction; protocol: Transport; port: number };
  verdict: Verdict;
  /** The diagnosis the verdict comes from (interface and IP version). */
  decidedBy: { interfaceId: string; ipVersion: IpVersion };
  diagnoses: Diagnosis[];
  /** A remark from the caller's config, e.g. that a reachable port is outside `authorizedPorts`. */
  note?: string;
}

/**
 * Egress is decided by the primary interface over IPv4, exactly as NET.2 and NET.3 decide it. Ingress
 * works when any interface is reachable over any IP version it has, as NET.1 counts exposure per
 * interface and version. Other interfaces and versions are still shown.
 */
export function explainTarget(
  engine: ReachabilityEngine,
  target: { kind: 'instance' | 'interface'; id: string },
  query: { direction: Direction; protocol: Transport; port: number },
): ExplainReport {
  const index: SnapshotIndex = engine.index;
  const interfaces =
    target.kind === 'instance'
      ? interfacesOf(index, target.id)
      : [index.networkInterfaces.get(target.id)].filter((e) => e !== undefined);
  const diagnoses: Diagnosis[] = [];
  for (const eni of interfaces) {
    const versions: IpVersion[] =
      query.direction === 'ingress' && engine.ipv6Addresses(eni).length > 0 ? [4, 6] : [4];
    for (const ipVersion of versions) {
      const full: PathQuery = { ...query, ipVersion };
      diagnoses.push(diagnose(engine, eni, full));
    }
  }
  const decisive =
    query.direction === 'egress'
      ? diagnoses[0]
      : (diagnoses.find((d) => d.verdict === 'works') ??
        diagnoses.find((d) => d.verdict === 'unverifiable') ??
        diagnoses[0]);
  return {
    target: target.id,
    kind: target.kind,
    query,
    verdict: decisive?.verdict ?? 'broken',
    decidedBy: {
      interfaceId: decisive?.interfaceId ?? '?',
      ipVersion: decisive?.query.ipVersion ?? 4,
    },
    diagnoses,
  };
}
