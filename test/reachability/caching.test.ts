import * as nacl from '../../lambda/net/nacl';
import { reachabilityRules } from '../../lambda/rules/net';
import * as groups from '../../lambda/reachability/security-groups';
import { NetworkBuilder, toIgw } from '../support/network-builder';
import { tcp } from '../support/permissions';
import { runRule } from '../support/run-rule';

/*
 * The engine must stay linear in interfaces: work on a group or a NACL happens once per group or NACL,
 * however many interfaces share it. Counting calls says so without timing anything.
 */
describe('reachability work is shared, not repeated per interface', () => {
  afterEach(() => jest.restoreAllMocks());

  it('computes each group once per direction and each NACL once per query across 300 interfaces', () => {
    // Prepare: 300 instances over 3 subnets, all sharing 4 groups (two per interface).
    const net = new NetworkBuilder();
    const vpc = net.vpc();
    const igw = net.internetGateway({ vpc });
    const subnets = [1, 2, 3].map((i) => net.subnet({ vpc, cidr: `10.0.${i}.0/24`, routes: [toIgw(igw)] }));
    const sgs = [22, 80, 443, 8080].map((p) =>
      net.securityGroup({ vpc, ingress: [tcp(p).from('0.0.0.0/0')] }),
    );
    for (let i = 0; i < 300; i++) {
      net.instance({
        subnet: subnets[i % 3]!,
        groups: [sgs[i % 4]!, sgs[(i + 1) % 4]!],
        ...(i % 2 === 0 ? { publicIp: `203.0.113.${i % 250}` } : {}),
      });
    }
    const snapshot = net.snapshot();
    const portsSpy = jest.spyOn(groups, 'internetPorts');
    const naclSpy = jest.spyOn(nacl, 'evaluateNacl');

    // Act: NET.1, NET.2 and NET.3 over one index, as an audit runs them.
    for (const rule of reachabilityRules) runRule(rule, snapshot);

    // Assess: per rule run (the spies do see the calls), at most (groups + default group) x 2 directions, and one NACL x 8 queries.
    expect(portsSpy).toHaveBeenCalled();
    expect(naclSpy).toHaveBeenCalled();
    expect(portsSpy.mock.calls.length).toBeLessThanOrEqual(reachabilityRules.length * 5 * 2);
    expect(naclSpy.mock.calls.length).toBeLessThanOrEqual(reachabilityRules.length * 8);
  });
});
