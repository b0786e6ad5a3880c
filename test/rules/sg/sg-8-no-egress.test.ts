import { noOutboundTraffic as rule } from '../../../lambda/rules/sg/sg-8-no-egress';
import { NetworkBuilder } from '../../support/network-builder';
import { tcp } from '../../support/permissions';
import { resultFor, runRule } from '../../support/run-rule';

describe('SG.8 running instance left with no outbound traffic', () => {
  const network = () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc({ bare: true });
    const subnet = net.subnet({ vpc });
    const closed = net.securityGroup({ vpc, id: 'sg-closed', name: 'locked-down', egress: [] });
    const open = net.securityGroup({ vpc, id: 'sg-out', egress: [tcp(443).from('0.0.0.0/0')] });
    return { net, vpc, subnet, closed, open };
  };

  it('fails on the only group of a running instance when it has no outbound rule, naming the interface', () => {
    const { net, subnet, closed } = network();
    const { eni, instance } = net.instance({ subnet, groups: [closed] });
    const result = resultFor(runRule(rule, net.snapshot()), 'sg-closed');
    expect(result.status).toBe('FAILED');
    expect(result.message).toContain(
      `cannot initiate any connection: ${eni.NetworkInterfaceId} (${instance.InstanceId})`,
    );
  });

  it('passes when another group on the same interface allows outbound (groups are unioned)', () => {
    const { net, subnet, closed, open } = network();
    net.instance({ subnet, groups: [closed, open] });
    const results = runRule(rule, net.snapshot());
    expect(resultFor(results, 'sg-closed').status).toBe('PASSED');
    expect(resultFor(results, 'sg-closed').message).toContain('also in sg-out');
    expect(resultFor(results, 'sg-out').message).toBe('The group has outbound rules');
  });

  it('fails on both groups when neither allows outbound', () => {
    const { net, vpc, subnet, closed } = network();
    const other = net.securityGroup({ vpc, id: 'sg-closed-2', egress: [] });
    net.instance({ subnet, groups: [closed, other] });
    const results = runRule(rule, net.snapshot());
    expect(
      results
        .filter((r) => r.status === 'FAILED')
        .map((r) => r.resourceId)
        .sort(),
    ).toEqual(['sg-closed', 'sg-closed-2']);
  });

  it('names only the interfaces that are cut off when the group sits on several', () => {
    const { net, subnet, closed, open } = network();
    net.instance({ subnet, id: 'i-ok', groups: [closed, open] });
    net.instance({ subnet, id: 'i-cut', groups: [closed] });
    const result = resultFor(runRule(rule, net.snapshot()), 'sg-closed');
    expect(result.status).toBe('FAILED');
    expect(result.message).toContain('(i-cut)');
    expect(result.message).not.toContain('i-ok');
  });

  it('passes on a stopped instance and on an interface attached to no instance', () => {
    const { net, subnet, closed } = network();
    net.instance({ subnet, groups: [closed], state: 'stopped' });
    net.networkInterface({ subnet, groups: [closed] });
    expect(resultFor(runRule(rule, net.snapshot()), 'sg-closed').message).toBe(
      'The group has no outbound rule but is attached to no running instance',
    );
  });

  it('counts an outbound rule to a group or a prefix list as outbound traffic', () => {
    const { net, vpc, subnet } = network();
    const toGroup = net.securityGroup({ vpc, id: 'sg-to-db', egress: [tcp(5432).fromGroup('sg-db')] });
    const toList = net.securityGroup({
      vpc,
      id: 'sg-to-s3',
      egress: [tcp(443).fromPrefixList('pl-63a5400a')],
    });
    net.instance({ subnet, groups: [toGroup] });
    net.instance({ subnet, groups: [toList] });
    const results = runRule(rule, net.snapshot());
    expect(resultFor(results, 'sg-to-db').status).toBe('PASSED');
    expect(resultFor(results, 'sg-to-s3').status).toBe('PASSED');
  });

  it('is NOT_EVALUATED when another group on the interface is missing from the snapshot', () => {
    const { net, subnet, closed } = network();
    const { eni } = net.instance({ subnet, groups: [closed] });
    eni.Groups!.push({ GroupId: 'sg-elsewhere' });
    expect(resultFor(runRule(rule, net.snapshot()), 'sg-closed').status).toBe('NOT_EVALUATED');
  });

  it('is NOT_EVALUATED when instances or interfaces could not be collected', () => {
    const { net, subnet, closed } = network();
    net.instance({ subnet, groups: [closed] });
    net.error({ api: 'DescribeInstances', code: 'AccessDenied', message: 'denied' });
    const results = runRule(rule, net.snapshot());
    expect(new Set(results.map((r) => r.status))).toEqual(new Set(['NOT_EVALUATED']));
  });

  it('is NOT_EVALUATED for a VPC whose interfaces could not be collected', () => {
    const { net, subnet, closed } = network();
    net.instance({ subnet, groups: [closed] });
    net.error({ api: 'DescribeNetworkInterfaces', code: 'Throttling', message: 'slow', vpcId: 'vpc-1' });
    expect(resultFor(runRule(rule, net.snapshot()), 'sg-closed').status).toBe('NOT_EVALUATED');
  });
});
