import type { Vpc } from '@aws-sdk/client-ec2';
import { defineRule, failed, notEvaluated, passed, type Outcome } from '../../engine/rule';
import type { SnapshotIndex } from '../../engine/snapshot-index';
import type { SnapshotPart } from '../../snapshot/types';
import { describeMissing, partsMissingFor } from '../partial-data';

const ROUTING: SnapshotPart[] = ['subnets', 'routeTables', 'internetGateways'];
const REQUIRES: SnapshotPart[] = ['vpcs', 'vpcAttributes', ...ROUTING];

/** Subnets of the VPC whose route table (explicit or main) has a default route to an attached IGW. */
function publicSubnets(index: SnapshotIndex, vpcId: string): string[] {
  return index
    .subnetsOfVpc(vpcId)
    .filter((subnet) => {
      const table = index.routeTableOf(subnet.SubnetId!);
      return table !== undefined && index.hasInternetRoute(table);
    })
    .map((subnet) => subnet.SubnetId!);
}

function evaluateVpc(index: SnapshotIndex, vpc: Vpc): Outcome {
  const id = vpc.VpcId!;
  // DescribeVpcAttribute is called per VPC: one denied call leaves this VPC unknown, never passing.
  if (!index.hasPartFor('vpcAttributes', id)) {
    return notEvaluated(id, `Not evaluated: ${describeMissing(index, 'vpcAttributes', id)}`);
  }
  const attributes = index.snapshot.vpcAttributes[id];
  if (!attributes) return notEvaluated(id, `Not evaluated: the snapshot holds no DNS attributes for ${id}`);
  const problems: string[] = [];
  const unknown: string[] = [];
  if (attributes.EnableDnsSupport === false) problems.push('enableDnsSupport is false');
  else if (attributes.EnableDnsSupport === undefined) unknown.push('enableDnsSupport');
  // Whether hostnames matter depends on the routing; without it, a false value is unknown, not passing.
  const routingMissing = partsMissingFor(index, ROUTING, id);
  const pub = routingMissing.length > 0 ? [] : publicSubnets(index, id);
  if (routingMissing.length > 0 && attributes.EnableDnsHostnames !== true) {
    unknown.push(`whether enableDnsHostnames matters (${describeMissing(index, routingMissing[0]!, id)})`);
  } else if (pub.length > 0) {
    const where = `with public subnets ${pub.join(', ')}`;
    if (attributes.EnableDnsHostnames === false) problems.push(`enableDnsHostnames is false ${where}`);
    else if (attributes.EnableDnsHostnames === undefined) unknown.push(`enableDnsHostnames (${where})`);
  }
  if (problems.length > 0) {
    const also = unknown.length > 0 ? ` (unknown: ${unknown.join(', ')})` : '';
    return failed(id, `${id}: ${problems.join('; ')}${also}`, { evidence: { publicSubnets: pub } });
  }
  if (unknown.length > 0) return notEvaluated(id, `Not evaluated: unknown ${unknown.join(', ')}`);
  return passed(
    id,
    pub.length > 0
      ? `DNS resolution and DNS hostnames are enabled (public subnets: ${pub.join(', ')})`
      : 'DNS resolution is enabled and the VPC has no public subnet',
  );
}

export const vpcDnsAttributesDisabled = defineRule({
  id: 'VPC.2',
  title: 'VPC DNS resolution or DNS hostnames are disabled',
  description:
    'With enableDnsSupport off, instances cannot resolve any name through the Amazon DNS server (package ' +
    'repositories, AWS endpoints, private hosted zones). With enableDnsHostnames off in a VPC with public ' +
    'subnets, instances get no public DNS name, and interface endpoints cannot use private DNS.',
  severity: 'MEDIUM',
  resourceType: 'AwsEc2Vpc',
  category: 'connectivity',
  requires: REQUIRES,
  remediation: {
    text:
      'Turn on both attributes: aws ec2 modify-vpc-attribute --vpc-id <vpc> --enable-dns-support ' +
      '"{\\"Value\\":true}", then the same with --enable-dns-hostnames.',
    url: 'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-dns.html',
  },
  references: [],
  evaluate(index, _config) {
    return index.snapshot.vpcs.map((vpc) => evaluateVpc(index, vpc));
  },
});
