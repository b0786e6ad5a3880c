import { cleanShape } from './clean';
import { compare } from './stats';

/** Drops repeats (an item two filter sets both matched); items without an id are all kept. */
export function uniqueById<T>(items: T[], id: (item: T) => string | undefined): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = id(item);
    if (key === undefined) return true;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Cleaned shapes in id order, so the same account always gives the same snapshot bytes. */
export function sortById<T>(items: T[], id: (item: T) => string | undefined): T[] {
  return items.map((item) => cleanShape(item)).sort((a, b) => compare(id(a) ?? '', id(b) ?? ''));
}
