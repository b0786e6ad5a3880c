import type { Vpc, VpcPeeringConnectionVpcInfo } from '@aws-sdk/client-ec2';
import { cidrsOverlap, parseCidr } from '../../net/cidr';
import { defineRule, failed, passed, type Outcome } from '../../engine/rule';
import type { SnapshotIndex } from '../../engine/snapshot-index';
import { isUsableCidrState } from './route-facts';
import { listSome } from '../text';

/** IPv4 and IPv6 CIDR blocks of a VPC, from its own description (associated blocks only). */
export function vpcCidrs(vpc: Vpc): string[] {
  const v4 = (vpc.CidrBlockAssociationSet ?? [])
    .filter((a) => isUsableCidrState(a.CidrBlockState?.State))
    .map((a) => a.CidrBlock);
  const v6 = (vpc.Ipv6CidrBlockAssociationSet ?? [])
    .filter((a) => isUsableCidrState(a.Ipv6CidrBlockState?.State))
    .map((a) => a.Ipv6CidrBlock);
  return [vpc.CidrBlock, ...v4, ...v6].filter((c): c is string => !!c);
}

/** Every CIDR known for one side of a peering: what the peering recorded, plus the VPC's own when known. */
function sideCidrs(index: SnapshotIndex, info: VpcPeeringConnectionVpcInfo | undefined): string[] {
  const recorded = [
    info?.CidrBlock,
    ...(info?.CidrBlockSet ?? []).map((c) => c.CidrBlock),
    ...(info?.Ipv6CidrBlockSet ?? []).map((c) => c.Ipv6CidrBlock),
  ];
  const vpc = info?.VpcId ? index.vpcs.get(info.VpcId) : undefined;
  return [...new Set([...recorded, ...(vpc ? vpcCidrs(vpc) : [])].filter((c): c is string => !!c))].sort();
}

/** `10.0.0.0/16 overlaps 10.0.128.0/17` for every overlapping pair between two lists of CIDR blocks. */
export function overlaps(left: readonly string[], right: readonly string[]): string[] {
  const out: string[] = [];
  for (const a of left) {
    const ca = parseCidr(a);
    for (const b of right) {
      const cb = parseCidr(b);
      if (ca && cb && cidrsOverlap(ca, cb)) out.push(`${a} overlaps ${b}`);
    }
  }
  return out;
}

function judgePeering(index: SnapshotIndex, id: string): Outcome {
  const peering = index.peerings.get(id)!;
  const requester = peering.RequesterVpcInfo;
  const accepter = peering.AccepterVpcInfo;
  const found = overlaps(sideCidrs(index, requester), sideCidrs(index, accepter));
  const state = peering.Status?.Code ?? 'unknown';
  const pair = `${requester?.VpcId ?? '?'} and ${accepter?.VpcId ?? '?'}`;
  if (found.length === 0)
    return passed(id, `${id} (${state}) joins ${pair}, whose CIDR blocks do not overlap`);
  const why = peering.Status?.Message ? `: ${peering.Status.Message}` : '';
  return failed(id, `${id} (${state}${why}) joins ${pair}, whose CIDR blocks overlap: ${listSome(found)}`, {
    evidence: { overlaps: found, status: state },
  });
}

function judgeVpc(vpc: Vpc, onPremises: readonly string[]): Outcome {
  const id = vpc.VpcId!;
  const extra = { resourceType: 'AwsEc2Vpc' as const };
  if (onPremises.length === 0) {
    return passed(id, `${id} has no on-premises range to overlap (onPremisesCidrs is empty)`, extra);
  }
  const found = overlaps(vpcCidrs(vpc), onPremises);
  if (found.length === 0) {
    return passed(id, `${id} overlaps none of the on-premises ranges (${listSome(onPremises)})`, extra);
  }
  return failed(id, `${id} overlaps the on-premises network: ${listSome(found)} (onPremisesCidrs)`, {
    ...extra,
    evidence: { overlaps: found },
  });
}

export const overlappingCidrs = defineRule({
  id: 'RT.6',
  title: 'CIDR blocks overlap between peered VPCs or with the on-premises network',
  description:
    'AWS refuses to peer VPCs whose IPv4 or IPv6 CIDR blocks overlap: the request ends in state failed and ' +
    'the instances cannot talk. A VPC that overlaps a configured on-premises range (onPremisesCidrs) cannot ' +
    'route to the hosts in the overlap over VPN or Direct Connect. Peerings in any state are checked, using ' +
    'the CIDRs the peering recorded and those of the VPCs when they are in the snapshot.',
  severity: 'MEDIUM',
  resourceType: 'AwsEc2VpcPeeringConnection',
  category: 'connectivity',
  requires: ['vpcs', 'vpcPeeringConnections'],
  remediation: {
    text:
      'Overlapping CIDRs cannot be routed. Re-address one side: create a VPC (or add a secondary CIDR block) ' +
      'with a non-overlapping range and move the workload, then peer again; or connect through a private NAT ' +
      'gateway or AWS PrivateLink, which tolerate overlaps. Plan address space with Amazon VPC IPAM.',
    url: 'https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-basics.html',
  },
  references: [],
  evaluate(index, config) {
    const peerings = [...index.peerings.keys()].map((id) => judgePeering(index, id));
    const vpcs = index.snapshot.vpcs.map((vpc) => judgeVpc(vpc, config.onPremisesCidrs));
    return [...peerings, ...vpcs];
  },
});
