import { defaultGroupHasRules as rule } from '../../../lambda/rules/sg/sg-5-default-group-rules';
import { NetworkBuilder } from '../../support/network-builder';
import { all, tcp } from '../../support/permissions';
import { resultFor, runRule } from '../../support/run-rule';

describe('SG.5 default security group has rules', () => {
  it('fails on the rules AWS creates the default group with, naming each one', () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc();
    const group = net.defaultSecurityGroup(vpc);
    const result = resultFor(runRule(rule, net.snapshot()), group.GroupId!);
    expect(result.status).toBe('FAILED');
    expect(result.message).toBe(
      `The default security group of vpc-1 has 2 rules: inbound all traffic from ${group.GroupId}; ` +
        'outbound all traffic to 0.0.0.0/0',
    );
    expect(result.references).toEqual(['FSBP EC2.2', 'CIS 3.0 5.4']);
  });

  it('passes on a default group emptied of all rules', () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc({ bare: true });
    net.securityGroup({ vpc, id: 'sg-default', name: 'default', ingress: [], egress: [] });
    expect(resultFor(runRule(rule, net.snapshot()), 'sg-default').status).toBe('PASSED');
  });

  it('fails on an outbound-only rule, IPv6 included', () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc({ bare: true });
    net.securityGroup({ vpc, id: 'sg-default', name: 'default', egress: [tcp(443).from('::/0')] });
    expect(resultFor(runRule(rule, net.snapshot()), 'sg-default').message).toContain(
      'has 1 rule: outbound TCP 443 to ::/0',
    );
  });

  it('reports on default groups only, one per VPC', () => {
    const net = new NetworkBuilder();
    const vpc1 = net.vpc();
    const vpc2 = net.vpc();
    net.securityGroup({ vpc: vpc1, id: 'sg-open', ingress: [all().from('0.0.0.0/0')] });
    const results = runRule(rule, net.snapshot());
    expect(results.map((r) => r.resourceId).sort()).toEqual(
      [net.defaultSecurityGroup(vpc1).GroupId!, net.defaultSecurityGroup(vpc2).GroupId!].sort(),
    );
  });

  it('is NOT_EVALUATED when security groups could not be collected', () => {
    const net = new NetworkBuilder();
    net.vpc();
    net.error({ api: 'DescribeSecurityGroups', code: 'AccessDenied', message: 'denied' });
    expect(runRule(rule, net.snapshot()).map((r) => r.status)).toEqual(['NOT_EVALUATED']);
  });
});
