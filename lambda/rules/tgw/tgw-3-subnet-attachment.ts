import type { TransitGatewayVpcAttachment } from '../../snapshot/types';
import { defineRule, failed, passed } from '../../engine/rule';
import type { SnapshotIndex } from '../../engine/snapshot-index';

/** Attachment states in which the transit gateway forwards traffic for the VPC. */
const FORWARDING = new Set(['available', 'modifying']);

function attachmentsOf(index: SnapshotIndex, tgwId: string, vpcId: string): TransitGatewayVpcAttachment[] {
  return (index.snapshot.transitGatewayVpcAttachments ?? []).filter(
    (a) => a.TransitGatewayId === tgwId && a.VpcId === vpcId && a.State !== 'deleted',
  );
}

/** Why the subnet cannot reach the transit gateway, or undefined when it can. */
function fault(index: SnapshotIndex, tgwId: string, vpcId: string, zone: string): string | undefined {
  const attachments = attachmentsOf(index, tgwId, vpcId);
  if (attachments.length === 0) return `${tgwId} has no attachment for ${vpcId}`;
  const working = attachments.filter((a) => FORWARDING.has(a.State ?? ''));
  if (working.length === 0) {
    const states = attachments.map((a) => `${a.TransitGatewayAttachmentId} (${a.State ?? 'unknown'})`);
    return `${tgwId}'s attachment for ${vpcId} is not available: ${states.join(', ')}`;
  }
  // The transit gateway only receives traffic in zones where the attachment has a subnet.
  const inZone = working.some((a) =>
    (a.SubnetIds ?? []).some((id) => index.subnets.get(id)?.AvailabilityZone === zone),
  );
  if (!inZone) {
    const ids = working.map((a) => a.TransitGatewayAttachmentId).join(', ');
    return `${tgwId}'s attachment ${ids} has no subnet in ${zone}`;
  }
  return undefined;
}

export const transitGatewayUnreachableFromSubnet = defineRule({
  id: 'TGW.3',
  title: "Subnet routes to a transit gateway its VPC's attachment does not serve",
  description:
    'A transit gateway takes traffic from a VPC only through an available attachment, and only in the ' +
    'Availability Zones where that attachment has a subnet. A subnet whose route points at the transit ' +
    'gateway without either loses every destination of that route.',
  severity: 'HIGH',
  resourceType: 'AwsEc2Subnet',
  category: 'connectivity',
  requires: ['subnets', 'routeTables', 'transitGatewayVpcAttachments'],
  remediation: {
    text:
      "Add a subnet in the subnet's Availability Zone to the attachment (`aws ec2 " +
      'modify-transit-gateway-vpc-attachment --add-subnet-ids`), or accept or recreate the attachment.',
    url: 'https://docs.aws.amazon.com/vpc/latest/tgw/tgw-vpc-attachments.html',
  },
  references: [],
  evaluate(index) {
    return index.snapshot.subnets.map((subnet) => {
      const id = subnet.SubnetId!;
      const table = index.routeTableOf(id);
      const tgwIds = [...new Set((table?.Routes ?? []).flatMap((r) => r.TransitGatewayId ?? []))];
      if (tgwIds.length === 0) return passed(id, `${id} has no route to a transit gateway`);
      const zone = subnet.AvailabilityZone ?? '?';
      const faults = tgwIds.flatMap((tgw) => fault(index, tgw, subnet.VpcId ?? '', zone) ?? []);
      if (faults.length === 0) {
        return passed(id, `${id} reaches ${tgwIds.join(', ')} through an available attachment in ${zone}`);
      }
      return failed(id, `${id} routes to a transit gateway it cannot reach: ${faults.join('; ')}`, {
        evidence: { transitGatewayIds: tgwIds, routeTableId: table?.RouteTableId ?? '' },
      });
    });
  },
});
