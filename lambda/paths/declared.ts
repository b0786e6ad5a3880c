import type { Instance } from '@aws-sdk/client-ec2';
import type { DeclaredPath } from '../config/paths-config';
import type { SnapshotIndex } from '../engine/snapshot-index';
import { InputError } from '../errors';
import type { OnPremisesNetwork } from './endpoints';
import { answerPath } from './explain';
import type { PathAnswer } from './types';

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

/** Every question of one declared path, answered (instances that are not running are left unasked). */
export function checkDeclaredPath(
  index: SnapshotIndex,
  path: DeclaredPath,
  networks: readonly OnPremisesNetwork[],
): DeclaredCheck[] {
  const from = expandEnd(index, path.from);
  const to = expandEnd(index, path.to);
  const fromEnds = from?.ends ?? [path.from];
  const toEnds = to?.ends ?? [path.to];
  if (fromEnds.length === 0 || toEnds.length === 0) {
    const which = fromEnds.length === 0 ? `from "${path.from}"` : `to "${path.to}"`;
    return [{ path, from: path.from, to: path.to, problem: `${which} matches no instance of the snapshot` }];
  }
  const checks: DeclaredCheck[] = [];
  for (const fromEnd of fromEnds) {
    for (const toEnd of toEnds) {
      const instance =
        (from ? index.instances.get(fromEnd) : undefined) ??
        (fromEnd.startsWith('i-') ? index.instances.get(fromEnd) : undefined) ??
        (to || toEnd.startsWith('i-') ? index.instances.get(toEnd) : undefined);
      const check: DeclaredCheck = { path, from: fromEnd, to: toEnd, ...(instance ? { instance } : {}) };
      try {
        checks.push({
          ...check,
          answer: answerPath(
            index,
            {
              source: fromEnd,
              destination: toEnd,
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
