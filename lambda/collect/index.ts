export { COLLECTION_ACTIONS, COLLECTION_APIS, MAX_PAGE_SIZE, serviceOf } from './apis';
export { createCollectionClients, DEFAULT_MAX_ATTEMPTS, type ClientOptions } from './clients';
export {
  collectSnapshot,
  DEFAULT_CONCURRENCY,
  type CollectionClients,
  type CollectionResult,
  type CollectOptions,
} from './collect';
export type { ProgressEvent } from './context';
export { AccountIdentityError } from './errors';
export { formatStatsTable, formatSummary, ProgressDisplay, type TextSink } from './progress';
export type { ApiStats, CollectionStats } from './stats';
