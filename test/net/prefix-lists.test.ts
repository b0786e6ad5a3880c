import { SnapshotIndex } from '../../lambda/engine/snapshot-index';
import { resolvePrefixList } from '../../lambda/net/prefix-lists';
import { NetworkBuilder } from '../support/network-builder';

describe('resolvePrefixList', () => {
  it('resolves a list from its entries, telling AWS service lists from customer ones', () => {
    const net = new NetworkBuilder();
    net.prefixList({ id: 'pl-office', name: 'office', cidrs: ['198.51.100.0/24', '2001:db8::/48'] });
    net.prefixList({ id: 'pl-s3', cidrs: ['52.216.0.0/15'], awsManaged: true });
    const index = new SnapshotIndex(net.snapshot());
    expect(resolvePrefixList(index, 'pl-office')).toEqual({
      kind: 'resolved',
      cidrs: ['198.51.100.0/24', '2001:db8::/48'],
      awsManaged: false,
      name: 'office',
    });
    expect(resolvePrefixList(index, 'pl-s3')).toMatchObject({ kind: 'resolved', awsManaged: true });
  });

  it('is unresolvable when the list is unknown, its entries were not collected, or no list was', () => {
    const net = new NetworkBuilder();
    net.prefixList({ id: 'pl-1', cidrs: ['0.0.0.0/0'] });
    const snapshot = net.snapshot();
    delete snapshot.managedPrefixLists![0]!.Entries;
    expect(resolvePrefixList(new SnapshotIndex(snapshot), 'pl-1')).toEqual({
      kind: 'unresolvable',
      reason: 'pl-1: its entries were not collected (GetManagedPrefixListEntries)',
    });
    expect(resolvePrefixList(new SnapshotIndex(snapshot), 'pl-2')).toMatchObject({ kind: 'unresolvable' });
    delete snapshot.managedPrefixLists;
    expect(resolvePrefixList(new SnapshotIndex(snapshot), 'pl-1')).toEqual({
      kind: 'unresolvable',
      reason: 'pl-1: managed prefix lists could not be collected',
    });
  });
});
