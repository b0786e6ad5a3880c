/** Severity labels as ASFF spells them, most severe first. */
export const SEVERITIES = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** 0 for CRITICAL ... 4 for INFORMATIONAL: sort ascending for "most severe first". */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export function atLeast(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) <= severityRank(threshold);
}

/** ASFF Severity.Normalized for each label (the documented mapping). */
export const NORMALIZED_SEVERITY: Record<Severity, number> = {
  CRITICAL: 90,
  HIGH: 70,
  MEDIUM: 40,
  LOW: 1,
  INFORMATIONAL: 0,
};
