import { publishToSecurityHub } from '../../lambda/publish/security-hub';
import { aReport, aResult, manyFailures } from './fixtures';
import { PublishRunner } from './publish-runner';

const HOUR = 60 * 60 * 1000;
const T0 = Date.parse('2026-11-28T00:00:00Z');
const at = (hours: number) => new Date(T0 + hours * HOUR);
const observed = (hours: number) => at(hours).toISOString();

describe('publishing with a state kept between runs', () => {
  it('a run with nothing changed makes one GetFindings call and imports nothing', async () => {
    const runner = new PublishRunner();
    const report = aReport(manyFailures(250), { collectedAt: observed(0) });
    const first = await runner.run(report, at(0.1));

    const second = await runner.run({ ...report, collectedAt: observed(1) }, at(1.1));

    expect(first).toMatchObject({ imported: 250, sync: 'reconciled' });
    expect(second).toMatchObject({ imported: 0, unchanged: 250, sync: 'incremental' });
    expect(second?.calls).toMatchObject({ getFindings: 1, batchImportFindings: 0 });
  });

  it('never overwrites a finding with data older than Security Hub holds (an old snapshot published late)', async () => {
    const runner = new PublishRunner();
    await runner.run(aReport([aResult({ status: 'PASSED' })], { collectedAt: observed(5) }), at(5.1));
    await runner.run(aReport([aResult()], { collectedAt: observed(5) }), at(5.2));
    const fixed = aReport([aResult({ status: 'PASSED' })], { collectedAt: observed(6) });
    await runner.run(fixed, at(6.1));

    const old = await runner.run(aReport([aResult()], { collectedAt: observed(4) }), at(7));

    expect(old).toMatchObject({ imported: 0, archived: 0, stale: 1 });
    expect(old?.newOrReopened).toEqual([]);
    expect(runner.hub.store.get(aResult().findingId)).toMatchObject({
      RecordState: 'ARCHIVED',
      LastObservedAt: observed(6),
    });
  });

  it.each([
    ['disabled in the configuration', ['SG.2'], 'rule SG.2 is disabled in the configuration'],
    ['no longer in the catalogue', [], "rule SG.2 is no longer in NetAudit's rule catalogue"],
  ])('archives the findings of a rule %s, saying so', async (_case, disabledRules, reason) => {
    const runner = new PublishRunner();
    const sg2 = aResult({ ruleId: 'SG.2', resourceId: 'sg-9' });
    await runner.run(aReport([aResult(), sg2], { collectedAt: observed(0) }), at(0.1));

    const next = await runner.run(
      aReport([aResult()], { collectedAt: observed(1), ruleIds: ['SG.1'] }),
      at(1.1),
      {
        disabledRules,
      },
    );

    expect(next).toMatchObject({ archived: 1, unchanged: 1 });
    expect(runner.hub.store.get(sg2.findingId)).toMatchObject({
      RecordState: 'ARCHIVED',
      Compliance: { Status: 'PASSED' },
      ProductFields: expect.objectContaining({ 'netaudit/ArchivedBecause': reason }) as unknown,
    });
  });

  it('finishes a run killed mid-publish: same CreatedAt, one alert', async () => {
    const runner = new PublishRunner();
    const report = aReport(manyFailures(300), { collectedAt: observed(0) });
    let imports = 0;
    runner.hub.fault = (op) => (op === 'import' && ++imports === 2 ? 'kill' : undefined);

    expect(await runner.run(report, at(0.1), { checkpointEvery: 100 })).toBeUndefined();
    runner.hub.fault = undefined;
    const landed = runner.hub.store.size;
    const next = await runner.run({ ...report, collectedAt: observed(1) }, at(1.1));

    expect(landed).toBe(100);
    expect(runner.hub.store.size).toBe(300);
    expect([...runner.hub.store.values()].every((f) => f.CreatedAt === observed(0))).toBe(true);
    expect(next?.newOrReopened).toHaveLength(300);
    expect([...runner.alerts.values()].every((n) => n === 1)).toBe(true);
  });

  it('stops before its deadline, saves, and the next run sends the rest', async () => {
    const runner = new PublishRunner();
    const report = aReport(manyFailures(300), { collectedAt: observed(0) });

    // Each fake call takes 100 ms: the read-back and one import fit before the 60 s margin, no more.
    const cut = await runner.run(report, at(0.1), { checkpointEvery: 100, budgetMs: 60_000 + 150 });
    const next = await runner.run({ ...report, collectedAt: observed(1) }, at(1.1));

    expect(cut).toMatchObject({
      imported: 100,
      deferred: 200,
      stoppedBecause: expect.stringMatching(/time limit/),
    });
    expect(cut?.newOrReopened).toHaveLength(100);
    expect(next).toMatchObject({ imported: 200, deferred: 0 });
    expect(next?.newOrReopened).toHaveLength(200);
    expect(runner.hub.store.size).toBe(300);
  });

  it('stops without alerting when another run saved the state first', async () => {
    const runner = new PublishRunner();
    await runner.run(aReport([aResult()], { collectedAt: observed(0) }), at(0.1));
    const loaded = await runner.store.load();
    // Another run writes the state between this run's read and its first save.
    const load = runner.store.load.bind(runner.store);
    runner.store.load = async () => {
      const read = await load();
      await runner.store.save(loaded!.value as never, loaded!.etag);
      return read;
    };

    const summary = await runner.run(
      aReport([aResult(), aResult({ resourceId: 'sg-2' })], { collectedAt: observed(1) }),
      at(1.1),
    );

    expect(summary).toMatchObject({
      imported: 0,
      deferred: 1,
      stoppedBecause: expect.stringMatching(/another run/),
    });
    expect(summary?.newOrReopened).toEqual([]);
  });

  it('notices a finding another writer (the CLI) created, instead of creating it again', async () => {
    const runner = new PublishRunner();
    await runner.run(aReport([aResult()], { collectedAt: observed(0) }), at(0.1));
    // The CLI, without the state, publishes a new failure half an hour later.
    const cli = aReport([aResult(), aResult({ resourceId: 'sg-2' })], { collectedAt: observed(0.5) });
    await publishToSecurityHub(runner.hub.client, cli, {
      now: at(0.6),
      refreshAgeDays: 7,
      sleep: runner.time.sleep,
      clock: runner.time.clock,
    });

    const next = await runner.run({ ...cli, collectedAt: observed(1) }, at(1.1));

    expect(next?.newOrReopened).toEqual([]);
    expect(runner.hub.store.get(aResult({ resourceId: 'sg-2' }).findingId)?.CreatedAt).toBe(observed(0.5));
  });
});
