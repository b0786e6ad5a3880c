import { join } from 'node:path';
import type { Route } from '@aws-sdk/client-ec2';
import { SnapshotIndex } from '../../lambda/engine/snapshot-index';
import { answerPath } from '../../lambda/paths/explain';
import type { PathAnswer } from '../../lambda/paths/types';
import { World } from '../../lambda/paths/world';
import type { Snapshot } from '../../lambda/snapshot/types';
import { runCli } from '../support/cli';
import { toVgw } from '../support/hybrid';
import type { NetworkBuilder } from '../support/network-builder';
import { plain, tcp } from '../support/permissions';
import {
  BEIJING_NAT_IP,
  buildScenario,
  buildSnapshots,
  MULTI_SNAPSHOT_SCENARIOS,
  OFFICE,
  SCENARIOS,
} from '../support/scenarios';

/*
 * What `explain` must answer on the office-network, transit-gateway and Beijing-Singapore incidents,
 * from AWS's documented behaviour, once the path engine follows transit gateways, VPN connections and
 * partitions. The routing fault of scenario 7 is also pinned in scenarios.test.ts.
 */

function ask(snapshots: Snapshot[], source: string, destination: string, port: number): PathAnswer {
  const world = World.of(snapshots.map((s) => new SnapshotIndex(s)));
  return answerPath(world, { source, destination, protocol: 'tcp', port }, [OFFICE]);
}

function scenario(name: string): NetworkBuilder {
  return buildScenario(SCENARIOS.find((s) => s.name === name)!);
}

const routeTable = (net: NetworkBuilder, id: string) =>
  net.data.routeTables.find((t) => t.RouteTableId === id)!;

/** The fix of scenario 7: route propagation on the app table, which brings the VPN's static route in. */
function propagateOffice(net: NetworkBuilder): void {
  const table = routeTable(net, 'rtb-office-app');
  table.PropagatingVgws = [{ GatewayId: 'vgw-office' }];
  const propagated: Route = {
    DestinationCidrBlock: OFFICE.cidrs[0],
    GatewayId: 'vgw-office',
    State: 'active',
    Origin: 'EnableVgwRoutePropagation',
  };
  net.addRoutes(table, propagated);
}

describe('explain on the hybrid incidents', () => {
  describe('7-office-network', () => {
    it('once the app table propagates the office, works: one tunnel down is a warning, not a break', () => {
      const net = scenario('7-office-network');
      propagateOffice(net);
      const answer = ask([net.snapshot()], 'i-office-app', '192.168.1.10', 3306);
      expect(answer.verdict).toBe('works');
      expect(answer.hops).toContainEqual(
        expect.objectContaining({
          kind: 'virtual-private-gateway',
          resourceId: 'vgw-office',
          status: 'PASS',
        }),
      );
      expect(answer.warnings).toContainEqual(
        expect.objectContaining({ resourceId: 'vpn-office', message: expect.stringMatching(/down/i) }),
      );
    });

    it('with every tunnel down, is broken at the VPN connection', () => {
      const net = scenario('7-office-network');
      propagateOffice(net);
      for (const tunnel of net.data.vpnConnections![0]!.VgwTelemetry!) tunnel.Status = 'DOWN';
      const answer = ask([net.snapshot()], 'i-office-app', '192.168.1.10', 3306);
      expect(answer.verdict).toBe('broken');
      expect(answer.brokenHop).toMatchObject({ resourceId: 'vpn-office', direction: 'forward' });
      expect(answer.brokenHop!.message).toMatch(/tunnel/i);
    });

    it('with a static route to the gateway but no VPN route for the office, is broken at the VPN connection', () => {
      // A static VPN carries only its own static routes: 192.168.2.0/24 does not take the office there.
      const net = scenario('7-office-network');
      net.addRoutes(routeTable(net, 'rtb-office-app'), toVgw('vgw-office', OFFICE.cidrs[0]!));
      net.data.vpnConnections![0]!.Routes = [
        { DestinationCidrBlock: '192.168.2.0/24', Source: 'Static', State: 'available' },
      ];
      const answer = ask([net.snapshot()], 'i-office-app', '192.168.1.10', 3306);
      expect(answer.verdict).toBe('broken');
      expect(answer.brokenHop!.resourceId).toBe('vpn-office');
      expect(answer.brokenHop!.message).toContain('192.168.1');
    });
  });

  describe('8-transit-gateway', () => {
    it('from zone b, is broken at the app attachment, which has no subnet there', () => {
      const answer = ask([scenario('8-transit-gateway').snapshot()], 'i-hub-app-b', 'i-hub-shared', 443);
      expect(answer.verdict).toBe('broken');
      expect(answer.brokenHop).toMatchObject({
        kind: 'transit-gateway-attachment',
        resourceId: 'tgw-attach-hub-app',
        direction: 'forward',
      });
      expect(answer.brokenHop!.message).toContain('eu-west-1b');
    });

    it('to the office, is broken at the blackhole in the transit gateway route table of the app attachment', () => {
      const answer = ask([scenario('8-transit-gateway').snapshot()], 'i-hub-app-a', '192.168.1.10', 3306);
      expect(answer.verdict).toBe('broken');
      expect(answer.brokenHop).toMatchObject({
        kind: 'transit-gateway-route-table',
        resourceId: 'tgw-rtb-hub-app',
        direction: 'forward',
      });
      expect(answer.brokenHop!.message).toMatch(/blackhole/i);
    });

    it('to shared services, gets there and is broken on the way back at the shared table', () => {
      const answer = ask([scenario('8-transit-gateway').snapshot()], 'i-hub-app-a', 'i-hub-shared', 443);
      expect(answer.verdict).toBe('broken');
      expect(answer.brokenHop).toMatchObject({
        kind: 'route-table',
        resourceId: 'rtb-hub-shared',
        direction: 'return',
      });
      expect(answer.brokenHop!.fix).toContain('tgw-hub');
    });

    it('once the shared table routes the app VPC back to the transit gateway, works', () => {
      const net = scenario('8-transit-gateway');
      net.addRoutes(routeTable(net, 'rtb-hub-shared'), {
        DestinationCidrBlock: '10.9.0.0/16',
        TransitGatewayId: 'tgw-hub',
        State: 'active',
        Origin: 'CreateRoute',
      });
      expect(ask([net.snapshot()], 'i-hub-app-a', 'i-hub-shared', 443).verdict).toBe('works');
    });

    it('from shared services to the office, works: the tunnels of the VPN attachment are up', () => {
      const answer = ask([scenario('8-transit-gateway').snapshot()], 'i-hub-shared', '192.168.1.10', 443);
      expect(answer.verdict).toBe('works');
      expect(answer.hops).toContainEqual(
        expect.objectContaining({ kind: 'transit-gateway-route-table', status: 'PASS' }),
      );
    });
  });

  describe('9-beijing-singapore', () => {
    const files = () => buildSnapshots(MULTI_SNAPSHOT_SCENARIOS[0]!).map((net) => net.snapshot());

    it('with both regions, is broken because aws-cn and aws never connect privately, naming what works', () => {
      const answer = ask(files(), 'i-bj-app', '192.168.100.10', 3306);
      expect(answer.destination).toMatchObject({ kind: 'interface', id: 'eni-sg-rds' });
      expect(answer.verdict).toBe('broken');
      // No route change can fix it: the hop is the partition boundary, at the database it cannot cross to.
      expect(answer.brokenHop).toMatchObject({ kind: 'partition', resourceId: 'eni-sg-rds' });
      expect(answer.brokenHop!.message).toMatch(/partition/i);
      expect(answer.brokenHop!.message).toContain('aws-cn');
      // The two options that work: the database's public endpoint admitting the NAT's Elastic IP, or IPsec.
      expect(answer.brokenHop!.fix).toContain(BEIJING_NAT_IP);
      expect(answer.brokenHop!.fix).toMatch(/VPN/);
      expect(answer.brokenHop!.fix).not.toMatch(/peering|transit gateway/i);
    });

    it('with Beijing alone, is broken at the route that sends a private address to the internet gateway', () => {
      // 192.168.100.10 is in no VPC of the snapshot and no on-premises network: an address the snapshot
      // does not show, and a private one, which the internet never delivers, public IP or not.
      const [beijing] = files();
      const answer = ask([beijing!], 'i-bj-app', '192.168.100.10', 3306);
      expect(answer.verdict).toBe('broken');
      expect(answer.brokenHop).toMatchObject({ kind: 'route-table', resourceId: 'rtb-bj-app' });
      expect(answer.brokenHop!.fix).not.toMatch(/Elastic IP/);
    });

    it('through the public endpoint of the database, works once its group admits the Elastic IP of the NAT', () => {
      const [beijing, singapore] = files();
      const rds = singapore!.networkInterfaces.find((e) => e.NetworkInterfaceId === 'eni-sg-rds')!;
      rds.Association = { PublicIp: '203.0.113.100', IpOwnerId: 'amazon' };
      // Over the internet the database sees the NAT's address, never Beijing's 10.0.0.0/16.
      const before = ask([beijing!, singapore!], 'i-bj-app', '203.0.113.100', 3306);
      expect(before.brokenHop).toMatchObject({ kind: 'security-group', resourceId: 'sg-sg-db' });

      // A snapshot is read-only once asked about (the path engine caches by its objects): change a copy.
      const fixed = structuredClone(singapore!);
      const group = fixed.securityGroups.find((g) => g.GroupId === 'sg-sg-db')!;
      group.IpPermissions!.push(plain(tcp(3306).from(`${BEIJING_NAT_IP}/32`)));
      expect(ask([beijing!, fixed], 'i-bj-app', '203.0.113.100', 3306).verdict).toBe('works');
    });

    it('netaudit explain with both files exits 1 and says why', async () => {
      const dir = join(__dirname, '..', '..', 'examples', 'scenarios', '9-beijing-singapore');
      const run = await runCli(
        'explain',
        'i-bj-app',
        '--to',
        '192.168.100.10',
        '--port',
        '3306',
        '--snapshot',
        join(dir, 'cn-north-1.json'),
        '--snapshot',
        join(dir, 'ap-southeast-1.json'),
      );
      expect(run.stderr).toBe('');
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/aws-cn/);
      expect(run.stdout).toContain(BEIJING_NAT_IP);
    });
  });
});
