import { simulatePublishing } from '../../bench/publish-simulation';

// The bench runs this at L (bench/publish-simulation.ts, figures in docs/publishing.md); the suite runs the
// same simulation on the generator's S region, and checks the laws the L figures rest on.
describe('publishing simulation (bench generator, fake clock, documented rate limits)', () => {
  it('gets every failure in on the first run at the import rate, and a steady run costs one call', async () => {
    const s = await simulatePublishing('S');
    const batches = Math.ceil(s.failures / 100);

    expect(s.failures).toBeGreaterThan(100);
    // First run: one read-back page, then one import per 100 failures, 100 ms each (the 10/s rate).
    expect(s.first).toMatchObject({
      getFindings: 1,
      batchImportFindings: batches,
      imported: s.failures,
      throttled: 0,
    });
    expect(s.first.simulatedSeconds).toBeLessThanOrEqual(0.1 * (batches + 1) + 0.05);
    // Steady state: one GetFindings whatever the size, no import; the per-finding design needed a page per 100.
    expect(s.steady).toMatchObject({ getFindings: 1, batchImportFindings: 0, imported: 0, throttled: 0 });
    expect(s.before.steady.calls).toBe(batches);
    expect(s.before.first.calls).toBe(1 + Math.ceil(s.failures / 20) + batches);
  });
});
