import fc from 'fast-check';
import { summarize } from '../../lambda/engine/evaluate';
import type { Result, ResultStatus } from '../../lambda/engine/result';
import { SEVERITIES } from '../../lambda/engine/severity';
import { joinReports } from '../../lambda/cli/snapshots';
import { aReport, aResult } from '../publish/fixtures';

const REGIONS = ['eu-west-1', 'us-east-1', 'ap-south-1'];
const STATUSES: ResultStatus[] = ['FAILED', 'PASSED', 'NOT_EVALUATED', 'SUPPRESSED'];

/** Up to three regions, each with a few results of any status and severity. */
const regionsOfResults = fc
  .array(
    fc.array(fc.record({ status: fc.constantFrom(...STATUSES), severity: fc.constantFrom(...SEVERITIES) }), {
      maxLength: 6,
    }),
    { minLength: 1, maxLength: 3 },
  )
  .map((regions) =>
    regions.map((results, r) =>
      results.map((x, i) => aResult({ ...x, region: REGIONS[r]!, resourceId: `sg-${i}` })),
    ),
  );

describe('joinReports', () => {
  it('returns the report of one snapshot as it is, so one file prints as before', () => {
    const report = aReport([aResult()]);

    expect(joinReports([{ report, source: 'a.json' }])).toBe(report);
  });

  it('keeps every result, adds up the summaries and names each part and error with its place', () => {
    fc.assert(
      fc.property(regionsOfResults, (regions) => {
        const reports = regions.map((results, r) =>
          aReport(results, {
            region: REGIONS[r]!,
            collectedAt: `2026-11-28T0${r}:00:00Z`,
            errors: [{ api: 'DescribeFlowLogs', code: 'AccessDenied', message: 'denied' }],
          }),
        );

        const joined = joinReports(reports.map((report, r) => ({ report, source: `${r}.json` })));

        const all: Result[] = regions.flat();
        expect(joined.results).toEqual(all);
        if (reports.length === 1) return;
        expect(joined.summary).toEqual(summarize(all));
        expect(joined.parts!.map((p) => [p.region, p.collectedAt, p.source])).toEqual(
          reports.map((r, i) => [r.region, r.collectedAt, `${i}.json`]),
        );
        expect(joined.errors.map((e) => e.region)).toEqual(reports.map((r) => r.region));
      }),
    );
  });

  it('counts the passes each report left out of its results', () => {
    const left = aReport([aResult()], { summary: { ...summarize([aResult()]), passed: 7 } });
    const right = aReport([aResult({ region: 'eu-west-1' })], { region: 'eu-west-1' });

    const joined = joinReports([
      { report: left, source: 'l' },
      { report: right, source: 'r' },
    ]);

    expect(joined.summary).toMatchObject({ failed: 2, passed: 7 });
  });
});
