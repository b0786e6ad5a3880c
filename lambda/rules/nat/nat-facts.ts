import type { NatGateway } from '@aws-sdk/client-ec2';

/** Older NAT gateways predate ConnectivityType; they are all public. */
export function isPublicNat(nat: NatGateway): boolean {
  return (nat.ConnectivityType ?? 'public') === 'public';
}

/** States in which a NAT gateway's configuration still matters (it serves, or is about to). */
export function isLiveNat(nat: NatGateway): boolean {
  return nat.State === 'available' || nat.State === 'pending';
}

export function natState(nat: NatGateway): string {
  return nat.State ?? 'unknown';
}
