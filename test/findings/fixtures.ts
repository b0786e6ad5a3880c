import { parseConfig } from '../../lambda/config/config';
import { evaluate, summarize } from '../../lambda/engine/evaluate';
import type { AuditReport, Result } from '../../lambda/engine/result';
import { RULE_IDS, RULES } from '../../lambda/rules/registry';
import type { PathDiagram } from '../../lambda/findings/path-diagram';
import { buildDemo } from '../support/scenarios';

/** The demo account (every incident scenario) audited by the whole catalogue: realistic findings. */
export function demoReport(): AuditReport {
  return evaluate(buildDemo().snapshot(), parseConfig({}, RULE_IDS), RULES);
}

/** A plain copy of a result with some fields changed (the engine's results are read-only). */
export function changed(result: Result, changes: Partial<Result>): Result {
  return { ...(JSON.parse(JSON.stringify(result)) as Result), ...changes };
}

/** The report with these results, its summary recounted. */
export function withResults(report: AuditReport, results: Result[]): AuditReport {
  return { ...report, results, summary: summarize(results) };
}

/** Text as it may come from AWS names and tags: markup, quotes, a script end tag, CSV and shell specials. */
export const HOSTILE = `</script><img src=x onerror="alert(1)">, 'quoted' & "=cmd|' /C calc'!A0"\nsecond line`;

/**
 * Diagrams as the path engine will draw them, by hand: the demo's exposed interface (the path works) and
 * a database whose NAT gateway has no Elastic IP (broken at the gateway), keyed by their finding ids.
 */
export function demoPaths(report: AuditReport): Map<string, PathDiagram> {
  const id = (ruleId: string, resourceId: string) =>
    report.results.find((r) => r.ruleId === ruleId && r.resourceId === resourceId)!.findingId;
  return new Map<string, PathDiagram>([
    [
      id('NET.1', 'eni-10'),
      {
        question: 'internet → eni-10 tcp/22',
        verdict: 'works',
        hops: [
          {
            kind: 'internet-gateway',
            resourceId: 'igw-exposed',
            status: 'PASS',
            message: 'attached',
            direction: 'forward',
          },
          {
            kind: 'route-table',
            resourceId: 'rtb-exposed',
            status: 'PASS',
            message: 'local route',
            direction: 'forward',
          },
          {
            kind: 'network-acl',
            resourceId: 'acl-exposed',
            status: 'PASS',
            message: 'rule 100 allows all',
            direction: 'forward',
          },
          {
            kind: 'security-group',
            resourceId: 'sg-exposed',
            status: 'PASS',
            message: 'TCP 22 from 0.0.0.0/0',
            direction: 'forward',
          },
          {
            kind: 'network-interface',
            resourceId: 'eni-10',
            status: 'PASS',
            message: '203.0.113.51',
            direction: 'forward',
          },
          {
            kind: 'network-acl',
            resourceId: 'acl-exposed',
            status: 'PASS',
            message: 'replies allowed',
            direction: 'return',
          },
        ],
      },
    ],
    [
      id('NET.2', 'i-db-a'),
      {
        question: 'i-db-a → internet tcp/443',
        verdict: 'broken',
        hops: [
          {
            kind: 'security-group',
            resourceId: 'sg-db',
            status: 'PASS',
            message: 'all egress',
            direction: 'forward',
          },
          {
            kind: 'network-acl',
            resourceId: 'acl-db',
            status: 'PASS',
            message: 'rule 100 allows all',
            direction: 'forward',
          },
          {
            kind: 'route-table',
            resourceId: 'rtb-9',
            status: 'PASS',
            message: '0.0.0.0/0 → nat-data-noeip',
            direction: 'forward',
          },
          {
            kind: 'nat-gateway',
            resourceId: 'nat-data-noeip',
            status: 'FAIL',
            message: 'has no Elastic IP',
            direction: 'forward',
            fix: 'Recreate nat-data-noeip with an Elastic IP allocation.',
          },
          {
            kind: 'internet-gateway',
            resourceId: 'igw-data',
            status: 'SKIP',
            message: 'not reached',
            direction: 'forward',
          },
        ],
      },
    ],
  ]);
}
