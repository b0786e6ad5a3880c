import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import type { AuditReport } from '../../lambda/engine/result';
import { PRODUCT_FIELD } from '../../lambda/findings/asff';
import { publishToSecurityHub, type PublishSummary } from '../../lambda/publish/security-hub';
import { MemoryStateStore, type PublishState } from '../../lambda/publish/state';
import { FakeSecurityHub, fakeTime, type FakeTime } from './fake-security-hub';

/**
 * Consecutive publishing runs of one account against a fake Security Hub that enforces the documented
 * rates on a fake clock, with the state kept between runs as the stack's bucket keeps it. A killed run
 * (the hub's `kill` fault) also fails its next state save, as a dead process would.
 */
export class PublishRunner {
  readonly time: FakeTime & { latencyMs: number };
  readonly hub: FakeSecurityHub;
  readonly store = new MemoryStateStore();
  /** Alerts sent, per finding id. */
  readonly alerts = new Map<string, number>();
  readonly summaries: PublishSummary[] = [];
  killed = 0;

  constructor(latencyMs = 100) {
    this.time = { ...fakeTime(), latencyMs };
    this.hub = new FakeSecurityHub(this.time);
    const save = this.store.save.bind(this.store);
    this.store.save = async (state, etag) => {
      if (this.hub.dead) throw Object.assign(new Error('process killed'), { name: 'Killed' });
      return save(state, etag);
    };
  }

  /** One run at `now`; returns undefined when the run was killed. */
  async run(
    report: AuditReport,
    now: Date,
    extra: { disabledRules?: string[]; budgetMs?: number; checkpointEvery?: number } = {},
  ): Promise<PublishSummary | undefined> {
    const started = this.time.clock();
    try {
      const summary = await publishToSecurityHub(this.hub.client, report, {
        now,
        refreshAgeDays: 7,
        sleep: this.time.sleep,
        clock: this.time.clock,
        state: this.store,
        catalogue: report.ruleIds.concat(extra.disabledRules ?? []),
        ...(extra.disabledRules ? { disabledRules: extra.disabledRules } : {}),
        ...(extra.checkpointEvery ? { checkpointEvery: extra.checkpointEvery } : {}),
        ...(extra.budgetMs !== undefined
          ? { remainingMs: () => extra.budgetMs! - (this.time.clock() - started) }
          : {}),
      });
      for (const r of summary.newOrReopened)
        this.alerts.set(r.findingId, (this.alerts.get(r.findingId) ?? 0) + 1);
      this.summaries.push(summary);
      return summary;
    } catch (error) {
      if ((error as Error).name !== 'Killed') throw error;
      this.killed++;
      return undefined;
    } finally {
      this.hub.revive();
    }
  }

  async state(): Promise<PublishState | undefined> {
    return (await this.store.load())?.value as PublishState | undefined;
  }
}

/**
 * What a reader of Security Hub sees of each finding, for comparing two histories: everything but
 * UpdatedAt and LastObservedAt, which say when a finding was last written, not what it says.
 */
export function visibleState(
  findings: Iterable<AwsSecurityFinding>,
): Record<string, { state: string } & Record<string, unknown>> {
  const out: Record<string, { state: string } & Record<string, unknown>> = {};
  for (const f of findings) {
    out[f.Id!] =
      f.RecordState === 'ACTIVE'
        ? {
            state: 'ACTIVE',
            createdAt: f.CreatedAt,
            firstObservedAt: f.FirstObservedAt,
            compliance: f.Compliance?.Status,
            content: f.ProductFields?.[PRODUCT_FIELD.fingerprint],
            title: f.Title,
            description: f.Description,
          }
        : { state: 'ARCHIVED', createdAt: f.CreatedAt, compliance: f.Compliance?.Status };
  }
  return out;
}
