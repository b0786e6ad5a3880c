import fc from 'fast-check';
import { mulberry32 } from '../../bench/generate';
import type { AuditReport, Result } from '../../lambda/engine/result';
import { aReport, aResult } from './fixtures';
import type { Fault } from './fake-security-hub';
import { PublishRunner, visibleState } from './publish-runner';

const HOUR = 60 * 60 * 1000;
const T0 = Date.parse('2026-11-28T00:00:00Z');
const RULES = ['SG.1', 'SG.2', 'RT.8'];

interface Step {
  report: AuditReport;
  now: Date;
  disabledRules: string[];
}

/**
 * A seeded history of one account: resources start and stop failing, change, disappear and appear; RT.8
 * is disabled half way; one step publishes an older snapshot again (`scan --snapshot old.json --publish`).
 */
function history(seed: number, steps: number, resources: number): Step[] {
  const rand = mulberry32(seed);
  const world = new Map<string, { ruleId: string; resourceId: string; failing: boolean; variant: number }>();
  let next = 0;
  const add = () => {
    const resourceId = `sg-${String(next++).padStart(4, '0')}`;
    const ruleId = RULES[Math.floor(rand() * RULES.length)]!;
    world.set(`${ruleId}/${resourceId}`, { ruleId, resourceId, failing: rand() < 0.6, variant: 0 });
  };
  for (let i = 0; i < resources; i++) add();
  const disableAt = Math.floor(steps / 2);
  const out: Step[] = [];
  for (let k = 0; k < steps; k++) {
    if (k > 0) {
      for (const [key, item] of world) {
        const r = rand();
        if (r < 0.08) item.failing = !item.failing;
        else if (r < 0.12) item.variant++;
        else if (r < 0.14) world.delete(key);
      }
      for (let i = 0; i < resources * 0.03; i++) add();
    }
    const disabledRules = k >= disableAt ? ['RT.8'] : [];
    const results: Result[] = [...world.values()]
      .filter((item) => !disabledRules.includes(item.ruleId))
      .map((item) =>
        aResult({
          ruleId: item.ruleId,
          resourceId: item.resourceId,
          status: item.failing ? 'FAILED' : 'PASSED',
          message: `${item.resourceId} allows TCP 22 from 0.0.0.0/0 (variant ${item.variant})`,
        }),
      );
    const ruleIds = RULES.filter((r) => !disabledRules.includes(r));
    out.push({
      report: aReport(results, { collectedAt: new Date(T0 + k * HOUR).toISOString(), ruleIds }),
      now: new Date(T0 + k * HOUR + 5 * 60 * 1000),
      disabledRules,
    });
  }
  // An older snapshot published again after a newer one: it must not overwrite anything.
  const replayAt = steps - 2;
  out.splice(replayAt, 0, { ...out[replayAt - 2]!, now: new Date(T0 + (replayAt - 0.5) * HOUR) });
  return out;
}

/** Publishes the history, then the last report again until everything is settled. */
async function publishHistory(runner: PublishRunner, steps: Step[], chaos?: () => number) {
  for (const step of steps) {
    const budget = chaos && chaos() < 0.2 ? { budgetMs: 60_700 } : {};
    if (chaos) {
      // Security Hub refuses one finding in every round of this run (FailedFindings): the run reports it.
      const victim = step.report.results[Math.floor(chaos() * step.report.results.length)];
      if (victim) runner.hub.refuse.set(victim.findingId, 3);
    }
    await runner.run(step.report, step.now, {
      disabledRules: step.disabledRules,
      checkpointEvery: 10,
      ...budget,
    });
  }
  runner.hub.fault = undefined;
  runner.hub.refuse.clear();
  const last = steps.at(-1)!;
  for (let i = 1; i <= 5; i++) {
    const summary = await runner.run(last.report, new Date(last.now.getTime() + i * HOUR), {
      disabledRules: last.disabledRules,
    });
    const pending = Object.values((await runner.state())?.findings ?? {}).filter((m) => m.p);
    if (process.env.DEBUG_SIM)
      console.log(
        i,
        summary && {
          ...summary,
          newOrReopened: summary.newOrReopened.length,
          failures: summary.failures.slice(0, 3),
        },
        pending.slice(0, 3),
      );
    if (summary && summary.failed === 0 && summary.deferred === 0 && pending.length === 0) return;
  }
  throw new Error('the history did not settle in five clean runs');
}

function faults(rand: () => number): (op: 'get' | 'import') => Fault | undefined {
  return (op) => {
    const r = rand();
    if (r < 0.04) return 'throttle';
    if (r < 0.08) return '5xx';
    if (r < 0.1) return 'timeout';
    if (op === 'get') return undefined;
    if (r < 0.13) return 'timeout-after';
    if (r < 0.18) return 'partial';
    if (r < 0.24) return 'kill';
    return undefined;
  };
}

describe('publishing under faults (seeded, many consecutive runs with changes between them)', () => {
  it('ends with what a clean history gives, and never alerts twice for one change', async () => {
    const stats = {
      killed: 0,
      failedRuns: 0,
      deferredRuns: 0,
      stale: 0,
      archivedDisabled: 0,
      archivedMissing: 0,
    };
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 2 ** 31 - 1 }), async (seed) => {
        const steps = history(seed, 10, 120);
        const clean = new PublishRunner();
        await publishHistory(clean, steps);
        const faulty = new PublishRunner();
        const rand = mulberry32(seed ^ 0x5eed);
        faulty.hub.fault = faults(rand);
        await publishHistory(faulty, steps, rand);

        // The faults did happen: runs killed mid-publish, findings refused or unanswered.
        expect(
          faulty.killed + faulty.summaries.filter((s) => s.failed > 0 || s.deferred > 0).length,
        ).toBeGreaterThan(0);
        stats.killed += faulty.killed;
        stats.failedRuns += faulty.summaries.filter((s) => s.failed > 0).length;
        stats.deferredRuns += faulty.summaries.filter((s) => s.deferred > 0).length;
        stats.stale += faulty.summaries.reduce((n, s) => n + s.stale, 0);
        stats.archivedDisabled += [...clean.hub.store.values()].filter((f) =>
          f.ProductFields?.['netaudit/ArchivedBecause']?.includes('disabled'),
        ).length;

        // Every active finding is exactly as in the clean history. A finding that never reached Security
        // Hub while it failed is not created only to be archived: archived ones may be missing, never extra.
        const seen = visibleState(faulty.hub.store.values());
        const expected = visibleState(clean.hub.store.values());
        const archived = (state: Record<string, { state: string }>) =>
          Object.keys(state).filter((id) => state[id]!.state === 'ARCHIVED');
        const active = (state: Record<string, { state: string }>) =>
          Object.fromEntries(Object.entries(state).filter(([, f]) => f.state === 'ACTIVE'));
        expect(active(seen)).toEqual(active(expected));
        for (const id of archived(seen)) expect([id, seen[id]]).toEqual([id, expected[id]]);
        stats.archivedMissing += archived(expected).filter((id) => !seen[id]).length;
        // The clean history stays within Security Hub's documented rates: it is never throttled.
        expect(clean.hub.calls.throttled).toBe(0);
        // A change alerts at most as often as in the clean history, and a finding still failing at the end
        // was alerted in both.
        const stillFailing = new Set(
          [...clean.hub.store.values()].filter((f) => f.RecordState === 'ACTIVE').map((f) => f.Id!),
        );
        for (const [id, count] of faulty.alerts) expect(count).toBeLessThanOrEqual(clean.alerts.get(id) ?? 0);
        for (const id of stillFailing) {
          expect([id, (faulty.alerts.get(id) ?? 0) > 0]).toEqual([id, (clean.alerts.get(id) ?? 0) > 0]);
        }
      }),
      { numRuns: 6, seed: 20261203 },
    );
    // Over the six histories: every kind of fault met, and the freshness and disabled-rule paths taken.
    expect(stats.killed).toBeGreaterThan(0);
    expect(stats.failedRuns).toBeGreaterThan(0);
    expect(stats.deferredRuns).toBeGreaterThan(0);
    expect(stats.stale).toBeGreaterThan(0);
    expect(stats.archivedDisabled).toBeGreaterThan(0);
    // Every call goes through the SDK client's own middleware (serialization, retries): seconds of CPU.
  }, 60_000);
});
