/**
 * The path engine's figures on a generated snapshot (`tsx bench/paths.ts SNAPSHOT.json [OUT.json]`, run by
 * `npm run bench` on its largest size): one `explain` after the snapshot is loaded, and the time 1,000
 * declared paths add to an audit (NET.4 and NET.5 over them). Prints a JSON summary.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { defaultConfig, type AuditConfig } from '../lambda/config/config';
import type { DeclaredPath } from '../lambda/config/paths-config';
import { evaluate } from '../lambda/engine/evaluate';
import { SnapshotIndex } from '../lambda/engine/snapshot-index';
import { answerPath } from '../lambda/paths/explain';
import { forbiddenPathWorks } from '../lambda/rules/net/net-5-forbidden-paths';
import { requiredPathBroken } from '../lambda/rules/net/net-4-required-paths';
import { validateSnapshot } from '../lambda/snapshot/validate';

export interface PathsBench {
  instances: number;
  explainMedianMs: number;
  explainP95Ms: number;
  declaredPaths: number;
  declaredMs: number;
  verdicts: Record<string, number>;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/** 1,000 questions of the three kinds people declare: to the internet, between instances, from the internet. */
export function declaredPaths(instanceIds: readonly string[], count = 1000): DeclaredPath[] {
  const paths: DeclaredPath[] = [];
  const step = Math.max(1, Math.floor(instanceIds.length / count));
  for (let i = 0; paths.length < count && i < instanceIds.length; i += step) {
    const id = instanceIds[i]!;
    const other = instanceIds[(i + 7) % instanceIds.length]!;
    const kind = paths.length % 3;
    paths.push(
      kind === 0
        ? { name: `p${paths.length}`, from: id, to: 'internet', protocol: 'tcp', port: 443 }
        : kind === 1
          ? { name: `p${paths.length}`, from: id, to: other, protocol: 'tcp', port: 5432 }
          : { name: `p${paths.length}`, from: 'internet', to: id, protocol: 'tcp', port: 22 },
    );
  }
  return paths;
}

export function benchPaths(file: string): PathsBench {
  const snapshot = validateSnapshot(JSON.parse(readFileSync(file, 'utf8')), file);
  const index = new SnapshotIndex(snapshot);
  const ids = snapshot.instances.filter((i) => i.State?.Name === 'running').map((i) => i.InstanceId!);
  const paths = declaredPaths(ids);
  const verdicts: Record<string, number> = {};
  const times: number[] = [];
  for (const path of paths.slice(0, 200)) {
    const started = performance.now();
    const answer = answerPath(index, {
      source: path.from,
      destination: path.to,
      protocol: path.protocol,
      port: path.port,
    });
    times.push(performance.now() - started);
    verdicts[answer.verdict] = (verdicts[answer.verdict] ?? 0) + 1;
  }
  const sorted = [...times].sort((a, b) => a - b);
  const config: AuditConfig = {
    ...defaultConfig(),
    requiredPaths: paths.filter((_, i) => i % 2 === 0),
    forbiddenPaths: paths.filter((_, i) => i % 2 === 1),
  };
  const started = performance.now();
  evaluate(snapshot, config, [requiredPathBroken, forbiddenPathWorks], index, { keepPassed: false });
  const declaredMs = performance.now() - started;
  return {
    instances: ids.length,
    explainMedianMs: Math.round(median(times) * 100) / 100,
    explainP95Ms: Math.round((sorted[Math.floor(sorted.length * 0.95)] ?? 0) * 100) / 100,
    declaredPaths: paths.length,
    declaredMs: Math.round(declaredMs),
    verdicts,
  };
}

if (require.main === module) {
  const [file, out] = process.argv.slice(2);
  if (!file) throw new Error('usage: tsx bench/paths.ts SNAPSHOT.json [OUT.json]');
  const result = benchPaths(file);
  const text = JSON.stringify(result, null, 2);
  if (out) writeFileSync(out, text);
  else process.stdout.write(`${text}\n`);
}
