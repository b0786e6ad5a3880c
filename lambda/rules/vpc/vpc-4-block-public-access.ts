import type { Subnet, VpcBlockPublicAccessExclusion } from '@aws-sdk/client-ec2';
import { defineRule, failed, passed, type Outcome } from '../../engine/rule';
import type { SnapshotIndex } from '../../engine/snapshot-index';
import type { SnapshotPart } from '../../snapshot/types';
import { notEvaluatedInVpc } from '../partial-data';

const REQUIRES: SnapshotPart[] = [
  'vpcBlockPublicAccessOptions',
  'vpcBlockPublicAccessExclusions',
  'subnets',
  'routeTables',
  'internetGateways',
  'instances',
  'networkInterfaces',
];

type Direction = 'inbound' | 'outbound';

/** Exclusions take effect once created or updated; pending, failed and deleted ones exempt nothing. */
const EFFECTIVE_EXCLUSION = new Set(['create-complete', 'update-complete']);

/** The directions Block Public Access drops at internet gateways, by its mode. */
function blockedByMode(mode: string | undefined): Direction[] {
  if (mode === 'block-bidirectional') return ['inbound', 'outbound'];
  if (mode === 'block-ingress') return ['inbound'];
  return [];
}

/** The directions an exclusion lets through again. */
function allowedByExclusion(exclusion: VpcBlockPublicAccessExclusion): Direction[] {
  if (exclusion.InternetGatewayExclusionMode === 'allow-bidirectional') return ['inbound', 'outbound'];
  if (exclusion.InternetGatewayExclusionMode === 'allow-egress') return ['outbound'];
  return [];
}

/** The VPC or subnet id an exclusion's ARN names (`arn:aws:ec2:…:subnet/subnet-1`). */
const excludedId = (exclusion: VpcBlockPublicAccessExclusion): string | undefined =>
  exclusion.ResourceArn?.split('/').pop();

/** Subnets holding a public IPv4 address on some interface or instance (one pass over each list). */
function subnetsWithPublicAddresses(index: SnapshotIndex): Set<string | undefined> {
  const out = new Set<string | undefined>();
  for (const eni of index.snapshot.networkInterfaces) if (index.publicIpOf(eni)) out.add(eni.SubnetId);
  for (const instance of index.snapshot.instances) {
    if (instance.PublicIpAddress && instance.State?.Name !== 'terminated') out.add(instance.SubnetId);
  }
  return out;
}

function judge(
  index: SnapshotIndex,
  subnet: Subnet,
  blocked: readonly Direction[],
  withPublic: ReadonlySet<string | undefined>,
): Outcome {
  const id = subnet.SubnetId!;
  const skipped = notEvaluatedInVpc(index, id, REQUIRES, subnet.VpcId);
  if (skipped) return skipped;
  const table = index.routeTableOf(id);
  const routed = table !== undefined && index.hasInternetRoute(table);
  const addressed = withPublic.has(id) || subnet.MapPublicIpOnLaunch === true;
  if (!routed || !addressed) {
    return passed(
      id,
      `${id} is not built for internet gateway traffic (public addresses and a default route to an attached internet gateway)`,
    );
  }
  const exclusions = (index.snapshot.vpcBlockPublicAccessExclusions ?? []).filter(
    (e) => EFFECTIVE_EXCLUSION.has(e.State ?? '') && (excludedId(e) === id || excludedId(e) === subnet.VpcId),
  );
  const allowed = new Set(exclusions.flatMap(allowedByExclusion));
  const lost = blocked.filter((d) => !allowed.has(d));
  const by = exclusions.map(
    (e) => `${e.ExclusionId} (${e.InternetGatewayExclusionMode} for ${excludedId(e)})`,
  );
  if (lost.length === 0) {
    return passed(id, `${id} is excluded from VPC Block Public Access by ${by.join(', ')}`);
  }
  const what =
    lost.length === 2
      ? 'drops all its internet gateway traffic, both ways'
      : lost[0] === 'inbound'
        ? 'drops inbound internet traffic to its public addresses (outbound still works)'
        : 'drops its outbound internet traffic';
  const partial =
    by.length > 0
      ? `; the exclusion ${by.join(', ')} lets only the rest through`
      : ', and no exclusion covers the subnet or its VPC';
  return failed(
    id,
    `VPC Block Public Access (${index.snapshot.vpcBlockPublicAccessOptions?.InternetGatewayBlockMode}) ${what} for ${id}, which has public addresses and routes 0.0.0.0/0 to ${index.routeTableOf(id)?.RouteTableId}'s internet gateway${partial}`,
    {
      // Inbound only: the subnet's own connections still work; what it serves to the internet does not.
      severity: lost.includes('outbound') ? 'HIGH' : 'MEDIUM',
      evidence: { blocked: lost, exclusions: by },
    },
  );
}

export const blockPublicAccessBreaksSubnet = defineRule({
  id: 'VPC.4',
  title: 'VPC Block Public Access blocks internet traffic a subnet is built for',
  description:
    'VPC Block Public Access (Security Hub EC2.172) drops internet gateway traffic in the whole region: ' +
    'both ways in block-bidirectional mode, inbound only in block-ingress mode, except for VPCs and subnets ' +
    'with an exclusion. A subnet with public addresses and a default route to an internet gateway is built ' +
    'for that traffic: without an exclusion its instances silently lose it while routes, security groups ' +
    'and ACLs all look right.',
  severity: 'HIGH',
  resourceType: 'AwsEc2Subnet',
  category: 'connectivity',
  requires: REQUIRES,
  remediation: {
    text:
      'Create an exclusion for the subnet or its VPC (`aws ec2 create-vpc-block-public-access-exclusion ' +
      '--subnet-id <subnet> --internet-gateway-exclusion-mode allow-bidirectional`, or allow-egress for ' +
      'outbound only), or move the workload behind a NAT gateway or load balancer in an excluded subnet.',
    url: 'https://docs.aws.amazon.com/vpc/latest/userguide/security-vpc-bpa.html',
  },
  references: ['FSBP EC2.172'],
  evaluate(index) {
    const blocked = blockedByMode(index.snapshot.vpcBlockPublicAccessOptions?.InternetGatewayBlockMode);
    if (blocked.length === 0) {
      return index.snapshot.subnets.map((s) => passed(s.SubnetId!, 'VPC Block Public Access is off'));
    }
    const withPublic = subnetsWithPublicAddresses(index);
    return index.snapshot.subnets.map((subnet) => judge(index, subnet, blocked, withPublic));
  },
});
