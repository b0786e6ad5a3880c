import { partOf, type AuditReport, type Result, type ResultStatus } from '../engine/result';
import type { Severity } from '../engine/severity';
import { NETAUDIT_NAME, NETAUDIT_VERSION } from '../version';

/** The OCSF schema version the findings follow: 1.1.0 introduced Detection Finding, and Prowler emits it. */
export const OCSF_VERSION = '1.1.0';

const DETECTION_FINDING = 2004;
const FINDINGS_CATEGORY = 2;
const CREATE = 1;
/** OCSF Account type_id 10: "AWS Account". */
const AWS_ACCOUNT = 10;

const SEVERITY_ID: Record<Severity, [number, string]> = {
  INFORMATIONAL: [1, 'Informational'],
  LOW: [2, 'Low'],
  MEDIUM: [3, 'Medium'],
  HIGH: [4, 'High'],
  CRITICAL: [5, 'Critical'],
};

/**
 * The finding's lifecycle status: a failure is New, a suppressed one Suppressed, a pass Resolved; a result
 * that could not be evaluated is Other (99) with its own label, never counted as resolved.
 */
const STATUS_ID: Record<ResultStatus, [number, string]> = {
  FAILED: [1, 'New'],
  SUPPRESSED: [3, 'Suppressed'],
  PASSED: [4, 'Resolved'],
  NOT_EVALUATED: [99, 'Not evaluated'],
};

/** The check's own outcome, as Prowler reports it in status_code. */
const STATUS_CODE: Record<ResultStatus, string> = {
  FAILED: 'FAIL',
  SUPPRESSED: 'FAIL',
  PASSED: 'PASS',
  NOT_EVALUATED: 'NOT_EVALUATED',
};

export type OcsfDetectionFinding = ReturnType<typeof toOcsf>;

/** One result as an OCSF Detection Finding (class 2004) with the cloud and datetime profiles. */
export function toOcsf(result: Result, collectedAt: string) {
  const [severityId, severity] = SEVERITY_ID[result.severity];
  const [statusId, status] = STATUS_ID[result.status];
  const s = result.suppression;
  return {
    activity_id: CREATE,
    activity_name: 'Create',
    category_uid: FINDINGS_CATEGORY,
    category_name: 'Findings',
    class_uid: DETECTION_FINDING,
    class_name: 'Detection Finding',
    type_uid: DETECTION_FINDING * 100 + CREATE,
    type_name: 'Detection Finding: Create',
    // The snapshot's time, not the clock's: the same audit gives the same bytes.
    time: Date.parse(collectedAt),
    time_dt: collectedAt,
    severity_id: severityId,
    severity,
    status_id: statusId,
    status,
    status_code: STATUS_CODE[result.status],
    ...(s ? { status_detail: `${s.reason} (${s.owner}, until ${s.expires})` } : {}),
    message: result.message,
    finding_info: {
      uid: result.findingId,
      title: result.title,
      ...(result.description ? { desc: result.description } : {}),
      types: [result.category],
      analytic: { uid: result.ruleId, name: result.title, type_id: 1, type: 'Rule' },
    },
    remediation: { desc: result.remediation.text, references: [result.remediation.url] },
    resources: [
      {
        uid: result.resourceArn,
        name: result.resourceId,
        type: result.resourceType,
        region: result.region,
        cloud_partition: result.partition,
        ...(result.vpcId || result.evidence
          ? {
              data: {
                ...(result.vpcId ? { vpcId: result.vpcId } : {}),
                ...(result.evidence ? { evidence: result.evidence } : {}),
              },
            }
          : {}),
      },
    ],
    cloud: {
      provider: 'AWS',
      region: result.region,
      account: { uid: result.accountId, type_id: AWS_ACCOUNT, type: 'AWS Account' },
    },
    metadata: {
      version: OCSF_VERSION,
      product: {
        name: NETAUDIT_NAME,
        vendor_name: NETAUDIT_NAME,
        uid: 'netaudit',
        version: NETAUDIT_VERSION,
      },
      profiles: ['cloud', 'datetime'],
      event_code: result.ruleId,
    },
    ...(result.references.length > 0 ? { unmapped: { references: result.references } } : {}),
  };
}

const FINDINGS_PER_PIECE = 500;

/**
 * The results as a JSON array of OCSF Detection Findings, one per line, in report order (passes only
 * with `includePassed`). Yields pieces so a region-sized report is written as it is produced.
 */
export function* formatOcsf(
  report: AuditReport,
  options: { includePassed?: boolean } = {},
): Iterable<string> {
  let piece = '[';
  let count = 0;
  for (const result of report.results) {
    if (result.status === 'PASSED' && !options.includePassed) continue;
    piece += `${count === 0 ? '\n' : ',\n'}${JSON.stringify(toOcsf(result, partOf(report, result)?.collectedAt ?? report.collectedAt))}`;
    if (++count % FINDINGS_PER_PIECE === 0) {
      yield piece;
      piece = '';
    }
  }
  yield `${piece}${count === 0 ? ']' : '\n]'}\n`;
}
