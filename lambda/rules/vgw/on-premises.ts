import type { AuditConfig } from '../../config/config';
import { cidrContains, parseCidr } from '../../net/cidr';

/** A named on-premises network of the config (`onPremisesNetworks`). */
export interface OnPremisesNetwork {
  name: string;
  cidrs: string[];
}

/**
 * The configured on-premises networks. Read through `unknown` so this compiles against a config type with
 * or without the key; the config schema validates its shape when the file is loaded.
 */
export function onPremisesNetworks(config: AuditConfig): OnPremisesNetwork[] {
  const value: unknown = (config as unknown as Record<string, unknown>).onPremisesNetworks;
  return Array.isArray(value) ? (value as OnPremisesNetwork[]) : [];
}

/** True when `outer` (a route destination) holds every address of `inner`. */
export function covers(outer: string | undefined, inner: string): boolean {
  const a = outer === undefined ? undefined : parseCidr(outer);
  const b = parseCidr(inner);
  return !!a && !!b && cidrContains(a, b);
}
