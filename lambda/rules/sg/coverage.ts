import { notEvaluated, type Outcome } from '../../engine/rule';
import type { SnapshotIndex } from '../../engine/snapshot-index';
import type { SnapshotPart } from '../../snapshot/types';

/**
 * Parts a rule reads that are incomplete for one VPC. The engine already turns region-wide collection
 * errors into NOT_EVALUATED; per-VPC errors (APIs the collector calls once per VPC) are the rule's to
 * honour, so that a group is never judged, let alone passed, on half of its data.
 */
export function partsMissingFor(
  index: SnapshotIndex,
  parts: readonly SnapshotPart[],
  vpcId: string | undefined,
): SnapshotPart[] {
  return parts.filter((part) => !index.hasPartFor(part, vpcId));
}

export function notCollectedFor(
  resourceId: string,
  missing: SnapshotPart[],
  vpcId: string | undefined,
): Outcome {
  const where = vpcId ? ` for ${vpcId}` : '';
  return notEvaluated(
    resourceId,
    `Not evaluated: ${missing.map((part) => `${part} could not be collected${where}`).join('; ')}`,
    { evidence: { missing } },
  );
}
