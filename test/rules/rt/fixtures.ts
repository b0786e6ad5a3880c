import type { InternetGateway, Route, RouteState } from '@aws-sdk/client-ec2';
import type { Result } from '../../../lambda/engine/result';

/** An IPv6 route to an internet gateway (the builder's helpers only write IPv4 destinations). */
export const toIgwV6 = (igw: InternetGateway, destination = '::/0'): Route => ({
  DestinationIpv6CidrBlock: destination,
  GatewayId: igw.InternetGatewayId,
  State: 'active',
  Origin: 'CreateRoute',
});

/** A route to a gateway id that exists nowhere in the snapshot. */
export const toGatewayId = (
  gatewayId: string,
  destination = '0.0.0.0/0',
  state: RouteState = 'active',
): Route => ({
  DestinationCidrBlock: destination,
  GatewayId: gatewayId,
  State: state,
  Origin: 'CreateRoute',
});

/** Status of each result by resource id, for compact assertions over whole runs. */
export function statuses(results: readonly Result[]): Record<string, string> {
  return Object.fromEntries(results.map((r) => [r.resourceId, r.status]));
}

/** True when no resource id appears twice: each rule reports once per resource. */
export function idsAreUnique(results: readonly Result[]): boolean {
  return new Set(results.map((r) => r.resourceId)).size === results.length;
}
