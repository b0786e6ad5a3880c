import type { AuditConfig } from '../../config/config';
import { defineRule, failed, notEvaluated, passed, type Outcome } from '../../engine/rule';
import type { SnapshotIndex } from '../../engine/snapshot-index';
import type { RouteTable, VpnGateway } from '../../snapshot/types';
import { listSome } from '../text';
import { covers, onPremisesNetworks, type OnPremisesNetwork } from './on-premises';

/** Attachment states in which the gateway serves (or is about to serve) its VPC. */
const IN_USE = new Set(['attached', 'attaching']);
/** VPN connection and virtual interface states with nothing left to carry. */
const GONE = new Set(['deleted', 'deleting', 'rejected']);

type Carries = 'yes' | 'no' | 'unknown';

/**
 * Whether the gateway has a way to `cidr`: a static VPN with a route covering it, or a BGP VPN or a Direct
 * Connect private virtual interface, whose announced prefixes the snapshot does not hold (assumed to).
 */
function carries(index: SnapshotIndex, vgwId: string, cidr: string): Carries {
  const vpns = (index.snapshot.vpnConnections ?? []).filter(
    (c) => c.VpnGatewayId === vgwId && !GONE.has(c.State ?? ''),
  );
  for (const vpn of vpns) {
    if (!vpn.Options?.StaticRoutesOnly) return 'yes';
    const routes = (vpn.Routes ?? []).filter((r) => !GONE.has(r.State ?? ''));
    if (routes.some((r) => covers(r.DestinationCidrBlock, cidr))) return 'yes';
  }
  const vifs = index.snapshot.virtualInterfaces;
  if (vifs?.some((v) => v.virtualGatewayId === vgwId && !GONE.has(v.virtualInterfaceState ?? '')))
    return 'yes';
  return index.missingParts.has('vpnConnections') || vifs === undefined ? 'unknown' : 'no';
}

/** Whether the table sends `cidr` on its way on premises: undefined when it does, else why not (or unknown). */
function unrouted(
  index: SnapshotIndex,
  table: RouteTable,
  vgwId: string,
  cidr: string,
): string | 'unknown' | undefined {
  const routes = (table.Routes ?? []).filter((r) => r.State !== 'blackhole');
  // A transit gateway is another way on premises; TGW.3 judges whether the subnet can use it.
  if (routes.some((r) => r.TransitGatewayId && covers(r.DestinationCidrBlock, cidr))) return undefined;
  const staticRoute = routes.some((r) => r.GatewayId === vgwId && covers(r.DestinationCidrBlock, cidr));
  const propagated = (table.PropagatingVgws ?? []).some((p) => p.GatewayId === vgwId);
  if (!staticRoute && !propagated) return `${cidr}: no static route and no route propagation to ${vgwId}`;
  const carried = carries(index, vgwId, cidr);
  if (carried === 'yes') return undefined;
  return carried === 'unknown' ? 'unknown' : `${cidr}: ${vgwId} has no VPN or Direct Connect route for it`;
}

function judgeTable(
  index: SnapshotIndex,
  vgwId: string,
  table: RouteTable,
  networks: readonly OnPremisesNetwork[],
): Outcome {
  const id = table.RouteTableId!;
  const extra = { resourceType: 'AwsEc2RouteTable' as const };
  const verdicts = networks.flatMap((n) =>
    n.cidrs.map((cidr) => ({ name: n.name, cidr, fault: unrouted(index, table, vgwId, cidr) })),
  );
  const faults = verdicts.flatMap((v) => (v.fault && v.fault !== 'unknown' ? [`${v.name} ${v.fault}`] : []));
  if (faults.length > 0) {
    return failed(id, `${id} cannot reach the on-premises networks through ${vgwId}: ${listSome(faults)}`, {
      ...extra,
      evidence: { vpnGatewayId: vgwId, unrouted: faults },
    });
  }
  const unknown = verdicts.filter((v) => v.fault === 'unknown').map((v) => `${v.name} ${v.cidr}`);
  if (unknown.length > 0) {
    return notEvaluated(
      id,
      `${id} routes ${listSome(unknown)} to ${vgwId}, whose VPN connections or virtual interfaces were not collected`,
      extra,
    );
  }
  return passed(id, `${id} routes every on-premises network to ${vgwId} or a transit gateway`, extra);
}

function evaluateGateway(index: SnapshotIndex, vgw: VpnGateway, config: AuditConfig): Outcome[] {
  const id = vgw.VpnGatewayId!;
  const attachments = vgw.VpcAttachments ?? [];
  const vpcId = attachments.find((a) => IN_USE.has(a.State ?? ''))?.VpcId;
  if (!vpcId) {
    const leftover = attachments.map((a) => `${a.VpcId ?? '?'} (${a.State ?? 'unknown'})`);
    const detail = leftover.length > 0 ? ` (attachments: ${leftover.join(', ')})` : '';
    return [failed(id, `${id} is attached to no VPC${detail}`, { evidence: { attachments: leftover } })];
  }
  const networks = onPremisesNetworks(config);
  const gateway = passed(id, `${id} is attached to ${vpcId}`);
  if (networks.length === 0) return [gateway];
  const gaps = (['routeTables', 'subnets'] as const).filter((part) => index.missingParts.has(part));
  if (gaps.length > 0) {
    return [
      notEvaluated(id, `${id} is attached to ${vpcId}, but ${gaps.join(' and ')} could not be collected`),
    ];
  }
  // Only tables that route a subnet: a table with no subnet sends nothing anywhere.
  const tables = index.snapshot.routeTables.filter(
    (t) => t.VpcId === vpcId && index.subnetsRoutedBy(t).length > 0,
  );
  return [gateway, ...tables.map((t) => judgeTable(index, id, t, networks))];
}

export const virtualPrivateGatewayUnusable = defineRule({
  id: 'VGW.1',
  title: 'Virtual private gateway is detached or not routed to',
  description:
    'A virtual private gateway carries VPN and Direct Connect traffic only for the VPC it is attached to, ' +
    'and only for subnets whose route table sends the on-premises networks to it, by a static route or by ' +
    'route propagation. Without either, those subnets cannot reach the office or data centre.',
  severity: 'HIGH',
  resourceType: 'AwsEc2VpnGateway',
  category: 'connectivity',
  // Route tables and subnets only matter with onPremisesNetworks configured: checked there.
  requires: ['vpnGateways'],
  remediation: {
    text:
      'Attach the gateway (`aws ec2 attach-vpn-gateway`), then turn on route propagation in the route tables ' +
      'of the subnets that need the on-premises networks (`aws ec2 enable-vgw-route-propagation`) or add ' +
      'static routes to the gateway; a static VPN also needs a VPN route for each network.',
    url: 'https://docs.aws.amazon.com/vpn/latest/s2svpn/VPNRoutingTypes.html',
  },
  references: [],
  evaluate(index, config) {
    return (index.snapshot.vpnGateways ?? [])
      .filter((vgw) => vgw.State !== 'deleted')
      .flatMap((vgw) => evaluateGateway(index, vgw, config));
  },
});
