import type { Instance } from '@aws-sdk/client-ec2';
import type { DeclaredPath } from '../config/paths-config';
import type { SnapshotIndex } from '../engine/snapshot-index';
import { InputError } from '../errors';
import type { OnPremisesNetwork } from './endpoints';
import { answerPath } from './explain';
import type { PathAnswer } from './types';
import { worldOf, type World } from './world';

/** One concrete question a declared path stands for: one instance (or end) on each side. */
export interface DeclaredCheck {
  path: DeclaredPath;
  from: string;
  to: string;
  /** The instance the result is about: the `from` end when it is one, else the `to` end. */
  instance?: Instance;
  answer?: PathAnswer;
  /** Why the question could not be asked (an end that matches nothing, an unknown id). */
  problem?: string;
}

/**
 * The instances a selector names: `tag:Key=Value`, `subnet-…` and `vpc-…` select instances; anything else
 * (`internet`, an id, an address, a network name) is one end as `explain` takes it.
 */
export function expandEnd(
  index: SnapshotIndex,
  selector: string,
): { ends: string[]; instances: Instance[] } | undefined {
  const text = selector.trim();
  let pick: ((i: Instance) => boolean) | undefined;
  if (text.startsWith('tag:')) {
    const [key, ...rest] = text.slice(4).split('=');
    const value = rest.join('=');
    pick = (i) => (i.Tags ?? []).some((t) => t.Key === key && (rest.length === 0 || t.Value === value));
  } else if (text.startsWith('subnet-')) pick = (i) => i.SubnetId === text;
  else if (text.startsWith('vpc-')) pick = (i) => i.VpcId === text;
  if (!pick) return undefined;
  const instances = index.snapshot.instances.filter(pick);
  return { ends: instances.map((i) => i.InstanceId ?? '?'), instances };
}

/** One end of a declared path, with the snapshot that holds it when it is an instance or an interface. */
interface End {
  end: string;
  holder?: SnapshotIndex;
  instance?: Instance;
}

/** The ends a selector stands for in every snapshot of the world; a plain end is one end, as given. */
function endsOf(world: World, selector: string): End[] {
  const text = selector.trim();
  if (!expandEnd(world.home, text)) {
    const byId = text.startsWith('i-') || text.startsWith('eni-');
    const holder = byId
      ? world.holding((index) =>
          text.startsWith('i-') ? index.instances.has(text) : index.networkInterfaces.has(text),
        )[0]
      : undefined;
    const instance = holder?.instances.get(text);
    return [{ end: selector, ...(holder ? { holder } : {}), ...(instance ? { instance } : {}) }];
  }
  return world.indexes.flatMap((holder) =>
    expandEnd(holder, text)!.instances.map((instance) => ({
      end: instance.InstanceId ?? '?',
      holder,
      instance,
    })),
  );
}

/**
 * Every question of one declared path that belongs to this snapshot, answered. A scan of several snapshots
 * asks each question once: a question belongs to the snapshot that holds its `from` end (an instance or
 * interface), else its `to` end, else to the first snapshot given, which also reports a selector that
 * matches nothing anywhere. Selectors expand in every snapshot of the index's world, so a path may start in
 * one account or region and end in another.
 */
export function checkDeclaredPath(
  index: SnapshotIndex,
  path: DeclaredPath,
  networks: readonly OnPremisesNetwork[],
): DeclaredCheck[] {
  const world = worldOf(index);
  const fromEnds = endsOf(world, path.from);
  const toEnds = endsOf(world, path.to);
  if (fromEnds.length === 0 || toEnds.length === 0) {
    if (index !== world.home) return [];
    const which = fromEnds.length === 0 ? `from "${path.from}"` : `to "${path.to}"`;
    const where = world.indexes.length === 1 ? 'the snapshot' : `the ${world.indexes.length} snapshots`;
    return [{ path, from: path.from, to: path.to, problem: `${which} matches no instance of ${where}` }];
  }
  const checks: DeclaredCheck[] = [];
  for (const from of fromEnds) {
    for (const to of toEnds) {
      const owner = from.holder ?? to.holder ?? world.home;
      if (owner !== index) continue;
      // The result is about an instance of its own snapshot, so its ARN names the right account and region.
      const instance = from.instance ?? (to.holder === owner ? to.instance : undefined);
      const check: DeclaredCheck = { path, from: from.end, to: to.end, ...(instance ? { instance } : {}) };
      try {
        checks.push({
          ...check,
          answer: answerPath(
            world,
            {
              source: from.end,
              destination: to.end,
              protocol: path.protocol,
              port: path.port,
              ...(path.ipVersion ? { ipVersion: path.ipVersion } : {}),
            },
            networks,
          ),
        });
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        checks.push({ ...check, problem: err.message });
      }
    }
  }
  return checks;
}
