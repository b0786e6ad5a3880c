import type { Instance, NetworkInterface } from '@aws-sdk/client-ec2';
import { describeRoute, type SnapshotIndex } from '../engine/snapshot-index';
import { DEFAULT_EGRESS_QUERY, type Diagnosis } from './diagnosis';
import { diagnose } from './diagnose';
import type { ReachabilityEngine } from './engine';

/** An instance's interfaces, primary (device index 0) first, then by device index and id. */
export function interfacesOf(index: SnapshotIndex, instanceId: string): NetworkInterface[] {
  const rank = (eni: NetworkInterface) => eni.Attachment?.DeviceIndex ?? Number.MAX_SAFE_INTEGER;
  return [...index.interfacesOfInstance(instanceId)].sort(
    (a, b) => rank(a) - rank(b) || (a.NetworkInterfaceId ?? '').localeCompare(b.NetworkInterfaceId ?? ''),
  );
}

/** What NET.2 and NET.3 (and `explain`'s exit code) decide on for one instance's internet egress. */
export type InstanceEgress =
  | { kind: 'not-running'; state: string }
  | { kind: 'no-interface' }
  | { kind: 'diagnosed'; diagnosis: Diagnosis; intent: string | undefined };

/**
 * The egress verdict of an instance is its primary interface's: the OS sends internet traffic out of
 * the default route's interface, which is the primary one unless someone reconfigured routing inside
 * the guest (invisible to the EC2 API). Only running instances have a verdict.
 */
export function instanceEgress(engine: ReachabilityEngine, instance: Instance): InstanceEgress {
  const id = instance.InstanceId ?? '?';
  return engine.cached(`instance-egress|${id}`, (): InstanceEgress => {
    const state = instance.State?.Name ?? 'unknown';
    if (state !== 'running') return { kind: 'not-running', state };
    const primary = interfacesOf(engine.index, id)[0];
    if (!primary) return { kind: 'no-interface' };
    const diagnosis = diagnose(engine, primary, DEFAULT_EGRESS_QUERY);
    return { kind: 'diagnosed', diagnosis, intent: egressIntent(engine, primary) };
  });
}

/**
 * Why we believe internet egress was intended, or undefined when nothing says so. A default route is the
 * clear sign (RULES.md NET.2); a public IPv4 on the interface, or a subnet that maps one on launch, is
 * the other: nobody pays for a public address on an instance meant to be isolated (incident 2, a new
 * instance in a subnet whose table lacks 0.0.0.0/0, is NET.2, not "isolated by design").
 */
function egressIntent(engine: ReachabilityEngine, eni: NetworkInterface): string | undefined {
  const index = engine.index;
  const subnetId = eni.SubnetId ?? '';
  const table = index.routeTableOf(subnetId);
  const route = table ? index.defaultRouteOf(table) : undefined;
  if (route && table) return `default route ${table.RouteTableId}: ${describeRoute(route)}`;
  const publicIp = engine.publicIpv4(eni);
  if (publicIp) return `public IP ${publicIp} on ${eni.NetworkInterfaceId}`;
  if (index.subnets.get(subnetId)?.MapPublicIpOnLaunch) return `${subnetId} maps public IPs on launch`;
  return undefined;
}
