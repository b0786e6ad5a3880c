import type { SecurityGroup, Vpc, VpcEndpoint } from '@aws-sdk/client-ec2';
import { defineRule, failed, notEvaluated, passed, type Outcome } from '../../engine/rule';
import type { SnapshotIndex } from '../../engine/snapshot-index';
import { rangesCover } from '../../net/internet';
import { parseCidr } from '../../net/cidr';
import { openedPorts, permissionTraffic } from '../../net/permissions';
import { PortSet } from '../../net/ports';
import { resolvePrefixList } from '../../net/prefix-lists';
import type { SnapshotPart } from '../../snapshot/types';
import { notEvaluatedInVpc } from '../partial-data';
import { isUsableCidrState } from '../rt/route-facts';
import { endpointLabel, liveInterfaceEndpoints } from './interface-endpoints';

const REQUIRES: SnapshotPart[] = ['vpcEndpoints', 'securityGroups', 'vpcs'];
const HTTPS = PortSet.range(443);

/** Every IPv4 CIDR block of the VPC: the primary one and each associated secondary block. */
function vpcCidrs(vpc: Vpc): string[] {
  const blocks = (vpc.CidrBlockAssociationSet ?? [])
    .filter((a) => isUsableCidrState(a.CidrBlockState?.State))
    .map((a) => a.CidrBlock);
  return [...new Set([vpc.CidrBlock, ...blocks].filter((c): c is string => !!c))];
}

/** The source ranges the groups admit on TCP 443, and the prefix lists that could not be read. */
function httpsSources(index: SnapshotIndex, groups: readonly SecurityGroup[]) {
  const cidrs: string[] = [];
  const unresolved: string[] = [];
  for (const group of groups) {
    for (const permission of group.IpPermissions ?? []) {
      if (openedPorts(permissionTraffic(permission), 'tcp', HTTPS).isEmpty()) continue;
      for (const r of permission.IpRanges ?? []) if (r.CidrIp) cidrs.push(r.CidrIp);
      for (const ref of permission.PrefixListIds ?? []) {
        if (!ref.PrefixListId) continue;
        const list = resolvePrefixList(index, ref.PrefixListId);
        if (list.kind === 'resolved') cidrs.push(...list.cidrs);
        else unresolved.push(list.reason);
      }
    }
  }
  return { cidrs, unresolved };
}

function judge(index: SnapshotIndex, endpoint: VpcEndpoint): Outcome {
  const id = endpoint.VpcEndpointId!;
  const skipped = notEvaluatedInVpc(index, id, REQUIRES, endpoint.VpcId);
  if (skipped) return skipped;
  const label = endpointLabel(endpoint);
  const vpc = endpoint.VpcId ? index.vpcs.get(endpoint.VpcId) : undefined;
  if (!vpc)
    return notEvaluated(
      id,
      `Not evaluated: the VPC ${endpoint.VpcId ?? '?'} of ${label} is not in the snapshot`,
    );
  const groupIds = (endpoint.Groups ?? []).map((g) => g.GroupId!).filter(Boolean);
  const groups = groupIds.map((g) => index.securityGroups.get(g)).filter((g): g is SecurityGroup => !!g);
  if (groups.length < groupIds.length) {
    const absent = groupIds.filter((g) => !index.securityGroups.has(g));
    return notEvaluated(
      id,
      `Not evaluated: the security groups ${absent.join(', ')} of ${label} are not in the snapshot`,
    );
  }
  const { cidrs, unresolved } = httpsSources(index, groups);
  const wanted = vpcCidrs(vpc);
  // Rules that name other groups admit only those groups' members, never every address of the VPC.
  const uncovered = wanted.filter((c) => {
    const block = parseCidr(c);
    return block !== undefined && !rangesCover(cidrs, block);
  });
  const by = groupIds.length > 0 ? groupIds.join(', ') : 'no security group';
  if (uncovered.length === 0) {
    return passed(
      id,
      `${label}: ${by} admit TCP 443 from all of ${vpc.VpcId}'s CIDRs (${wanted.join(', ')})`,
    );
  }
  if (unresolved.length > 0) {
    return notEvaluated(
      id,
      `Not evaluated: ${label} admits TCP 443 from a prefix list that could not be resolved (${unresolved.join('; ')})`,
    );
  }
  return failed(
    id,
    `${label}: ${by} do not admit TCP 443 from ${uncovered.join(', ')} of ${vpc.VpcId}: clients there cannot reach the service through the endpoint`,
    { evidence: { securityGroups: groupIds, uncoveredCidrs: uncovered } },
  );
}

export const endpointRejectsVpcHttps = defineRule({
  id: 'VPCE.1',
  title: "Interface endpoint's security groups do not admit HTTPS from the VPC",
  description:
    'AWS services answer on TCP 443 at an interface endpoint, whose network interfaces are guarded by the ' +
    "endpoint's security groups. When those groups do not admit TCP 443 from every CIDR block of the VPC, " +
    'calls to the service from the uncovered subnets time out, and with private DNS on, the SDK never falls ' +
    'back to the public endpoint.',
  severity: 'MEDIUM',
  resourceType: 'AwsEc2VpcEndpoint',
  category: 'connectivity',
  requires: REQUIRES,
  remediation: {
    text:
      "Add an inbound rule for TCP 443 from each of the VPC's CIDR blocks (or from the client security groups, " +
      'if only they should use the endpoint) to a security group of the endpoint.',
    url: 'https://docs.aws.amazon.com/vpc/latest/privatelink/create-interface-endpoint.html',
  },
  references: [],
  evaluate(index) {
    return liveInterfaceEndpoints(index.snapshot.vpcEndpoints).map((endpoint) => judge(index, endpoint));
  },
});
