import { brokenNatInstance as rule } from '../../../lambda/rules/nat/nat-6-nat-instance';
import { NetworkBuilder, toIgw, toInstance, toInterface } from '../../support/network-builder';
import { resultFor, runRule } from '../../support/run-rule';

/** A NAT instance `i-nat` in a public subnet, and a private subnet whose default route leads to it. */
function natInstance(o: { publicIp?: string; igwRoute?: boolean; state?: 'running' | 'stopped' } = {}) {
  const net = new NetworkBuilder();
  const vpc = net.vpc();
  const igw = net.internetGateway({ vpc });
  const pub = net.subnet({ vpc, id: 'subnet-pub', routes: o.igwRoute === false ? [] : [toIgw(igw)] });
  const { instance, eni } = net.instance({
    subnet: pub,
    id: 'i-nat',
    state: o.state ?? 'running',
    ...(o.publicIp === undefined ? { publicIp: '203.0.113.9' } : o.publicIp ? { publicIp: o.publicIp } : {}),
  });
  net.sourceDestCheck(instance, false);
  const priv = net.subnet({ vpc, id: 'subnet-priv', cidr: '10.0.2.0/24' });
  return { net, vpc, instance, eni, priv };
}

const verdict = (net: NetworkBuilder, id = 'i-nat') => resultFor(runRule(rule, net.snapshot()), id);

describe('NAT.6 route to a NAT instance that cannot forward', () => {
  it('passes a running NAT instance with its check off, a public address and an internet route', () => {
    const { net, vpc, instance, priv } = natInstance();
    net.routeTable({ vpc, id: 'rtb-priv', routes: [toInstance(instance)], subnets: [priv] });
    const result = verdict(net);
    expect(result.status).toBe('PASSED');
    expect(result.resourceType).toBe('AwsEc2Instance');
  });

  it('fails when the source/destination check is on, naming the route', () => {
    const { net, vpc, instance, priv } = natInstance();
    net.sourceDestCheck(instance, true);
    net.routeTable({ vpc, id: 'rtb-priv', routes: [toInstance(instance)], subnets: [priv] });
    const result = verdict(net);
    expect(result.status).toBe('FAILED');
    expect(result.message).toContain('rtb-priv: 0.0.0.0/0 -> i-nat (active)');
    expect(result.message).toContain('keeps its source/destination check on');
  });

  it('fails a stopped NAT instance, and one reached through its interface that has no way out', () => {
    const stopped = natInstance({ state: 'stopped' });
    stopped.net.routeTable({
      vpc: stopped.vpc,
      routes: [toInstance(stopped.instance)],
      subnets: [stopped.priv],
    });
    expect(verdict(stopped.net).message).toContain('it is stopped');

    const closed = natInstance({ publicIp: '', igwRoute: false });
    closed.net.routeTable({ vpc: closed.vpc, routes: [toInterface(closed.eni)], subnets: [closed.priv] });
    const result = verdict(closed.net);
    expect(result.status).toBe('FAILED');
    expect(result.message).toContain(`${closed.eni.NetworkInterfaceId} has no public IPv4 address`);
    expect(result.message).toContain("its subnet subnet-pub's route table");
    expect(result.message).toContain('has no 0.0.0.0/0 route');
  });

  it('does not ask a way out of an appliance routed only one private network', () => {
    const { net, vpc, instance, priv } = natInstance({ publicIp: '', igwRoute: false });
    net.routeTable({ vpc, routes: [toInstance(instance, '192.168.0.0/16')], subnets: [priv] });
    expect(verdict(net).status).toBe('PASSED');
  });

  it('fails an interface attached to no instance, reported on the interface', () => {
    const { net, vpc, priv } = natInstance();
    const loose = net.networkInterface({ subnet: priv, id: 'eni-loose' });
    net.routeTable({ vpc, routes: [toInterface(loose)], subnets: [priv] });
    const result = verdict(net, 'eni-loose');
    expect(result.status).toBe('FAILED');
    expect(result.resourceType).toBe('AwsEc2NetworkInterface');
  });

  it('is NOT_EVALUATED when the snapshot does not say whether the check is on', () => {
    const { net, vpc, instance, priv } = natInstance();
    delete instance.SourceDestCheck;
    for (const eni of net.data.networkInterfaces) delete eni.SourceDestCheck;
    net.routeTable({ vpc, routes: [toInstance(instance)], subnets: [priv] });
    expect(verdict(net).status).toBe('NOT_EVALUATED');
  });

  it('reports nothing for a region without routes to instances or interfaces', () => {
    const { net } = natInstance();
    expect(runRule(rule, net.snapshot())).toEqual([]);
  });
});
