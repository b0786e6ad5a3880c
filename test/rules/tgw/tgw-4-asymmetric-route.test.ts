import { transitGatewayAsymmetricRoute as rule } from '../../../lambda/rules/tgw/tgw-4-asymmetric-route';
import { tgwRoute, tgwRouteTable } from '../../support/hybrid';
import { NetworkBuilder } from '../../support/network-builder';
import { resultFor, runRule } from '../../support/run-rule';

describe('TGW.4 transit gateway route with no route back', () => {
  it('passes two tables that route to each other', () => {
    const s = new NetworkBuilder().snapshot();
    tgwRouteTable(s, {
      id: 'tgw-rtb-a',
      associations: ['att-a'],
      routes: [tgwRoute('10.2.0.0/16', 'att-b')],
    });
    tgwRouteTable(s, {
      id: 'tgw-rtb-b',
      associations: ['att-b'],
      routes: [tgwRoute('10.1.0.0/16', 'att-a')],
    });
    expect(runRule(rule, s).map((r) => r.status)).toEqual(['PASSED', 'PASSED']);
  });

  it("fails a table whose destination's table has no route back to the sender", () => {
    const s = new NetworkBuilder().snapshot();
    tgwRouteTable(s, {
      id: 'tgw-rtb-a',
      associations: ['att-a'],
      routes: [tgwRoute('10.2.0.0/16', 'att-b')],
    });
    tgwRouteTable(s, {
      id: 'tgw-rtb-b',
      associations: ['att-b'],
      routes: [tgwRoute('10.3.0.0/16', 'att-c')],
    });
    const result = resultFor(runRule(rule, s), 'tgw-rtb-a');
    expect(result.status).toBe('FAILED');
    expect(result.message).toBe(
      'tgw-rtb-a routes to attachments with no route back: att-b -> att-a (its table tgw-rtb-b)',
    );
  });

  it('fails when the destination attachment is associated with no table', () => {
    const s = new NetworkBuilder().snapshot();
    tgwRouteTable(s, {
      id: 'tgw-rtb-a',
      associations: ['att-a'],
      routes: [tgwRoute('10.2.0.0/16', 'att-b')],
    });
    expect(resultFor(runRule(rule, s), 'tgw-rtb-a').message).toBe(
      'tgw-rtb-a routes to attachments with no route back: att-b -> att-a (it has no associated table)',
    );
  });

  it('does not count a blackhole route as a way back', () => {
    const s = new NetworkBuilder().snapshot();
    tgwRouteTable(s, {
      id: 'tgw-rtb-a',
      associations: ['att-a'],
      routes: [tgwRoute('10.2.0.0/16', 'att-b')],
    });
    tgwRouteTable(s, {
      id: 'tgw-rtb-b',
      associations: ['att-b'],
      routes: [tgwRoute('10.1.0.0/16', 'att-a', { state: 'blackhole' })],
    });
    expect(resultFor(runRule(rule, s), 'tgw-rtb-a').status).toBe('FAILED');
  });

  it('passes a shared table, where every attachment routes through the same table', () => {
    const s = new NetworkBuilder().snapshot();
    tgwRouteTable(s, {
      id: 'tgw-rtb-1',
      associations: ['att-a', 'att-b'],
      routes: [tgwRoute('10.1.0.0/16', 'att-a'), tgwRoute('10.2.0.0/16', 'att-b')],
    });
    expect(resultFor(runRule(rule, s), 'tgw-rtb-1').status).toBe('PASSED');
  });

  it('passes a table associated with no attachment (nothing sends through it)', () => {
    const s = new NetworkBuilder().snapshot();
    tgwRouteTable(s, { id: 'tgw-rtb-1', routes: [tgwRoute('10.2.0.0/16', 'att-b')] });
    expect(resultFor(runRule(rule, s), 'tgw-rtb-1').message).toBe(
      'tgw-rtb-1 is associated with no attachment',
    );
  });
});
