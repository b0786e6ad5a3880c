import { SnapshotIndex } from '../../lambda/engine/snapshot-index';
import { everyInternetIngress, groupIngress, internetIngress } from '../../lambda/net/internet-ingress';
import { NetworkBuilder } from '../support/network-builder';
import { tcp } from '../support/permissions';

describe('internet ingress of security groups', () => {
  const net = new NetworkBuilder();
  const vpc = net.vpc({ id: 'vpc-1', bare: true });
  net.securityGroup({ vpc, id: 'sg-ssh', ingress: [tcp(22).from('0.0.0.0/0'), tcp(443).from('10.0.0.0/8')] });
  net.securityGroup({ vpc, id: 'sg-private', ingress: [tcp(5432).from('10.0.0.0/16')] });
  net.securityGroup({ vpc, id: 'sg-web', ingress: [tcp(443).from('::/0')] });
  const index = new SnapshotIndex(net.snapshot());

  it('keeps only the permissions that admit 0.0.0.0/0 or ::/0, with the sources they name', () => {
    const [ssh, priv, web] = index.snapshot.securityGroups;
    expect(internetIngress(index, ssh!).map((hit) => [hit.permission.FromPort, hit.sources])).toEqual([
      [22, ['0.0.0.0/0']],
    ]);
    expect(internetIngress(index, priv!)).toEqual([]);
    expect(internetIngress(index, web!).map((hit) => hit.sources)).toEqual([['::/0']]);
  });

  it('lists every group in snapshot order, the same answers as asking group by group, once per index', () => {
    const every = everyInternetIngress(index);
    expect(every).toHaveLength(3);
    index.snapshot.securityGroups.forEach((group, position) =>
      expect(every[position]).toBe(internetIngress(index, group)),
    );
    expect(everyInternetIngress(index)).toBe(every);
    expect(everyInternetIngress(new SnapshotIndex(net.snapshot()))).not.toBe(every);
  });
});

describe('the internet as RULES.md defines it', () => {
  const ingressOf = (build: (net: NetworkBuilder, vpc: ReturnType<NetworkBuilder['vpc']>) => void) => {
    const net = new NetworkBuilder();
    const vpc = net.vpc({ id: 'vpc-1', bare: true });
    build(net, vpc);
    const index = new SnapshotIndex(net.snapshot());
    return groupIngress(index, index.snapshot.securityGroups[0]!);
  };

  it('counts a wide public range and two /1 blocks as the internet, a private /8 not', () => {
    const { internet } = ingressOf((net, vpc) =>
      net.securityGroup({
        vpc,
        ingress: [
          tcp(22).from('0.0.0.0/1', '128.0.0.0/1'),
          tcp(80).from('52.0.0.0/8'),
          tcp(443).from('10.0.0.0/8'),
        ],
      }),
    );
    expect(internet.map((hit) => [hit.permission.FromPort, hit.sources])).toEqual([
      [22, ['0.0.0.0/1', '128.0.0.0/1']],
      [80, ['52.0.0.0/8']],
    ]);
  });

  it('counts narrow ranges that together cover everything, across rules for the same ports only', () => {
    const halves = (first: number) =>
      Array.from({ length: 128 }, (_, i) => `${first + i * 2}.0.0.0/9`).flatMap((c) => [
        c,
        c.replace('.0.0.0/9', '.128.0.0/9'),
      ]);
    const { internet } = ingressOf((net, vpc) =>
      net.securityGroup({
        vpc,
        ingress: [tcp(22).from(...halves(0)), tcp(22).from(...halves(1)), tcp(3389).from(...halves(0))],
      }),
    );
    // 0.0.0.0/9 ... 254.128.0.0/9 and 1.0.0.0/9 ... 255.128.0.0/9: every /9, split over two TCP 22 rules.
    expect(internet.map((hit) => hit.permission.FromPort)).toEqual([22, 22]);
    expect(internet[0]!.sources).toHaveLength(256);
  });

  it('resolves customer prefix lists from their entries, and never counts an AWS service list', () => {
    const { internet, unresolved } = ingressOf((net, vpc) => {
      net.prefixList({ id: 'pl-anyone', cidrs: ['0.0.0.0/0'] });
      net.prefixList({ id: 'pl-office', cidrs: ['198.51.100.0/24'] });
      net.prefixList({ id: 'pl-s3', cidrs: ['0.0.0.0/1', '128.0.0.0/1'], awsManaged: true });
      net.securityGroup({
        vpc,
        ingress: [
          tcp(22).fromPrefixList('pl-anyone'),
          tcp(3389).fromPrefixList('pl-office'),
          tcp(443).fromPrefixList('pl-s3'),
        ],
      });
    });
    expect(internet.map((hit) => [hit.permission.FromPort, hit.sources])).toEqual([
      [22, ['pl-anyone (0.0.0.0/0)']],
    ]);
    expect(unresolved).toEqual([]);
  });

  it('reports a prefix list it cannot read as unresolved, with the reason', () => {
    const { internet, unresolved } = ingressOf((net, vpc) =>
      net.securityGroup({ vpc, ingress: [tcp(22).fromPrefixList('pl-gone')] }),
    );
    expect(internet).toEqual([]);
    expect(unresolved.map((u) => u.reasons)).toEqual([['pl-gone is not in the snapshot']]);
  });
});
