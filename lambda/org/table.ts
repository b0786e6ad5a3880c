import { SEVERITIES } from '../engine/severity';
import { tableLines } from '../findings/text-table';
import type { TargetResult } from './types';

const SHORT = { CRITICAL: 'CRIT', HIGH: 'HIGH', MEDIUM: 'MED', LOW: 'LOW', INFORMATIONAL: 'INFO' } as const;

function notes(r: TargetResult): string {
  if (r.status === 'FAILED') return r.error ? `${r.error.name}: ${r.error.message}` : 'failed';
  const parts = [
    ...(r.collectionErrors ? [`${r.collectionErrors} API error(s): some rules not evaluated`] : []),
    ...(r.publishFailed ? [`${r.publishFailed} finding(s) not imported`] : []),
    ...(r.crossed?.length ? [`alert: ${r.crossed.join(', ')}`] : []),
  ];
  return parts.join('; ');
}

/**
 * The per-account × region summary of `netaudit scan --org`: open failures by severity, new findings
 * when published, and why a target failed. Plain text, aligned, sorted by account then region.
 */
export function formatOrgTable(results: readonly TargetResult[], published: boolean): string {
  const sorted = [...results].sort(
    (a, b) => a.accountId.localeCompare(b.accountId) || a.region.localeCompare(b.region),
  );
  const header = [
    'ACCOUNT',
    'NAME',
    'REGION',
    'STATUS',
    ...SEVERITIES.map((s) => SHORT[s]),
    ...(published ? ['NEW'] : []),
    'NOTES',
  ];
  const rows = sorted.map((r) => {
    const audited = r.status === 'AUDITED';
    const count = (n: number | undefined) => (audited ? String(n ?? 0) : '-');
    const fresh = SEVERITIES.reduce((n, s) => n + (r.newBySeverity?.[s] ?? 0), 0);
    return [
      r.accountId,
      r.accountName ?? '',
      r.region,
      r.status,
      ...SEVERITIES.map((s) => count(r.bySeverity?.[s])),
      ...(published ? [audited && r.newBySeverity ? String(fresh) : '-'] : []),
      notes(r),
    ];
  });
  const failed = sorted.filter((r) => r.status === 'FAILED').length;
  const accounts = new Set(sorted.map((r) => r.accountId)).size;
  return [
    ...tableLines([header, ...rows]),
    '',
    `${sorted.length} target(s) in ${accounts} account(s): ${sorted.length - failed} audited, ${failed} failed.`,
    '',
  ].join('\n');
}
