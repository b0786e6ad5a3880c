import type { Address, NetworkAcl, RouteTable } from '@aws-sdk/client-ec2';
import type { SnapshotIndex } from '../engine/snapshot-index';
import { memoizedWeak } from '../memo';

/**
 * The lookups the path engine makes per hop that the index does not keep, built once per index: a
 * thousand declared paths each ask them several times, and a scan of the whole list per question was most
 * of what answering cost.
 */
export interface PathLookups {
  /** Elastic IPs by the interface they name, or by the instance when they name only that. */
  addressesByInterface: Map<string, Address[]>;
  addressesByInstance: Map<string, Address[]>;
  defaultNaclByVpc: Map<string, NetworkAcl>;
  /** Route tables associated with a gateway (edge associations), by gateway id. */
  edgeTableByGateway: Map<string, RouteTable>;
}

const cache = new WeakMap<SnapshotIndex, PathLookups>();

function push<T>(map: Map<string, T[]>, key: string | undefined, value: T): void {
  if (!key) return;
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function lookups(index: SnapshotIndex): PathLookups {
  return memoizedWeak(cache, index, readLookups);
}

function readLookups(index: SnapshotIndex): PathLookups {
  const out: PathLookups = {
    addressesByInterface: new Map(),
    addressesByInstance: new Map(),
    defaultNaclByVpc: new Map(),
    edgeTableByGateway: new Map(),
  };
  for (const address of index.snapshot.addresses) {
    if (address.NetworkInterfaceId) push(out.addressesByInterface, address.NetworkInterfaceId, address);
    else push(out.addressesByInstance, address.InstanceId, address);
  }
  for (const acl of index.snapshot.networkAcls)
    if (acl.IsDefault && acl.VpcId) out.defaultNaclByVpc.set(acl.VpcId, acl);
  for (const table of index.snapshot.routeTables) {
    for (const association of table.Associations ?? []) {
      if (association.GatewayId) out.edgeTableByGateway.set(association.GatewayId, table);
    }
  }
  return out;
}
