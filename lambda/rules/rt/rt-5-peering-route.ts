import type { Route, RouteTable, VpcPeeringConnection } from '@aws-sdk/client-ec2';
import { parseCidr, cidrsOverlap } from '../../net/cidr';
import { defineRule, failed, notEvaluated, passed, type Outcome } from '../../engine/rule';
import { describeRoute, routeTarget, type SnapshotIndex } from '../../engine/snapshot-index';
import { matchRoute } from '../../paths/hops/routes';
import { notCollected, subnetCidrs } from './route-facts';
import { listSome } from '../text';

/** The result of checking one route to a peering: a definite problem, a gap in the data, or fine. */
type Check = { problem: string } | { unknown: string } | undefined;

/** The other side of a peering as seen from `vpcId`, or undefined when the peering does not join it. */
function peerSide(peering: VpcPeeringConnection, vpcId: string) {
  if (peering.RequesterVpcInfo?.VpcId === vpcId) return peering.AccepterVpcInfo;
  if (peering.AccepterVpcInfo?.VpcId === vpcId) return peering.RequesterVpcInfo;
  return undefined;
}

/**
 * The return-route check. For every subnet S that `table` routes, and every subnet P of the peer VPC whose
 * CIDR overlaps the route's destination, P's route table (explicit or main) must send S's network address
 * (longest prefix) back through the same peering. Otherwise S's packets arrive and the replies are
 * dropped or sent elsewhere.
 */
function returnRouteGaps(
  index: SnapshotIndex,
  table: RouteTable,
  route: Route,
  pcxId: string,
  peerVpcId: string,
) {
  const destination = parseCidr(route.DestinationCidrBlock ?? route.DestinationIpv6CidrBlock ?? '');
  if (!destination) return [];
  const sameFamily = (cidr: string) => parseCidr(cidr)?.version === destination.version;
  const gaps: string[] = [];
  const sources = index.subnetsRoutedBy(table).flatMap((s) =>
    subnetCidrs(s)
      .filter(sameFamily)
      .map((cidr) => ({ subnetId: s.SubnetId!, cidr })),
  );
  const peers = index.subnetsOfVpc(peerVpcId).filter((p) =>
    subnetCidrs(p).some((c) => {
      const parsed = parseCidr(c);
      return parsed !== undefined && cidrsOverlap(parsed, destination);
    }),
  );
  for (const peer of peers) {
    const peerTable = index.routeTableOf(peer.SubnetId!);
    for (const source of sources) {
      const back = peerTable
        ? matchRoute(index, peerTable, source.cidr.split('/')[0]!).match?.route
        : undefined;
      if (back && routeTarget(back).kind === 'pcx' && routeTarget(back).id === pcxId) continue;
      const where = peerTable
        ? `${peerTable.RouteTableId} (used by ${peer.SubnetId})`
        : `${peer.SubnetId} (no route table)`;
      const to = `${source.cidr} (${source.subnetId})`;
      gaps.push(
        back
          ? `${where} sends ${to} via ${describeRoute(back)} instead of ${pcxId}`
          : `${where} has no route back to ${to}`,
      );
    }
  }
  return [...new Set(gaps)];
}

function checkRoute(index: SnapshotIndex, table: RouteTable, route: Route, pcxId: string): Check {
  const peering = index.peerings.get(pcxId);
  const label = describeRoute(route);
  if (!peering) return { problem: `${label}: ${pcxId} does not exist (deleted)` };
  const code = peering.Status?.Code ?? 'unknown';
  if (code !== 'active') {
    const why = peering.Status?.Message ? ` (${peering.Status.Message})` : '';
    return { problem: `${label}: ${pcxId} is ${code}${why}` };
  }
  const peer = peerSide(peering, table.VpcId!);
  if (!peer?.VpcId) return { problem: `${label}: ${pcxId} does not join ${table.VpcId}` };
  const elsewhere =
    (peer.OwnerId && peer.OwnerId !== index.accountId) || (peer.Region && peer.Region !== index.region);
  if (elsewhere) {
    // The return path lives in another account or region, which this snapshot does not hold: a pass
    // would claim a return route nobody checked.
    return {
      unknown: `the return route in ${peer.VpcId} (account ${peer.OwnerId ?? '?'}, ${peer.Region ?? '?'}) is not in this snapshot`,
    };
  }
  if (!index.vpcs.has(peer.VpcId))
    return { unknown: `peer ${peer.VpcId} of ${pcxId} is not in this snapshot` };
  const gap = notCollected(index, ['subnets', 'routeTables'], [peer.VpcId]);
  if (gap) return { unknown: gap };
  if (!parseCidr(route.DestinationCidrBlock ?? route.DestinationIpv6CidrBlock ?? '')) {
    return { unknown: `${label}: the return route of a prefix list destination is not checked` };
  }
  const gaps = returnRouteGaps(index, table, route, pcxId, peer.VpcId);
  if (gaps.length === 0) return undefined;
  return { problem: `${label} has no return route (asymmetric): ${listSome(gaps, 3)}` };
}

function judge(index: SnapshotIndex, table: RouteTable): Outcome {
  const id = table.RouteTableId!;
  const gap = notCollected(index, ['routeTables', 'subnets', 'vpcPeeringConnections'], [table.VpcId]);
  if (gap) return notEvaluated(id, gap);
  const problems: string[] = [];
  const unknowns: string[] = [];
  for (const route of table.Routes ?? []) {
    const pcxId = route.VpcPeeringConnectionId;
    if (!pcxId) continue;
    const check = checkRoute(index, table, route, pcxId);
    if (!check) continue;
    if ('problem' in check) problems.push(check.problem);
    else unknowns.push(check.unknown);
  }
  if (problems.length > 0) {
    return failed(id, `${id} has a broken peering route: ${listSome(problems, 3)}`, {
      evidence: { routes: problems },
    });
  }
  if (unknowns.length > 0) return notEvaluated(id, `Not evaluated: ${listSome(unknowns, 3)}`);
  return passed(id, `Every peering route of ${id} uses an active peering with a return route`);
}

export const brokenPeeringRoute = defineRule({
  id: 'RT.5',
  title: 'Route targets a VPC peering that is not active, or the peered VPC has no return route',
  description:
    'A route to a peering connection that is not active (pending-acceptance, rejected, expired, failed, ' +
    'deleted...) drops its traffic. An active peering also needs routes on both sides: for each subnet S ' +
    "using this table and each subnet P of the peer VPC that the route reaches, P's route table must send " +
    "S's address (longest prefix match) back through the same peering. Without it the routing is " +
    'asymmetric: requests arrive, replies never return, and instances in the two VPCs cannot talk.',
  severity: 'MEDIUM',
  resourceType: 'AwsEc2RouteTable',
  category: 'connectivity',
  requires: ['routeTables', 'subnets', 'vpcPeeringConnections', 'vpcs'],
  remediation: {
    text:
      'Accept or recreate the peering if it is not active, and delete routes to deleted peerings. For an ' +
      "asymmetric peering, add a route to this VPC's subnet CIDRs through the same pcx- in every route table " +
      'of the peer VPC used by the subnets you talk to.',
    url: 'https://docs.aws.amazon.com/vpc/latest/peering/vpc-peering-routing.html',
  },
  references: [],
  evaluate(index) {
    return index.snapshot.routeTables.map((table) => judge(index, table));
  },
});
