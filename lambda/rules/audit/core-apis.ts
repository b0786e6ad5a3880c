import type { AuditReport } from '../../engine/result';
import type { CollectionError } from '../../snapshot/types';

/**
 * The collection calls whose parts most rules read: losing one of them blinds most of the audit, so
 * AUDIT.1 reports it as HIGH, the handler counts it in a metric the stack alarms on, and losing all of
 * them fails the run.
 */
export const CORE_APIS: readonly string[] = [
  'DescribeVpcs',
  'DescribeSubnets',
  'DescribeRouteTables',
  'DescribeSecurityGroups',
  'DescribeNetworkAcls',
  'DescribeNetworkInterfaces',
  'DescribeInstances',
];

export function isCoreApi(api: string): boolean {
  return CORE_APIS.includes(api);
}

/** The core APIs that failed (for the region or for any VPC of it), in CORE_APIS order. */
export function lostCoreApis(errors: readonly CollectionError[]): string[] {
  const failed = new Set(errors.map((e) => e.api));
  return CORE_APIS.filter((api) => failed.has(api));
}

/**
 * Why the run evaluated nothing, or undefined when it evaluated something. Nothing is evaluated when
 * every core API failed, or when every result other than AUDIT.1's own is NOT_EVALUATED: such a run
 * says nothing about the network, so it must not look like a successful one.
 */
export function nothingEvaluated(report: Pick<AuditReport, 'errors' | 'results'>): string | undefined {
  const lost = lostCoreApis(report.errors);
  if (lost.length === CORE_APIS.length) {
    const codes = [...new Set(report.errors.filter((e) => isCoreApi(e.api)).map((e) => e.code))];
    return `every core EC2 API failed (${codes.join(', ')}): ${lost.join(', ')}`;
  }
  const results = report.results.filter((r) => r.ruleId !== 'AUDIT.1');
  if (results.length > 0 && results.every((r) => r.status === 'NOT_EVALUATED')) {
    return `every one of ${results.length} results is NOT_EVALUATED (${report.errors.length} API call(s) failed)`;
  }
  return undefined;
}
