import {
  paginateDescribeManagedPrefixLists,
  paginateGetManagedPrefixListEntries,
  type ManagedPrefixList,
} from '@aws-sdk/client-ec2';
import type { ManagedPrefixListWithEntries } from '../snapshot/types';
import { readPages, type CollectContext } from './context';
import type { Limiter } from './limit';
import { sortById } from './order';
import { ec2Pages, list, perItem } from './list-steps';

/** The prefix lists, each with its entries (GetManagedPrefixListEntries, one pagination per list). */
export async function managedPrefixLists(
  ctx: CollectContext,
  limit: Limiter,
): Promise<ManagedPrefixListWithEntries[] | undefined> {
  const lists = await list(
    ctx,
    limit,
    'DescribeManagedPrefixLists',
    () =>
      readPages(
        ctx,
        'DescribeManagedPrefixLists',
        paginateDescribeManagedPrefixLists(ec2Pages(ctx, 'DescribeManagedPrefixLists'), {}),
        (p) => p.PrefixLists,
      ),
    (x: ManagedPrefixList) => x.PrefixListId,
  );
  if (!lists) return undefined;
  const entries = await perItem(
    ctx,
    limit,
    'GetManagedPrefixListEntries',
    lists,
    (l) => l.PrefixListId,
    (id) =>
      readPages(
        ctx,
        'GetManagedPrefixListEntries',
        paginateGetManagedPrefixListEntries(ec2Pages(ctx, 'GetManagedPrefixListEntries'), {
          PrefixListId: id,
        }),
        (p) => p.Entries,
      ),
  );
  return lists.map((l, i) => {
    const found = entries[i];
    return found ? { ...l, Entries: sortById(found, (e) => e.Cidr) } : l;
  });
}
