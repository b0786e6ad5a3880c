import type { Route } from '@aws-sdk/client-ec2';
import { brokenPeeringRoute as rule } from '../../../lambda/rules/rt/rt-5-peering-route';
import { NetworkBuilder, toPeering } from '../../support/network-builder';
import { resultFor, runRule } from '../../support/run-rule';
import { idsAreUnique, toGatewayId } from './fixtures';

/** Two peered VPCs: app (10.0.0.0/16, subnet-app) and data (10.1.0.0/16, subnet-data). */
function peered(
  o: {
    status?: string;
    message?: string;
    dataRoutes?: (pcx: { VpcPeeringConnectionId?: string }) => Route[];
  } = {},
) {
  const net = new NetworkBuilder();
  const app = net.vpc({ id: 'vpc-app', cidr: '10.0.0.0/16' });
  const data = net.vpc({ id: 'vpc-data', cidr: '10.1.0.0/16' });
  const pcx = net.peering({
    requester: app,
    accepter: data,
    id: 'pcx-1',
    ...(o.status ? { status: o.status } : {}),
    ...(o.message ? { message: o.message } : {}),
  });
  net.subnet({ vpc: app, id: 'subnet-app', cidr: '10.0.1.0/24', routes: [toPeering(pcx, '10.1.0.0/16')] });
  const appTable = net.data.routeTables.at(-1)!;
  appTable.RouteTableId = 'rtb-app';
  for (const a of appTable.Associations ?? []) a.RouteTableId = 'rtb-app';
  const dataMain = net.mainRouteTable(data);
  net.addRoutes(dataMain, ...(o.dataRoutes?.(pcx) ?? []));
  net.subnet({ vpc: data, id: 'subnet-data', cidr: '10.1.1.0/24' });
  return { net, app, data, pcx, dataMainId: dataMain.RouteTableId! };
}

describe('RT.5 broken or asymmetric peering route', () => {
  it('fails the table whose peering route has no return route on the peer side', () => {
    // Prepare: the data VPC's main table (used by subnet-data by fallback) has only its local route.
    const { net, dataMainId } = peered();
    // Act
    const results = runRule(rule, net.snapshot());
    // Assess
    const app = resultFor(results, 'rtb-app');
    expect(app.status).toBe('FAILED');
    expect(app.message).toContain('10.1.0.0/16 -> pcx-1 (active) has no return route (asymmetric)');
    expect(app.message).toContain(
      `${dataMainId} (used by subnet-data) has no route back to 10.0.1.0/24 (subnet-app)`,
    );
    expect(resultFor(results, dataMainId).status).toBe('PASSED');
    expect(idsAreUnique(results)).toBe(true);
  });

  it('passes when the peer main table (used by fallback) routes back through the same peering', () => {
    const { net, dataMainId } = peered({ dataRoutes: (pcx) => [toPeering(pcx, '10.0.0.0/16')] });
    const results = runRule(rule, net.snapshot());
    expect(resultFor(results, 'rtb-app').status).toBe('PASSED');
    expect(resultFor(results, dataMainId).status).toBe('PASSED');
  });

  it('uses the longest prefix on the way back: a more specific route elsewhere wins over the peering', () => {
    const { net } = peered({
      dataRoutes: (pcx) => [toPeering(pcx, '10.0.0.0/16'), toGatewayId('vgw-vpn', '10.0.1.0/24')],
    });
    const message = resultFor(runRule(rule, net.snapshot()), 'rtb-app').message;
    expect(message).toContain(
      'sends 10.0.1.0/24 (subnet-app) via 10.0.1.0/24 -> vgw-vpn (active) instead of pcx-1',
    );
  });

  it('fails when the return route goes through a different peering', () => {
    const { net } = peered({
      dataRoutes: () => [
        { DestinationCidrBlock: '10.0.0.0/16', VpcPeeringConnectionId: 'pcx-other', State: 'active' },
      ],
    });
    expect(resultFor(runRule(rule, net.snapshot()), 'rtb-app').status).toBe('FAILED');
  });

  it.each([
    ['pending-acceptance', 'Pending Acceptance by 123456789012'],
    ['rejected', 'Rejected'],
    ['expired', 'Expired'],
    ['deleted', 'Deleted'],
  ])('fails on a route to a peering in state %s, naming the state', (status, reason) => {
    const { net } = peered({ status, message: reason });
    const message = resultFor(runRule(rule, net.snapshot()), 'rtb-app').message;
    expect(message).toContain(`10.1.0.0/16 -> pcx-1 (active): pcx-1 is ${status} (${reason})`);
  });

  it('fails on a route to a peering that no longer exists', () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc();
    net.routeTable({
      vpc,
      id: 'rtb-x',
      routes: [toPeering({ VpcPeeringConnectionId: 'pcx-gone' }, '10.8.0.0/16')],
    });
    expect(resultFor(runRule(rule, net.snapshot()), 'rtb-x').message).toContain(
      'pcx-gone does not exist (deleted)',
    );
  });

  it('does not check the return route of a table no subnet uses', () => {
    const { net, app, pcx } = peered({ dataRoutes: (p) => [toPeering(p, '10.0.0.0/16')] });
    net.routeTable({ vpc: app, id: 'rtb-spare', routes: [toPeering(pcx, '10.1.0.0/16')] });
    // The return route covers subnet-app only; rtb-spare carries no traffic, so it cannot be asymmetric.
    expect(resultFor(runRule(rule, net.snapshot()), 'rtb-spare').status).toBe('PASSED');
  });

  it('is NOT_EVALUATED, not PASSED, when the peer VPC is in another account: its return route was not checked', () => {
    const { net } = peered();
    const peering = net.data.vpcPeeringConnections[0]!;
    peering.AccepterVpcInfo = {
      VpcId: 'vpc-remote',
      CidrBlock: '10.1.0.0/16',
      OwnerId: '999999999999',
      Region: 'us-east-1',
    };
    const result = resultFor(runRule(rule, net.snapshot()), 'rtb-app');
    expect(result.status).toBe('NOT_EVALUATED');
    expect(result.message).toContain(
      'the return route in vpc-remote (account 999999999999, us-east-1) is not in this snapshot',
    );
  });

  it('is NOT_EVALUATED when the peer VPC of the same account is not in the snapshot', () => {
    const { net } = peered();
    net.data.vpcs = net.data.vpcs.filter((v) => v.VpcId !== 'vpc-data');
    const result = resultFor(runRule(rule, net.snapshot()), 'rtb-app');
    expect(result.status).toBe('NOT_EVALUATED');
    expect(result.message).toContain('peer vpc-data of pcx-1 is not in this snapshot');
  });

  it("is NOT_EVALUATED when the peer VPC's route tables could not be collected", () => {
    const { net } = peered();
    net.error({ api: 'DescribeRouteTables', code: 'Throttling', message: 'slow down', vpcId: 'vpc-data' });
    const result = resultFor(runRule(rule, net.snapshot()), 'rtb-app');
    expect(result.status).toBe('NOT_EVALUATED');
    expect(result.message).toContain('routeTables could not be collected for vpc-data');
  });

  it('is NOT_EVALUATED when peering connections could not be collected', () => {
    const { net } = peered();
    net.error({ api: 'DescribeVpcPeeringConnections', code: 'AccessDenied', message: 'denied' });
    expect(runRule(rule, net.snapshot()).every((r) => r.status === 'NOT_EVALUATED')).toBe(true);
  });
});
