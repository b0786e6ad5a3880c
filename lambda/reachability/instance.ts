import type { NetworkInterface } from '@aws-sdk/client-ec2';
import type { SnapshotIndex } from '../engine/snapshot-index';

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
export function primaryInterface(interfaces: readonly NetworkInterface[]): NetworkInterface | undefined {
  let primary: NetworkInterface | undefined;
  for (const eni of interfaces) {
    if (!primary || byDevice(eni, primary) < 0) primary = eni;
  }
  return primary;
}
