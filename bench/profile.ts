import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The parts of a V8 .cpuprofile this summary reads. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  totalMs: number;
  /** Time V8 reports as "(garbage collector)". */
  gcMs: number;
  /** Functions of the project (lambda/), by inclusive time (their own time and their callees'), largest first. */
  top: { fn: string; file: string; inclusiveMs: number; selfMs: number }[];
}

/**
 * Summarises the main thread's .cpuprofile in a directory (written by `node --cpu-prof`): inclusive and self
 * time per function of lambda/, recursion counted once. Line numbers are left out: under tsx they point
 * into the transpiled code, and a function name with its file is what a reader looks for.
 */
export function summarizeProfile(dir: string, limit = 20): ProfileSummary | undefined {
  // tsx's loader hooks run on their own thread, with a profile of their own: the main thread's is the largest.
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => join(dir, f))
    .sort((a, b) => statSync(b).size - statSync(a).size);
  const main = files[0];
  if (!main) return undefined;
  const profile = JSON.parse(readFileSync(main, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfTime = new Map<number, number>();
  profile.samples.forEach((id, i) =>
    selfTime.set(id, (selfTime.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)),
  );

  const keyOf = (n: CpuProfile['nodes'][number]): string => {
    const file = n.callFrame.url.replace(/^file:\/\//, '').replace(/.*?\/(lambda\/)/, '$1');
    return `${n.callFrame.functionName || '(anonymous)'}\t${file}`;
  };
  const inclusive = new Map<string, number>();
  const own = new Map<string, number>();
  let gc = 0;
  let total = 0;
  const walk = (id: number, onStack: Set<string>): number => {
    const node = byId.get(id)!;
    const key = keyOf(node);
    const self = selfTime.get(id) ?? 0;
    total += self;
    if (node.callFrame.functionName === '(garbage collector)') gc += self;
    own.set(key, (own.get(key) ?? 0) + self);
    const fresh = !onStack.has(key);
    if (fresh) onStack.add(key);
    let sum = self;
    for (const child of node.children ?? []) sum += walk(child, onStack);
    if (fresh) {
      onStack.delete(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + sum);
    }
    return sum;
  };
  walk(profile.nodes[0]!.id, new Set());
  const ms = (us: number): number => Math.round(us / 100) / 10;
  const top = [...inclusive.entries()]
    .filter(([key]) => key.includes('\tlambda/'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([key, us]) => {
      const [fn = '', file = ''] = key.split('\t');
      return { fn, file, inclusiveMs: ms(us), selfMs: ms(own.get(key) ?? 0) };
    });
  return { totalMs: ms(total), gcMs: ms(gc), top };
}
