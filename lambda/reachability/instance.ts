import type { Instance, NetworkInterface } from '@aws-sdk/client-ec2';
import { describeRoute, type SnapshotIndex } from '../engine/snapshot-index';
import { DEFAULT_EGRESS_QUERY } from './diagnosis';
import { brokenPath, leavesVpcCheck, pathVerdict, type BrokenPath } from './diagnose';
import type { ReachabilityEngine } from './engine';

/** Primary (device index 0) first, then by device index and id. */
function byDevice(a: NetworkInterface, b: NetworkInterface): number {
  const rank = (eni: NetworkInterface) => eni.Attachment?.DeviceIndex ?? Number.MAX_SAFE_INTEGER;
  return rank(a) - rank(b) || (a.NetworkInterfaceId ?? '').localeCompare(b.NetworkInterfaceId ?? '');
}

/** An instance's interfaces, primary (device index 0) first, then by device index and id. */
export function interfacesOf(index: SnapshotIndex, instanceId: string): NetworkInterface[] {
  return [...index.interfacesOfInstance(instanceId)].sort(byDevice);
}

/** The first of `interfacesOf`, without copying and sorting: NET.2 and NET.3 ask for every instance. */
function primaryInterface(interfaces: readonly NetworkInterface[]): NetworkInterface | undefined {
  let primary: NetworkInterface | undefined;
  for (const eni of interfaces) {
    if (!primary || byDevice(eni, primary) < 0) primary = eni;
  }
  return primary;
}

/**
 * What NET.2 and NET.3 decide on for one instance's internet egress. No kind carries a full `Diagnosis`:
 * building one per instance cost more than everything else NET.2 does, and the rules report only the
 * first broken hop (`netaudit explain` shows the rest).
 */
export type InstanceEgress =
  | { kind: 'not-running'; state: string }
  | { kind: 'no-interface' }
  | { kind: 'works'; intent: string | undefined }
  /** The path leaves the VPC (peering, transit gateway...): `leaves` says where. */
  | { kind: 'unverifiable'; leaves: string | undefined; intent: string | undefined }
  | { kind: 'broken'; path: BrokenPath; intent: string | undefined };

/**
 * The egress verdict of an instance is its primary interface's: the OS sends internet traffic out of
 * the default route's interface, which is the primary one unless someone reconfigured routing inside
 * the guest (invisible to the EC2 API). Only running instances have a verdict.
 */
export function instanceEgress(
  engine: ReachabilityEngine,
  instance: Instance,
  interfaces: readonly NetworkInterface[],
): InstanceEgress {
  const state = instance.State?.Name ?? 'unknown';
  if (state !== 'running') return { kind: 'not-running', state };
  const primary = primaryInterface(interfaces);
  if (!primary) return { kind: 'no-interface' };
  const intent = egressIntent(engine, primary);
  // The verdict comes from cached shared steps; the broken hop is looked for only on broken paths. A broken
  // verdict always has one (property-tested); both read step 1 from this instance, even when its id is
  // listed twice. Were they ever to disagree, the checks decide.
  const verdict = pathVerdict(engine, primary, DEFAULT_EGRESS_QUERY, instance);
  const path = verdict === 'broken' ? brokenPath(engine, primary, DEFAULT_EGRESS_QUERY, instance) : undefined;
  if (path) return { kind: 'broken', path, intent };
  if (verdict === 'unverifiable') {
    const leaves = leavesVpcCheck(engine, primary, DEFAULT_EGRESS_QUERY)?.message;
    return { kind: 'unverifiable', leaves, intent };
  }
  return { kind: 'works', intent };
}

/** `instanceEgress` of every instance of the snapshot, in its order: computed once per engine. */
export function everyInstanceEgress(engine: ReachabilityEngine): readonly InstanceEgress[] {
  return engine.egressOfEveryInstance(() =>
    engine.index.snapshot.instances.map((instance, position) =>
      instanceEgress(engine, instance, engine.index.interfacesOfInstanceAt(position)),
    ),
  );
}

/**
 * Why we believe internet egress was intended, or undefined when nothing says so: a default route
 * (0.0.0.0/0, any target, even a blackhole) in the subnet's table, exactly as RULES.md defines NET.2.
 * A public IP alone does not count: a subnet without 0.0.0.0/0 is RT.2's finding, and NET.3 shows it.
 */
function egressIntent(engine: ReachabilityEngine, eni: NetworkInterface): string | undefined {
  const subnetId = eni.SubnetId ?? '';
  return engine.cached('egress-intent', subnetId, () => {
    const table = engine.index.routeTableOf(subnetId);
    const route = table ? engine.index.defaultRouteOf(table) : undefined;
    return route && table ? `default route ${table.RouteTableId}: ${describeRoute(route)}` : undefined;
  });
}
