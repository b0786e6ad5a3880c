import { ResourceArnBuilder } from '../aws/arn';
import type { AuditConfig, Suppression } from '../config/config';
import type { Snapshot, SnapshotPart } from '../snapshot/types';
import { findingIdPrefix, type AuditReport, type Result, type Summary } from './result';
import { OutcomeWalk, type Outcome, type ResourceType, type Rule } from './rule';
import { SEVERITIES, type Severity } from './severity';
import { SnapshotIndex } from './snapshot-index';
import { StampedResult, type RuleStamp } from './stamped-result';

/** The snapshot list a resource type's results are about, and how to read each item's id. */
function resourcesOfType(index: SnapshotIndex, type: ResourceType): { part?: SnapshotPart; ids: string[] } {
  const s = index.snapshot;
  switch (type) {
    case 'AwsEc2SecurityGroup':
      return { part: 'securityGroups', ids: s.securityGroups.map((x) => x.GroupId!) };
    case 'AwsEc2RouteTable':
      return { part: 'routeTables', ids: s.routeTables.map((x) => x.RouteTableId!) };
    case 'AwsEc2Subnet':
      return { part: 'subnets', ids: s.subnets.map((x) => x.SubnetId!) };
    case 'AwsEc2Vpc':
      return { part: 'vpcs', ids: s.vpcs.map((x) => x.VpcId!) };
    case 'AwsEc2NetworkAcl':
      return { part: 'networkAcls', ids: s.networkAcls.map((x) => x.NetworkAclId!) };
    case 'AwsEc2Eip':
      return { part: 'addresses', ids: s.addresses.map((x) => x.AllocationId ?? x.PublicIp ?? '?') };
    case 'AwsEc2NetworkInterface':
      return { part: 'networkInterfaces', ids: s.networkInterfaces.map((x) => x.NetworkInterfaceId!) };
    case 'AwsEc2Instance':
      return { part: 'instances', ids: s.instances.map((x) => x.InstanceId!) };
    case 'AwsEc2VpcPeeringConnection':
      return {
        part: 'vpcPeeringConnections',
        ids: s.vpcPeeringConnections.map((x) => x.VpcPeeringConnectionId!),
      };
    case 'AwsEc2NatGateway':
      return { part: 'natGateways', ids: s.natGateways.map((x) => x.NatGatewayId!) };
    case 'AwsEc2InternetGateway':
      return { part: 'internetGateways', ids: s.internetGateways.map((x) => x.InternetGatewayId!) };
    // Path engine rules (issue 14).
    case 'AwsEc2VpcEndpoint':
      return { part: 'vpcEndpoints', ids: (s.vpcEndpoints ?? []).map((x) => x.VpcEndpointId!) };
    case 'AwsEc2TransitGateway':
      return { part: 'transitGateways', ids: (s.transitGateways ?? []).map((x) => x.TransitGatewayId!) };
    case 'AwsEc2TransitGatewayRouteTable':
      return {
        part: 'transitGatewayRouteTables',
        ids: (s.transitGatewayRouteTables ?? []).map((x) => x.TransitGatewayRouteTableId!),
      };
    case 'AwsEc2VpnConnection':
      return { part: 'vpnConnections', ids: (s.vpnConnections ?? []).map((x) => x.VpnConnectionId!) };
    case 'AwsEc2VpnGateway':
      return { part: 'vpnGateways', ids: (s.vpnGateways ?? []).map((x) => x.VpnGatewayId!) };
    case 'AwsDirectConnectVirtualInterface':
      return {
        part: 'virtualInterfaces',
        ids: (s.virtualInterfaces ?? []).map((x) => x.virtualInterfaceId!),
      };
    case 'AwsAccount':
      return { ids: [s.accountId] };
  }
}

/**
 * A rule whose input could not be collected reports NOT_EVALUATED for every resource it would have
 * looked at, so nothing unevaluated is ever mistaken for passing. When even that list is missing, one
 * result stands for the whole account and region.
 */
function notEvaluatedOutcomes(rule: Rule, index: SnapshotIndex, missing: SnapshotPart[]): Outcome[] {
  const message = `Not evaluated: ${missing.map((p) => `${p} could not be collected`).join('; ')}`;
  const { part, ids } = resourcesOfType(index, rule.resourceType);
  if (!part || index.missingParts.has(part)) {
    return [{ resourceId: index.accountId, resourceType: 'AwsAccount', status: 'NOT_EVALUATED', message }];
  }
  return ids.map((resourceId) => ({ resourceId, status: 'NOT_EVALUATED', message }));
}

/**
 * Safety net for per-VPC collection gaps (e.g. DescribeStaleSecurityGroups failed for one VPC): a PASS
 * on a resource whose VPC lacks data the rule requires is not a pass. Failures stand, since what was
 * seen is wrong whatever is missing.
 */
function guardPartialPass(
  outcome: Outcome,
  rule: Rule,
  index: SnapshotIndex,
  vpcId: string | undefined,
): Outcome {
  if (outcome.status !== 'PASSED' || !vpcId || index.missingForVpc.size === 0) return outcome;
  const missing = rule.requires.filter((part) => !index.hasPartFor(part, vpcId));
  if (missing.length === 0) return outcome;
  return {
    ...outcome,
    status: 'NOT_EVALUATED',
    message: `Not evaluated: ${missing.map((p) => `${p} could not be collected for ${vpcId}`).join('; ')}`,
  };
}

function matchingSuppression(result: Result, suppressions: readonly Suppression[], index: SnapshotIndex) {
  return suppressions.find((s) => {
    if (s.ruleId !== result.ruleId) return false;
    if (s.resourceId !== undefined) return s.resourceId === result.resourceId;
    if (!s.tag) return false;
    const tags = index.tagsOf(result.resourceId, result.resourceType);
    return Object.hasOwn(tags, s.tag.key) && (s.tag.value === undefined || tags[s.tag.key] === s.tag.value);
  });
}

/** Applies config suppressions: valid ones turn FAILED into SUPPRESSED, expired ones say so and stop. */
function applySuppression(result: StampedResult, index: SnapshotIndex, config: AuditConfig): StampedResult {
  if (result.status !== 'FAILED') return result;
  const suppression = matchingSuppression(result, config.suppressions, index);
  if (!suppression) return result;
  const today = index.snapshot.collectedAt.slice(0, 10);
  const info = { reason: suppression.reason, owner: suppression.owner, expires: suppression.expires };
  if (today <= suppression.expires) return result.with({ status: 'SUPPRESSED', suppression: info });
  return result.with({
    message: `${result.message} (suppression by ${suppression.owner} expired on ${suppression.expires}: ${suppression.reason})`,
  });
}

export function summarize(results: readonly Result[], omittedPasses = 0): Summary {
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const summary: Summary = { failed: 0, passed: omittedPasses, notEvaluated: 0, suppressed: 0, bySeverity };
  // Indexed: one pass over up to half a million results, where an unoptimized for-of allocates per step.
  for (let i = 0; i < results.length; i++) {
    const r = results[i]!;
    if (r.status === 'FAILED') {
      summary.failed++;
      bySeverity[r.severity]++;
    } else if (r.status === 'PASSED') summary.passed++;
    else if (r.status === 'NOT_EVALUATED') summary.notEvaluated++;
    else summary.suppressed++;
  }
  return summary;
}

function compareResourceIds(a: Result, b: Result): number {
  return a.resourceId < b.resourceId ? -1 : a.resourceId > b.resourceId ? 1 : 0;
}

/** `SG.2` before `SG.10`: family, then number. */
export function compareRuleIds(a: string, b: string): number {
  const [fa = '', na = '0'] = a.split('.');
  const [fb = '', nb = '0'] = b.split('.');
  return fa < fb ? -1 : fa > fb ? 1 : Number(na) - Number(nb);
}

export interface EvaluateOptions {
  /**
   * False: passes are counted in the summary but not kept as results. For a reader who will see only
   * problems (a CLI scan without --include-passed or --publish): at 100,000 interfaces nine results in ten
   * pass, and stamping and keeping them was a third of the audit. Security Hub publishing needs them
   * (a pass resolves a finding), so the default keeps them.
   */
  keepPassed?: boolean;
}

/**
 * The pure heart of NetAudit: (snapshot, config, rules) → report. No I/O, no clock: the time is the
 * snapshot's, and results come out in a fixed order, so the same input gives byte-identical output.
 */
export function evaluate(
  snapshot: Snapshot,
  config: AuditConfig,
  rules: readonly Rule[],
  index: SnapshotIndex = new SnapshotIndex(snapshot),
  options: EvaluateOptions = {},
): AuditReport {
  const keepPassed = options.keepPassed ?? true;
  let omittedPasses = 0;
  const disabled = new Set(config.disabledRules);
  // Rules run in catalogue order and each rule's results are sorted by resource id, so the report comes
  // out in a fixed order without one global sort over every result of a large region.
  const active = rules.filter((r) => !disabled.has(r.id)).sort((a, b) => compareRuleIds(a.id, b.id));
  const accountArn = `arn:${index.partition}:iam::${index.accountId}:root`;
  const arns = new ResourceArnBuilder(index.partition, index.region);
  const results: Result[] = [];
  for (const rule of active) {
    const stamp: RuleStamp = {
      rule,
      accountId: index.accountId,
      region: index.region,
      partition: index.partition,
      findingPrefix: findingIdPrefix(index.region, index.accountId, rule.id),
      accountArn,
      arns,
    };
    const missing = rule.requires.filter((p) => index.missingParts.has(p));
    const outcomes =
      missing.length > 0 ? notEvaluatedOutcomes(rule, index, missing) : rule.evaluate(index, config);
    const override = config.severityOverrides[rule.id];
    const ruleResults: StampedResult[] = [];
    /** Stamps one outcome; `item` is what a walk judged it from (its VPC is read there), if known. */
    const consider = (rawOutcome: Outcome, item: unknown): void => {
      // Without per-VPC gaps a pass stays a pass: an omitted one needs nothing looked up.
      if (!keepPassed && rawOutcome.status === 'PASSED' && index.missingForVpc.size === 0) {
        omittedPasses++;
        return;
      }
      const resourceType = rawOutcome.resourceType ?? rule.resourceType;
      const vpcId =
        resourceType === 'AwsEc2Vpc'
          ? rawOutcome.resourceId
          : index.vpcOf(
              rawOutcome.resourceId,
              resourceType,
              resourceType === rule.resourceType ? item : undefined,
            );
      const outcome = guardPartialPass(rawOutcome, rule, index, vpcId);
      if (!keepPassed && outcome.status === 'PASSED') {
        omittedPasses++;
        return;
      }
      const result = new StampedResult(
        stamp,
        outcome.status,
        override ?? outcome.severity ?? rule.severity,
        resourceType,
        outcome.resourceId,
        // A shared VPC's resources carry their owner's account in their ARN, not ours.
        resourceType === 'AwsAccount' ? index.accountId : index.ownerOf(outcome.resourceId),
        outcome.message,
        vpcId || undefined,
        outcome.evidence,
      );
      ruleResults.push(result.status === 'FAILED' ? applySuppression(result, index, config) : result);
    };
    if (outcomes instanceof OutcomeWalk) {
      const { items, judge } = outcomes as OutcomeWalk<unknown>;
      for (let position = 0; position < items.length; position++) {
        const item = items[position];
        consider(judge(item, position), item);
      }
    } else {
      for (const rawOutcome of outcomes) consider(rawOutcome, undefined);
    }
    ruleResults.sort(compareResourceIds);
    for (let i = 0; i < ruleResults.length; i++) results.push(ruleResults[i]!);
  }
  return {
    accountId: snapshot.accountId,
    region: snapshot.region,
    partition: index.partition,
    collectedAt: snapshot.collectedAt,
    ...(snapshot.scope ? { scope: snapshot.scope } : {}),
    ruleIds: active.map((r) => r.id),
    results,
    summary: summarize(results, omittedPasses),
    errors: snapshot.errors,
  };
}
