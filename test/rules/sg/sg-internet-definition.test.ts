import type { IpPermission } from '@aws-sdk/client-ec2';
import type { Rule } from '../../../lambda/engine/rule';
import { adminPortsOpenToInternet } from '../../../lambda/rules/sg/sg-1-admin-ports';
import { highRiskPortsOpenToInternet } from '../../../lambda/rules/sg/sg-2-high-risk-ports';
import { allTrafficFromInternet } from '../../../lambda/rules/sg/sg-3-all-traffic';
import { unauthorizedPortsOpenToInternet } from '../../../lambda/rules/sg/sg-4-unauthorized-ports';
import { NetworkBuilder } from '../../support/network-builder';
import { all, tcp } from '../../support/permissions';
import { resultFor, runRule } from '../../support/run-rule';

/** `sg-web` with `ingress`, beside the prefix lists pl-anyone (0.0.0.0/0), pl-office and pl-s3 (AWS). */
function verdict(rule: Rule, ingress: IpPermission[], change?: (net: NetworkBuilder) => void) {
  const net = new NetworkBuilder();
  const vpc = net.vpc({ bare: true });
  net.prefixList({ id: 'pl-anyone', cidrs: ['0.0.0.0/0'] });
  net.prefixList({ id: 'pl-office', cidrs: ['198.51.100.0/24'] });
  net.prefixList({ id: 'pl-s3', cidrs: ['52.216.0.0/15', '3.5.0.0/19'], awsManaged: true });
  net.securityGroup({ vpc, id: 'sg-web', ingress });
  change?.(net);
  return resultFor(runRule(rule, net.snapshot()), 'sg-web');
}

describe('SG.1-SG.4 read "the internet" as RULES.md defines it', () => {
  it('SG.1 fails on SSH from two /1 blocks, which together are 0.0.0.0/0', () => {
    const result = verdict(adminPortsOpenToInternet, [tcp(22).from('0.0.0.0/1', '128.0.0.0/1')]);
    expect(result.status).toBe('FAILED');
    expect(result.message).toContain('TCP 22 from 0.0.0.0/1, 128.0.0.0/1');
  });

  it('SG.2 fails on MySQL from a public /8, and passes it from a private /8', () => {
    expect(verdict(highRiskPortsOpenToInternet, [tcp(3306).from('3.0.0.0/8')]).status).toBe('FAILED');
    expect(verdict(highRiskPortsOpenToInternet, [tcp(3306).from('10.0.0.0/8')]).status).toBe('PASSED');
  });

  it('SG.3 fails on all traffic from a customer prefix list holding 0.0.0.0/0, naming the list', () => {
    const result = verdict(allTrafficFromInternet, [all().fromPrefixList('pl-anyone')]);
    expect(result.status).toBe('FAILED');
    expect(result.message).toContain('all traffic from pl-anyone (0.0.0.0/0)');
  });

  it('SG.4 passes ports opened to an AWS service list (S3) or an office list: they are not the internet', () => {
    const result = verdict(unauthorizedPortsOpenToInternet, [
      tcp(8080).fromPrefixList('pl-s3'),
      tcp(8443).fromPrefixList('pl-office'),
    ]);
    expect(result.status).toBe('PASSED');
  });

  it('is NOT_EVALUATED, never PASSED, when a rule on the ports of concern names an unresolvable list', () => {
    const gone = verdict(adminPortsOpenToInternet, [tcp(22).fromPrefixList('pl-gone')]);
    expect(gone.status).toBe('NOT_EVALUATED');
    expect(gone.message).toContain('pl-gone is not in the snapshot');
    const notCollected = verdict(allTrafficFromInternet, [all().fromPrefixList('pl-anyone')], (net) => {
      delete net.data.managedPrefixLists;
    });
    expect(notCollected.status).toBe('NOT_EVALUATED');
    expect(notCollected.message).toContain('managed prefix lists could not be collected');
  });

  it('still passes when the unresolvable list sits on a port the rule does not check, and fails on a definite hit', () => {
    expect(verdict(adminPortsOpenToInternet, [tcp(443).fromPrefixList('pl-gone')]).status).toBe('PASSED');
    const both = verdict(adminPortsOpenToInternet, [
      tcp(22).fromPrefixList('pl-gone'),
      tcp(3389).from('::/0'),
    ]);
    expect(both.status).toBe('FAILED');
  });
});
