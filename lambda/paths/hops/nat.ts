import type { Instance, NatGateway, NetworkInterface } from '@aws-sdk/client-ec2';
import type { SnapshotIndex } from '../../engine/snapshot-index';
import type { Hop } from '../types';
import { memoized, memoizedWeak } from '../../memo';

/** A NAT gateway's public address, when it has an Elastic IP. */
export function natPublicIp(nat: NatGateway | undefined): string | undefined {
  return (nat?.NatGatewayAddresses ?? []).find((a) => a.PublicIp)?.PublicIp;
}

/** A NAT gateway's private address: the source of what it forwards inside the VPC. */
export function natPrivateIp(nat: NatGateway | undefined): string | undefined {
  return (nat?.NatGatewayAddresses ?? []).find((a) => a.PrivateIp)?.PrivateIp;
}

/** The NAT gateway's hop as `readNatGatewayHop` writes it, once per gateway and kind of destination. */
export function natGatewayHop(
  index: SnapshotIndex,
  natId: string,
  toInternet: boolean,
): { hop: Hop; nat?: NatGateway } {
  // Every instance behind a NAT gateway walks through it: its hop is the same for all of them.
  const known = natHopsByIndex.get(index) ?? memoizedWeak(natHopsByIndex, index, newNatHops);
  const hops = known[toInternet ? 1 : 0];
  return hops.get(natId) ?? memoized(hops, natId, () => readNatGatewayHop(index, natId, toInternet));
}

type NatHops = [Map<string, { hop: Hop; nat?: NatGateway }>, Map<string, { hop: Hop; nat?: NatGateway }>];
const natHopsByIndex = new WeakMap<SnapshotIndex, NatHops>();

function newNatHops(): NatHops {
  return [new Map(), new Map()];
}

/**
 * A NAT gateway forwards when it is available; a public one needs an Elastic IP to reach the internet,
 * a private one hands traffic to the next hop of its subnet's table (never the internet).
 */
function readNatGatewayHop(
  index: SnapshotIndex,
  natId: string,
  toInternet: boolean,
): { hop: Hop; nat?: NatGateway } {
  const nat = index.natGateways.get(natId);
  const hop = (status: Hop['status'], message: string, evidence: string[], fix: string | null): Hop => ({
    kind: 'nat-gateway',
    resourceId: natId,
    status,
    message,
    evidence,
    fix,
  });
  if (!nat) {
    return {
      hop: hop(
        'FAIL',
        `${natId} is not in the snapshot (deleted?)`,
        [natId],
        'Create a NAT gateway and point the route at it.',
      ),
    };
  }
  const state = nat.State ?? 'unknown';
  if (state !== 'available') {
    return {
      nat,
      hop: hop(
        'FAIL',
        `${natId} is ${state}, not available`,
        [`${natId} ${state}`],
        `Replace ${natId} with an available NAT gateway and update the route.`,
      ),
    };
  }
  if (nat.ConnectivityType === 'private') {
    return toInternet
      ? {
          nat,
          hop: hop(
            'FAIL',
            `${natId} is a private NAT gateway: it cannot reach the internet`,
            [`${natId} ConnectivityType private`],
            'Route internet traffic to a public NAT gateway.',
          ),
        }
      : {
          nat,
          hop: hop(
            'PASS',
            `${natId} (private) translates to ${natPrivateIp(nat) ?? 'its private address'}`,
            [`${natId} available, private`],
            null,
          ),
        };
  }
  const eip = natPublicIp(nat);
  if (!eip) {
    return {
      nat,
      hop: hop(
        'FAIL',
        `${natId} has no Elastic IP`,
        [`${natId} NatGatewayAddresses without PublicIp`],
        `Recreate ${natId} with an Elastic IP allocation.`,
      ),
    };
  }
  return {
    nat,
    hop: hop(
      'PASS',
      `${natId} is available and translates to its Elastic IP ${eip}`,
      [`${natId} available`, `${natId} ${eip}`],
      null,
    ),
  };
}

/**
 * A route to an instance or one of its interfaces makes that instance a NAT (or appliance): it forwards
 * only while running and with its source/destination check off.
 */
export function natInstanceHop(
  index: SnapshotIndex,
  target: { kind: 'instance' | 'eni'; id: string },
): { hop: Hop; eni?: NetworkInterface; instance?: Instance } {
  const eni =
    target.kind === 'eni'
      ? index.networkInterfaces.get(target.id)
      : index.interfacesOfInstance(target.id).find((e) => (e.Attachment?.DeviceIndex ?? 0) === 0);
  const instanceId = target.kind === 'instance' ? target.id : eni?.Attachment?.InstanceId;
  const instance = instanceId ? index.instances.get(instanceId) : undefined;
  const id = instanceId ?? target.id;
  const hop = (status: Hop['status'], message: string, evidence: string[], fix: string | null): Hop => ({
    kind: 'nat-instance',
    resourceId: id,
    status,
    message,
    evidence,
    fix,
  });
  if (!eni || !instance) {
    return {
      hop: hop(
        'FAIL',
        `${target.id} (the route's NAT instance) is not in the snapshot (terminated?)`,
        [target.id],
        `Point the route at a running NAT instance or a NAT gateway.`,
      ),
    };
  }
  const state = instance.State?.Name ?? 'unknown';
  if (state !== 'running') {
    return {
      eni,
      instance,
      hop: hop(
        'FAIL',
        `NAT instance ${id} is ${state}`,
        [`${id} ${state}`],
        `Start ${id}, or route through a NAT gateway.`,
      ),
    };
  }
  const check = eni.SourceDestCheck ?? instance.SourceDestCheck;
  if (check !== false) {
    return {
      eni,
      instance,
      hop: hop(
        'FAIL',
        `NAT instance ${id} keeps its source/destination check on, so it drops traffic it did not originate`,
        [`${eni.NetworkInterfaceId} SourceDestCheck ${String(check ?? true)}`],
        `aws ec2 modify-instance-attribute --instance-id ${id} --no-source-dest-check`,
      ),
    };
  }
  return {
    eni,
    instance,
    hop: hop(
      'PASS',
      `NAT instance ${id} is running with its source/destination check off`,
      [`${id} running`, `${eni.NetworkInterfaceId} SourceDestCheck false`],
      null,
    ),
  };
}
