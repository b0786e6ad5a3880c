import type { SnapshotIndex } from '../engine/snapshot-index';
import { InputError } from '../errors';
import type { Endpoint } from './types';

/** An end of a path and the snapshot it lives in. */
export interface Located {
  endpoint: Endpoint;
  index: SnapshotIndex;
}

/** Where one snapshot was taken: an account in a region (and so a partition). */
export interface Place {
  accountId: string;
  region: string;
}

export const placeText = (place: Place): string => `account ${place.accountId}, region ${place.region}`;

/**
 * Every snapshot one question may cross: one file per account and region. Paths are followed from one
 * into another across cross-region or cross-account peering and transit gateway peering; a peer whose
 * snapshot was not given makes the path unverifiable, naming the account and region to add.
 */
const worlds = new WeakMap<SnapshotIndex, World>();

/**
 * The world an index was given in (`World.of` records it), else a world of that index alone: a rule
 * evaluated over one snapshot of a multi-snapshot scan (NET.4, NET.5) follows its paths into the others.
 */
export function worldOf(index: SnapshotIndex): World {
  return worlds.get(index) ?? World.single(index);
}

export class World {
  private readonly byPlace = new Map<string, SnapshotIndex>();

  private constructor(readonly indexes: readonly SnapshotIndex[]) {
    for (const index of indexes) {
      const key = World.key(index.snapshot);
      if (this.byPlace.has(key)) {
        throw new InputError(
          `two snapshots of ${placeText(index.snapshot)} were given: give each account and region once`,
        );
      }
      this.byPlace.set(key, index);
    }
  }

  static of(indexes: readonly SnapshotIndex[]): World {
    if (indexes.length === 0) throw new InputError('no snapshot was given');
    const world = new World(indexes);
    for (const index of indexes) worlds.set(index, world);
    return world;
  }

  /** A world of one snapshot, as every single-file question is. */
  static single(index: SnapshotIndex): World {
    return new World([index]);
  }

  private static key(place: Place): string {
    return `${place.accountId}|${place.region}`;
  }

  /** The first snapshot given: where a question without a more precise place is asked. */
  get home(): SnapshotIndex {
    return this.indexes[0]!;
  }

  /** The snapshot of one account and region, when it was given. */
  find(place: Place): SnapshotIndex | undefined {
    return this.byPlace.get(World.key(place));
  }

  /** The snapshots that hold a resource id (a VPC, an instance, an interface, a gateway...). */
  holding(has: (index: SnapshotIndex) => boolean): SnapshotIndex[] {
    return this.indexes.filter(has);
  }
}
