import type { TransitGatewayRouteTableWithRoutes } from '../../snapshot/types';
import { defineRule, failed, passed } from '../../engine/rule';
import { listSome } from '../text';

function associatedAttachments(table: TransitGatewayRouteTableWithRoutes): string[] {
  return (table.Associations ?? [])
    .filter((a) => a.State === 'associated' && a.TransitGatewayAttachmentId)
    .map((a) => a.TransitGatewayAttachmentId!);
}

/** The attachments a table's active routes send traffic to. */
function routedAttachments(table: TransitGatewayRouteTableWithRoutes): Set<string> {
  return new Set(
    (table.Routes ?? [])
      .filter((r) => r.State === 'active')
      .flatMap((r) => (r.TransitGatewayAttachments ?? []).flatMap((a) => a.TransitGatewayAttachmentId ?? [])),
  );
}

export const transitGatewayAsymmetricRoute = defineRule({
  id: 'TGW.4',
  title: 'Transit gateway route has no route back',
  description:
    'Each attachment sends traffic through the route table it is associated with. When a table sends a ' +
    "destination to an attachment whose own table has no route to the sender's attachment, requests get " +
    'there and replies are dropped: connections hang rather than fail.',
  severity: 'MEDIUM',
  resourceType: 'AwsEc2TransitGatewayRouteTable',
  category: 'connectivity',
  requires: ['transitGatewayRouteTables'],
  remediation: {
    text:
      "Propagate the sender's attachment into the route table of the destination attachment (`aws ec2 " +
      'enable-transit-gateway-route-table-propagation`), or add a static route back to it.',
    url: 'https://docs.aws.amazon.com/vpc/latest/tgw/how-transit-gateways-work.html',
  },
  references: [],
  evaluate(index) {
    const tables = index.snapshot.transitGatewayRouteTables ?? [];
    const tableOfAttachment = new Map<string, TransitGatewayRouteTableWithRoutes>();
    for (const table of tables)
      for (const id of associatedAttachments(table)) tableOfAttachment.set(id, table);

    return tables.map((table) => {
      const id = table.TransitGatewayRouteTableId!;
      const senders = associatedAttachments(table);
      const oneWay: string[] = [];
      for (const target of routedAttachments(table)) {
        const back = tableOfAttachment.get(target);
        const returns = back ? routedAttachments(back) : new Set<string>();
        const where = back ? `its table ${back.TransitGatewayRouteTableId}` : 'it has no associated table';
        for (const sender of senders) {
          if (sender !== target && !returns.has(sender)) oneWay.push(`${target} -> ${sender} (${where})`);
        }
      }
      if (senders.length === 0) return passed(id, `${id} is associated with no attachment`);
      if (oneWay.length === 0) return passed(id, `every attachment ${id} routes to has a route back`);
      return failed(id, `${id} routes to attachments with no route back: ${listSome(oneWay)}`, {
        evidence: { missingReturns: oneWay },
      });
    });
  },
});
