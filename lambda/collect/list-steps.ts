import type { Snapshot, V2Part } from '../snapshot/types';
import { MAX_PAGE_SIZE, type CollectionApi, type PaginatedApi } from './apis';
import { recordFailure, type CollectContext } from './context';
import type { Limiter } from './limit';
import { sortById, uniqueById } from './order';

/** The version 2 parts of a snapshot: a part left out was not collected (its API failed). */
export type V2Lists = Partial<Pick<Snapshot, V2Part>>;

/** The paginator configuration of an EC2 API: its largest page. */
export const ec2Pages = (ctx: CollectContext, api: PaginatedApi) => ({
  client: ctx.ec2,
  pageSize: MAX_PAGE_SIZE[api],
});

/** One list API, its failure recorded: undefined then, the items in id order otherwise. */
export async function list<T>(
  ctx: CollectContext,
  limit: Limiter,
  api: CollectionApi,
  read: () => Promise<T[]>,
  id: (item: T) => string | undefined,
): Promise<T[] | undefined> {
  const items = await limit(() => recordFailure(ctx, api, undefined, read));
  return items && sortById(uniqueById(items, id), id);
}

/** One call per item of a parent list, each failure recorded against the item; undefined for those. */
export function perItem<T, R>(
  ctx: CollectContext,
  limit: Limiter,
  api: CollectionApi,
  items: readonly T[],
  idOf: (item: T) => string | undefined,
  read: (id: string) => Promise<R>,
): Promise<(R | undefined)[]> {
  return Promise.all(
    items.map((item) => {
      const id = idOf(item);
      return id === undefined
        ? undefined
        : limit(() => recordFailure(ctx, api, undefined, () => read(id), id));
    }),
  );
}
