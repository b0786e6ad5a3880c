import { securityGroupRules } from '../../../lambda/rules/sg';
import { NetworkBuilder, toIgw } from '../../support/network-builder';
import { all, tcp } from '../../support/permissions';
import { runRule } from '../../support/run-rule';

/** A network that exercises every SG rule at once. */
function busyNetwork() {
  const net = new NetworkBuilder();
  const vpc = net.vpc();
  const igw = net.internetGateway({ vpc });
  const subnet = net.subnet({ vpc, routes: [toIgw(igw)] });
  const web = net.securityGroup({
    vpc,
    id: 'sg-web',
    ingress: [all().from('0.0.0.0/0'), tcp(22).from('::/0')],
  });
  const closed = net.securityGroup({
    vpc,
    id: 'sg-closed',
    egress: [],
    ingress: [tcp(5432).fromGroup('sg-gone')],
  });
  net.securityGroup({ vpc, id: 'sg-unused' });
  net.instance({ subnet, groups: [web] });
  net.instance({ subnet, groups: [closed] });
  return net.snapshot();
}

describe('security group rule family', () => {
  it('lists SG.1 to SG.8 in order', () => {
    expect(securityGroupRules.map((r) => r.id)).toEqual([
      'SG.1',
      'SG.2',
      'SG.3',
      'SG.4',
      'SG.5',
      'SG.6',
      'SG.7',
      'SG.8',
    ]);
  });

  it('keeps the severities of RULES.md', () => {
    expect(Object.fromEntries(securityGroupRules.map((r) => [r.id, r.severity]))).toEqual({
      'SG.1': 'HIGH',
      'SG.2': 'HIGH',
      'SG.3': 'CRITICAL',
      'SG.4': 'MEDIUM',
      'SG.5': 'MEDIUM',
      'SG.6': 'LOW',
      'SG.7': 'MEDIUM',
      'SG.8': 'MEDIUM',
    });
  });

  it.each(securityGroupRules.map((r) => [r.id, r] as const))('%s has complete metadata', (_id, rule) => {
    expect(rule.title).not.toMatch(/^ensure/i);
    expect(rule.description.length).toBeGreaterThan(40);
    expect(rule.resourceType).toBe('AwsEc2SecurityGroup');
    expect(rule.requires).toContain('securityGroups');
    expect(rule.remediation.text.length).toBeLessThanOrEqual(512);
    expect(rule.remediation.url).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
  });

  it.each(securityGroupRules.map((r) => [r.id, r] as const))(
    '%s: one outcome per resource, nothing on an empty snapshot, same input same output',
    (_id, rule) => {
      const snapshot = busyNetwork();
      const results = runRule(rule, snapshot);
      const ids = results.map((r) => r.resourceId);
      expect(new Set(ids).size).toBe(ids.length);
      expect(runRule(rule, snapshot)).toEqual(results);
      expect(runRule(rule, new NetworkBuilder().snapshot())).toEqual([]);
    },
  );

  it('fails each rule at least once on the busy network', () => {
    const failing = securityGroupRules.filter((rule) =>
      runRule(rule, busyNetwork()).some((r) => r.status === 'FAILED'),
    );
    expect(failing.map((r) => r.id)).toEqual(securityGroupRules.map((r) => r.id));
  });
});
