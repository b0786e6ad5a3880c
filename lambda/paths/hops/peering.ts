import type { VpcPeeringConnection } from '@aws-sdk/client-ec2';
import type { SnapshotIndex } from '../../engine/snapshot-index';
import { cidrHolds } from '../addresses';
import type { Hop } from '../types';

type PeerInfo = NonNullable<VpcPeeringConnection['AccepterVpcInfo']>;

function cidrsOf(info: PeerInfo | undefined): string[] {
  const out = new Set<string>();
  if (info?.CidrBlock) out.add(info.CidrBlock);
  for (const c of info?.CidrBlockSet ?? []) if (c.CidrBlock) out.add(c.CidrBlock);
  for (const c of info?.Ipv6CidrBlockSet ?? []) if (c.Ipv6CidrBlock) out.add(c.Ipv6CidrBlock);
  return [...out];
}

/**
 * A peering carries traffic only while active, and only to addresses inside the other VPC's CIDRs: no
 * transitive or edge-to-edge routing, so a default route through it never reaches the internet.
 */
export function peeringHop(
  index: SnapshotIndex,
  pcxId: string,
  fromVpcId: string | undefined,
  destination: string | undefined,
): { hop: Hop; peerVpcId?: string; peerOwnerId?: string; peerRegion?: string; peerInSnapshot: boolean } {
  const pcx = index.peerings.get(pcxId);
  const hop = (status: Hop['status'], message: string, evidence: string[], fix: string | null): Hop => ({
    kind: 'vpc-peering',
    resourceId: pcxId,
    status,
    message,
    evidence,
    fix,
  });
  if (!pcx) {
    return {
      peerInSnapshot: false,
      hop: hop(
        'FAIL',
        `${pcxId} is not in the snapshot (deleted?)`,
        [pcxId],
        'Replace the route with one to an active peering connection.',
      ),
    };
  }
  const status = pcx.Status?.Code ?? 'unknown';
  const requester = pcx.RequesterVpcInfo;
  const accepter = pcx.AccepterVpcInfo;
  const peer = requester?.VpcId === fromVpcId ? accepter : requester;
  const peerVpcId = peer?.VpcId;
  const peerInSnapshot = !!peerVpcId && index.vpcs.has(peerVpcId);
  if (status !== 'active') {
    return {
      peerVpcId,
      peerInSnapshot,
      hop: hop(
        'FAIL',
        `${pcxId} is ${status}, not active`,
        [`${pcxId} ${status}`],
        `Accept or recreate ${pcxId}.`,
      ),
    };
  }
  if (destination === undefined) {
    return {
      peerVpcId,
      peerInSnapshot,
      hop: hop(
        'FAIL',
        `${pcxId} does not carry internet traffic: peering has no edge-to-edge routing`,
        [`${pcxId} joins ${fromVpcId ?? '?'} and ${peerVpcId ?? '?'}`],
        `Route internet traffic to a NAT gateway or internet gateway of ${fromVpcId ?? 'the VPC'}, not to ${pcxId}.`,
      ),
    };
  }
  const cidrs = cidrsOf(peer);
  if (!cidrs.some((c) => cidrHolds(c, destination))) {
    return {
      peerVpcId,
      peerInSnapshot,
      hop: hop(
        'FAIL',
        `${destination} is not inside ${peerVpcId ?? 'the peer VPC'} (${cidrs.join(', ') || 'no CIDR known'}): ${pcxId} carries only traffic for the peer VPC`,
        [`${pcxId} peer CIDRs ${cidrs.join(', ')}`],
        `Route ${destination} to the gateway that really leads to it; peering is not transitive.`,
      ),
    };
  }
  const place = {
    ...(peer?.OwnerId ? { peerOwnerId: peer.OwnerId } : {}),
    ...(peer?.Region ? { peerRegion: peer.Region } : {}),
  };
  const where = peerInSnapshot
    ? ''
    : ` (${peerVpcId ?? 'the peer VPC'}, owner ${peer?.OwnerId ?? '?'}, region ${peer?.Region ?? index.snapshot.region}, is in another snapshot)`;
  return {
    peerVpcId,
    ...place,
    peerInSnapshot,
    hop: hop(
      'PASS',
      `${pcxId} is active and carries ${destination} to ${peerVpcId ?? '?'}${where}`,
      [`${pcxId} active`, `peer CIDRs ${cidrs.join(', ')}`],
      null,
    ),
  };
}
