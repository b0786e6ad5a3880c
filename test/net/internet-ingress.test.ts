import { SnapshotIndex } from '../../lambda/engine/snapshot-index';
import { everyInternetIngress, internetIngress } from '../../lambda/net/internet-ingress';
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
