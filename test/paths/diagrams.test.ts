import { defaultConfig } from '../../lambda/config/config';
import { evaluate } from '../../lambda/engine/evaluate';
import { SnapshotIndex } from '../../lambda/engine/snapshot-index';
import { pathDiagrams } from '../../lambda/paths/diagrams';
import { RULES } from '../../lambda/rules/registry';
import { buildDemo } from '../support/scenarios';

describe('path diagrams for the HTML report', () => {
  it('draws every failed NET finding of the demo with the hop where it breaks', () => {
    const snapshot = buildDemo().snapshot();
    const report = evaluate(snapshot, defaultConfig(), RULES);
    const diagrams = pathDiagrams(report, new SnapshotIndex(snapshot), defaultConfig());
    const net = report.results.filter((r) => r.ruleId.startsWith('NET.') && r.status === 'FAILED');
    expect(net.length).toBeGreaterThan(3);
    expect([...diagrams.keys()].sort()).toEqual(net.map((r) => r.findingId).sort());
    const noroute = diagrams.get(net.find((r) => r.resourceId === 'i-newapp-noroute')!.findingId)!;
    expect(noroute.question).toBe('i-newapp-noroute → internet tcp/443');
    expect(noroute.verdict).toBe('broken');
    expect(noroute.hops.find((h) => h.status === 'FAIL')).toMatchObject({
      kind: 'route-table',
      direction: 'forward',
    });
  });
});
