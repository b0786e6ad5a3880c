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

/**
 * A regional NAT gateway (AvailabilityMode `regional`) spans every zone of its VPC and sits in no subnet,
 * so zone-placement findings do not apply to it.
 */
export function isRegionalNat(nat: NatGateway): boolean {
  return nat.AvailabilityMode === 'regional';
}
