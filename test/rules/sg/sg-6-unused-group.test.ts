import { unusedSecurityGroup as rule } from '../../../lambda/rules/sg/sg-6-unused-group';
import { NetworkBuilder } from '../../support/network-builder';
import { plain, tcp } from '../../support/permissions';
import { resultFor, runRule } from '../../support/run-rule';

describe('SG.6 security group attached to no network interface', () => {
  const network = () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc();
    const subnet = net.subnet({ vpc });
    return { net, vpc, subnet };
  };

  it('fails on a group no interface uses', () => {
    const { net, vpc } = network();
    net.securityGroup({ vpc, id: 'sg-old', name: 'old-batch' });
    const result = resultFor(runRule(rule, net.snapshot()), 'sg-old');
    expect(result.status).toBe('FAILED');
    expect(result.severity).toBe('LOW');
    expect(result.message).toBe('old-batch is attached to no network interface');
  });

  it('passes on a group attached to an instance, and on one attached to a detached interface', () => {
    const { net, vpc, subnet } = network();
    const web = net.securityGroup({ vpc, id: 'sg-web' });
    const spare = net.securityGroup({ vpc, id: 'sg-spare' });
    const { eni } = net.instance({ subnet, groups: [web], state: 'stopped' });
    net.networkInterface({ subnet, id: 'eni-spare', groups: [spare] });
    const results = runRule(rule, net.snapshot());
    expect(resultFor(results, 'sg-web').message).toBe(`Attached to ${eni.NetworkInterfaceId}`);
    expect(resultFor(results, 'sg-spare').status).toBe('PASSED');
  });

  it('never reports the default group, which cannot be deleted', () => {
    const { net, vpc } = network();
    const results = runRule(rule, net.snapshot());
    expect(results.find((r) => r.resourceId === net.defaultSecurityGroup(vpc).GroupId)).toBeUndefined();
  });

  it('names the groups that reference an unused group, since they block its deletion', () => {
    const { net, vpc } = network();
    net.securityGroup({ vpc, id: 'sg-db' });
    net.securityGroup({ vpc, id: 'sg-app', ingress: [tcp(8080).fromGroup('sg-db')] });
    const result = resultFor(runRule(rule, net.snapshot()), 'sg-db');
    expect(result.message).toContain('sg-app references it in rules');
  });

  it('lists every referrer of an unused group, the default group and egress rules included, never itself', () => {
    const { net, vpc, subnet } = network();
    net.securityGroup({ vpc, id: 'sg-db', ingress: [tcp(5432).fromGroup('sg-db')] });
    net.securityGroup({ vpc, id: 'sg-used' });
    net.instance({ subnet, groups: [net.data.securityGroups.at(-1)!] });
    net.securityGroup({
      vpc,
      id: 'sg-app',
      ingress: [tcp(8080).fromGroup('sg-db'), tcp(443).fromGroup('sg-used')],
    });
    net.defaultSecurityGroup(vpc).IpPermissionsEgress!.push(plain(tcp(5432).fromGroup('sg-db')));
    const results = runRule(rule, net.snapshot());
    const db = resultFor(results, 'sg-db');
    expect(db.evidence).toEqual({ referencedBy: ['sg-app', net.defaultSecurityGroup(vpc).GroupId!].sort() });
    // A used group passes, whoever references it.
    expect(resultFor(results, 'sg-used').status).toBe('PASSED');
  });

  it('is NOT_EVALUATED for the groups of a VPC whose interfaces could not be collected', () => {
    const net = new NetworkBuilder();
    const vpc1 = net.vpc({ bare: true });
    const vpc2 = net.vpc({ bare: true });
    net.securityGroup({ vpc: vpc1, id: 'sg-a' });
    net.securityGroup({ vpc: vpc2, id: 'sg-b' });
    net.error({ api: 'DescribeNetworkInterfaces', code: 'Throttling', message: 'slow down', vpcId: 'vpc-1' });
    const results = runRule(rule, net.snapshot());
    expect(resultFor(results, 'sg-a').status).toBe('NOT_EVALUATED');
    expect(resultFor(results, 'sg-a').message).toContain(
      'networkInterfaces could not be collected for vpc-1',
    );
    expect(resultFor(results, 'sg-b').status).toBe('FAILED');
  });

  it('is NOT_EVALUATED, never PASSED, when interfaces could not be collected at all', () => {
    const { net, vpc, subnet } = network();
    const web = net.securityGroup({ vpc, id: 'sg-web' });
    net.instance({ subnet, groups: [web] });
    net.error({ api: 'DescribeNetworkInterfaces', code: 'AccessDenied', message: 'denied' });
    expect(new Set(runRule(rule, net.snapshot()).map((r) => r.status))).toEqual(new Set(['NOT_EVALUATED']));
  });
});
