import type { Severity } from '../engine/severity';

/** `FindingsCritical`...: the open failures of a severity, as the handler emits and the dashboard reads. */
export function findingsMetricName(severity: Severity): string {
  return `Findings${severity.charAt(0)}${severity.slice(1).toLowerCase()}`;
}
