import { defaultConfig, type AuditConfig } from '../../../lambda/config/config';
import { evaluate } from '../../../lambda/engine/evaluate';
import type { Result } from '../../../lambda/engine/result';
import { virtualPrivateGatewayUnusable as rule } from '../../../lambda/rules/vgw/vgw-1-not-attached-or-unrouted';
import type { Snapshot } from '../../../lambda/snapshot/types';
import { validateSnapshot } from '../../../lambda/snapshot/validate';
import { toTgw, toVgw, virtualInterface, vpnConnection, vpnGateway } from '../../support/hybrid';
import { NetworkBuilder } from '../../support/network-builder';
import { resultFor, runRule } from '../../support/run-rule';

const OFFICE = { name: 'office', cidrs: ['192.168.1.0/24'] };

/** Runs VGW.1 with `onPremisesNetworks` configured (a key this branch's config schema does not know yet). */
function runWithNetworks(s: Snapshot, networks = [OFFICE]): Result[] {
  const config = { ...defaultConfig(), onPremisesNetworks: networks } as AuditConfig;
  return evaluate(validateSnapshot(JSON.parse(JSON.stringify(s))), config, [rule]).results;
}

/** vpc-1 with vgw-1 attached and one subnet whose own table is rtb-app, with `routes`. */
function network(routes = [toVgw('vgw-1', '192.168.0.0/16')]) {
  const net = new NetworkBuilder();
  const vpc = net.vpc({ id: 'vpc-1' });
  const table = net.routeTable({ vpc, id: 'rtb-app', routes });
  net.subnet({ vpc, id: 'subnet-app', routeTable: table });
  const s = net.snapshot();
  vpnGateway(s, { id: 'vgw-1', vpc });
  return { net, vpc, s };
}

describe('VGW.1 virtual private gateway detached or not routed to', () => {
  it('fails a gateway attached to no VPC', () => {
    const s = new NetworkBuilder().snapshot();
    vpnGateway(s, { id: 'vgw-1' });
    const result = resultFor(runRule(rule, s), 'vgw-1');
    expect(result.status).toBe('FAILED');
    expect(result.resourceType).toBe('AwsEc2VpnGateway');
    expect(result.message).toBe('vgw-1 is attached to no VPC');
  });

  it('fails a gateway whose attachment is detached, naming it', () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc({ id: 'vpc-old' });
    const s = net.snapshot();
    vpnGateway(s, { id: 'vgw-1', vpc, attachment: 'detached' });
    expect(resultFor(runRule(rule, s), 'vgw-1').message).toBe(
      'vgw-1 is attached to no VPC (attachments: vpc-old (detached))',
    );
  });

  it('without onPremisesNetworks, judges only the attachment', () => {
    const { s } = network([]);
    expect(runRule(rule, s).map((r) => [r.resourceId, r.status, r.message])).toEqual([
      ['vgw-1', 'PASSED', 'vgw-1 is attached to vpc-1'],
    ]);
  });

  it('passes a table with a static route covering the network to a gateway with a BGP VPN', () => {
    const { s } = network();
    vpnConnection(s, { id: 'vpn-1', vgw: 'vgw-1' });
    expect(resultFor(runWithNetworks(s), 'rtb-app')).toMatchObject({
      status: 'PASSED',
      resourceType: 'AwsEc2RouteTable',
      vpcId: 'vpc-1',
    });
  });

  it('passes a table with route propagation from a gateway whose static VPN routes the network', () => {
    const { s } = network([]);
    s.routeTables.find((t) => t.RouteTableId === 'rtb-app')!.PropagatingVgws = [{ GatewayId: 'vgw-1' }];
    vpnConnection(s, { id: 'vpn-1', vgw: 'vgw-1', staticRoutes: ['192.168.1.0/24'] });
    expect(resultFor(runWithNetworks(s), 'rtb-app').status).toBe('PASSED');
  });

  it('passes a table that reaches the network through a transit gateway instead', () => {
    const { s } = network([toTgw('tgw-1', '192.168.0.0/16')]);
    expect(resultFor(runWithNetworks(s), 'rtb-app').status).toBe('PASSED');
  });

  it('passes a gateway that carries the network over Direct Connect', () => {
    const { s } = network();
    virtualInterface(s, { id: 'dxvif-1', vgw: 'vgw-1' });
    expect(resultFor(runWithNetworks(s), 'rtb-app').status).toBe('PASSED');
  });

  it('fails a table with neither a static route nor propagation, naming the network', () => {
    const { s } = network([]);
    vpnConnection(s, { id: 'vpn-1', vgw: 'vgw-1' });
    const result = resultFor(runWithNetworks(s), 'rtb-app');
    expect(result.status).toBe('FAILED');
    expect(result.message).toBe(
      'rtb-app cannot reach the on-premises networks through vgw-1: office 192.168.1.0/24: no static route and no route propagation to vgw-1',
    );
  });

  it('fails when the only route is narrower than the network', () => {
    const { s } = network([toVgw('vgw-1', '192.168.1.0/25')]);
    vpnConnection(s, { id: 'vpn-1', vgw: 'vgw-1' });
    expect(resultFor(runWithNetworks(s), 'rtb-app').status).toBe('FAILED');
  });

  it('fails a route to a gateway whose static VPN has no route for the network', () => {
    const { s } = network();
    vpnConnection(s, { id: 'vpn-1', vgw: 'vgw-1', staticRoutes: ['172.16.0.0/16'] });
    expect(resultFor(runWithNetworks(s), 'rtb-app').message).toBe(
      'rtb-app cannot reach the on-premises networks through vgw-1: office 192.168.1.0/24: vgw-1 has no VPN or Direct Connect route for it',
    );
  });

  it('is NOT_EVALUATED, not passed, when the VPN connections were not collected', () => {
    const { s } = network();
    delete s.vpnConnections;
    expect(resultFor(runWithNetworks(s), 'rtb-app').status).toBe('NOT_EVALUATED');
  });

  it('is NOT_EVALUATED when the route tables could not be collected', () => {
    const { net, vpc } = network();
    net.error({ api: 'DescribeRouteTables', code: 'AccessDenied', message: 'denied' });
    const s = net.snapshot();
    vpnGateway(s, { id: 'vgw-1', vpc });
    expect(runWithNetworks(s).map((r) => [r.resourceId, r.status])).toEqual([['vgw-1', 'NOT_EVALUATED']]);
  });

  it('is NOT_EVALUATED when the gateways could not be collected', () => {
    const net = new NetworkBuilder();
    net.error({ api: 'DescribeVpnGateways', code: 'AccessDenied', message: 'denied' });
    expect(runRule(rule, net.snapshot()).map((r) => r.status)).toEqual(['NOT_EVALUATED']);
  });
});
