import { notEvaluated, type Outcome } from '../engine/rule';
import type { SnapshotIndex } from '../engine/snapshot-index';
import { PART_API, type SnapshotPart } from '../snapshot/types';

/**
 * The engine turns a region-wide collection error into NOT_EVALUATED, but a per-VPC error (e.g.
 * DescribeVpcAttribute denied for one VPC) leaves the part present for the other VPCs, so each rule must
 * check the VPC it is looking at (the engine only guards against a PASS). These helpers keep that check
 * and its wording the same in every rule family.
 */
export function partsMissingFor(
  index: SnapshotIndex,
  parts: readonly SnapshotPart[],
  vpcId: string | undefined,
): SnapshotPart[] {
  // The usual audit has no gaps at all: rules ask this for every group or interface.
  if (index.missingParts.size === 0 && index.missingForVpc.size === 0) return [];
  return parts.filter((part) => !index.hasPartFor(part, vpcId));
}

/** `vpcAttributes could not be collected for vpc-1 (DescribeVpcAttribute: AccessDenied)`. */
export function describeMissing(index: SnapshotIndex, part: SnapshotPart, vpcId: string | undefined): string {
  const api = PART_API[part];
  const error =
    index.snapshot.errors.find((e) => e.api === api && e.vpcId === vpcId) ??
    index.snapshot.errors.find((e) => e.api === api);
  const cause = error ? ` (${api}: ${error.code})` : '';
  return `${part} could not be collected${vpcId ? ` for ${vpcId}` : ''}${cause}`;
}

/** NOT_EVALUATED for a resource whose VPC lacks some of `parts`, or undefined when all are there. */
export function notEvaluatedInVpc(
  index: SnapshotIndex,
  resourceId: string,
  parts: readonly SnapshotPart[],
  vpcId: string | undefined,
): Outcome | undefined {
  const missing = partsMissingFor(index, parts, vpcId);
  return missing.length === 0 ? undefined : notCollectedFor(index, resourceId, missing, vpcId);
}

/** NOT_EVALUATED for a resource whose VPC lacks `missing` (as found by partsMissingFor). */
export function notCollectedFor(
  index: SnapshotIndex,
  resourceId: string,
  missing: readonly SnapshotPart[],
  vpcId: string | undefined,
): Outcome {
  const reasons = missing.map((part) => describeMissing(index, part, vpcId));
  return notEvaluated(resourceId, `Not evaluated: ${reasons.join('; ')}`, {
    evidence: { missing: [...missing] },
  });
}
