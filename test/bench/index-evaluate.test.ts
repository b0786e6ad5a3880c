import { join, resolve } from 'node:path';
import { indexEvaluateOnce } from '../../bench/index-evaluate';
import { defaultConfig } from '../../lambda/config/config';
import { evaluate } from '../../lambda/engine/evaluate';
import { RULES } from '../../lambda/rules/registry';
import { loadSnapshotFile } from '../../lambda/snapshot/load';

const ROOT = resolve(__dirname, '../..');

describe('indexEvaluateOnce', () => {
  it("measures a checkout's index + evaluate of a snapshot in a child process, every result kept", () => {
    const run = indexEvaluateOnce(ROOT, join(ROOT, 'examples', 'demo.json'));
    expect(run.error).toBeUndefined();
    // Every result kept, as an audit of the demo in this process keeps them.
    const demo = loadSnapshotFile(join(ROOT, 'examples', 'demo.json'));
    expect(run.results).toBe(evaluate(demo, defaultConfig(), RULES).results.length);
    expect(run.indexMs).toBeGreaterThanOrEqual(0);
    expect(run.evaluateMs).toBeGreaterThan(0);
    expect(run.cpuMs).toBeGreaterThan(0);
  }, 30_000);

  it('says what failed when the checkout cannot be loaded', () => {
    const run = indexEvaluateOnce(join(ROOT, 'no-such-checkout'), join(ROOT, 'examples', 'demo.json'));
    expect(run.error).toMatch(/Cannot find module .*no-such-checkout/);
    expect(run.evaluateMs).toBeNaN();
  }, 30_000);
});
