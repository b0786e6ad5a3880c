import fc from 'fast-check';
import type { Vpc, VpcPeeringConnection } from '@aws-sdk/client-ec2';
import { brokenPeeringRoute as rule } from '../../../lambda/rules/rt/rt-5-peering-route';
import { NetworkBuilder, toPeering } from '../../support/network-builder';
import { runRule } from '../../support/run-rule';

/** Per subnet: does it use the main table (fallback), and does its own table route through the peering? */
interface SideSpec {
  mainHasRoute: boolean;
  subnets: { useMain: boolean; hasRoute: boolean }[];
}

const side: fc.Arbitrary<SideSpec> = fc.record({
  mainHasRoute: fc.boolean(),
  subnets: fc.array(fc.record({ useMain: fc.boolean(), hasRoute: fc.boolean() }), {
    minLength: 1,
    maxLength: 4,
  }),
});

function addSide(
  net: NetworkBuilder,
  vpc: Vpc,
  pcx: VpcPeeringConnection,
  peerCidr: string,
  spec: SideSpec,
  octet: number,
) {
  if (spec.mainHasRoute) net.addRoutes(net.mainRouteTable(vpc), toPeering(pcx, peerCidr));
  spec.subnets.forEach((s, i) => {
    const cidr = `10.${octet}.${i}.0/24`;
    if (s.useMain) net.subnet({ vpc, cidr });
    else net.subnet({ vpc, cidr, routes: s.hasRoute ? [toPeering(pcx, peerCidr)] : [] });
  });
}

/** Whether every subnet of a side has a route to the peer through the peering (own table or main table). */
const routesAll = (spec: SideSpec) => spec.subnets.every((s) => (s.useMain ? spec.mainHasRoute : s.hasRoute));

describe('RT.5 properties', () => {
  it('fails a side exactly when it sends to the peer and some peer subnet has no way back', () => {
    fc.assert(
      fc.property(side, side, (a, b) => {
        const net = new NetworkBuilder();
        const vpcA = net.vpc({ id: 'vpc-a', cidr: '10.0.0.0/16' });
        const vpcB = net.vpc({ id: 'vpc-b', cidr: '10.1.0.0/16' });
        const pcx = net.peering({ requester: vpcA, accepter: vpcB, id: 'pcx-1' });
        addSide(net, vpcA, pcx, '10.1.0.0/16', a, 0);
        addSide(net, vpcB, pcx, '10.0.0.0/16', b, 1);
        const results = runRule(rule, net.snapshot());
        for (const result of results) {
          const mine = result.vpcId === 'vpc-a' ? a : b;
          const peer = result.vpcId === 'vpc-a' ? b : a;
          const table = net.data.routeTables.find((t) => t.RouteTableId === result.resourceId)!;
          const sends =
            (table.Routes ?? []).some((r) => r.VpcPeeringConnectionId) && usedBySubnet(table, mine);
          const expected = sends && !routesAll(peer) ? 'FAILED' : 'PASSED';
          expect([result.resourceId, result.status]).toEqual([result.resourceId, expected]);
        }
      }),
      { numRuns: 120 },
    );
  });
});

function usedBySubnet(table: { Associations?: { Main?: boolean; SubnetId?: string }[] }, spec: SideSpec) {
  const isMain = (table.Associations ?? []).some((x) => x.Main);
  return isMain ? spec.subnets.some((s) => s.useMain) : (table.Associations ?? []).some((x) => x.SubnetId);
}
