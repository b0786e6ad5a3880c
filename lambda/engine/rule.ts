import type { AuditConfig } from '../config/config';
import type { SnapshotPart } from '../snapshot/types';
import type { SnapshotIndex } from './snapshot-index';
import type { Severity } from './severity';

/** ASFF resource types NetAudit reports on (NAT and internet gateways become `Other` in ASFF). */
export type ResourceType =
  | 'AwsEc2SecurityGroup'
  | 'AwsEc2RouteTable'
  | 'AwsEc2Subnet'
  | 'AwsEc2Vpc'
  | 'AwsEc2NetworkAcl'
  | 'AwsEc2Eip'
  | 'AwsEc2NetworkInterface'
  | 'AwsEc2Instance'
  | 'AwsEc2VpcPeeringConnection'
  | 'AwsEc2NatGateway'
  | 'AwsEc2InternetGateway'
  // Path engine rules (issue 14): VPC endpoints are `Other` in ASFF, which models only endpoint services.
  | 'AwsEc2VpcEndpoint'
  // Hybrid networking (ASFF models the transit gateway and the VPN connection; the others become `Other`).
  | 'AwsEc2TransitGateway'
  | 'AwsEc2TransitGatewayRouteTable'
  | 'AwsEc2VpnConnection'
  | 'AwsEc2VpnGateway'
  | 'AwsDirectConnectVirtualInterface'
  | 'AwsAccount';

/** What a finding is about, for ASFF `Types` and for grouping in reports. */
export type RuleCategory = 'exposure' | 'connectivity' | 'cost' | 'hygiene' | 'visibility' | 'audit';

export type Status = 'PASSED' | 'FAILED' | 'NOT_EVALUATED';

export interface RuleMetadata {
  /** Stable id from RULES.md, e.g. `SG.1`. */
  id: string;
  /** What is wrong, as a statement (never "Ensure ..."). */
  title: string;
  /** Why it matters: the risk or the outage it causes. */
  description: string;
  severity: Severity;
  resourceType: ResourceType;
  category: RuleCategory;
  /** Snapshot parts the rule reads; a collection error on any of them makes the rule NOT_EVALUATED. */
  requires: SnapshotPart[];
  remediation: { text: string; url: string };
  /** Compliance ids from lambda/rules/references.ts: `FSBP EC2.19`, `Security Hub EC2.13`, `CIS 3.0 5.2`. */
  references: string[];
}

/** One verdict on one resource, as a rule returns it; the engine stamps account, region, time and ids. */
export interface Outcome {
  resourceId: string;
  status: Status;
  /** One line naming the exact permission, route or entry at fault (or why the resource passes). */
  message: string;
  /** When a rule reports on a second resource type (rare), or a per-result severity (NET.1). */
  resourceType?: ResourceType;
  severity?: Severity;
  /** Structured evidence for json output and ASFF ProductFields (ids, rule numbers, ports). */
  evidence?: Record<string, string | number | boolean | string[]>;
}

export interface Rule extends RuleMetadata {
  /**
   * Pure: no I/O, no clock, no randomness. Deterministic order is the engine's job. An array, or
   * `outcomesOf` for rules with an outcome per group, interface or instance.
   */
  evaluate(index: SnapshotIndex, config: AuditConfig): Iterable<Outcome>;
}

/** Identity function that gives rule files one recognisable, type-checked shape. */
export function defineRule(rule: Rule): Rule {
  return rule;
}

/**
 * `items.map(judge)`, handed to the engine one outcome at a time (see `outcomesOf`). The engine also reads
 * `items` and `judge` directly: an outcome about the item it was judged from takes its VPC from that item,
 * where a lookup by id in a map of 100,000 interfaces or instances cost more than the rule's own work.
 */
export class OutcomeWalk<T> implements Iterable<Outcome> {
  constructor(
    readonly items: readonly T[],
    readonly judge: (item: T, position: number) => Outcome,
  ) {}

  [Symbol.iterator](): Iterator<Outcome> {
    const { items, judge } = this;
    let i = 0;
    // One result object for the whole walk (a reader takes `value` before asking for the next), where a
    // generator allocates one per outcome.
    const step = { done: false, value: undefined as unknown as Outcome };
    return {
      next(): IteratorResult<Outcome> {
        if (i < items.length) {
          step.value = judge(items[i]!, i);
          i++;
          return step;
        }
        return { done: true, value: undefined };
      },
    };
  }
}

/**
 * `items.map(judge)`, handed to the engine one outcome at a time. Rules over every group, interface or
 * instance use it: the engine drops a pass it will not keep (a CLI scan shows only problems) while it is
 * still young, instead of the garbage collector copying a whole region's passes before they are dropped.
 *
 * `position` is the item's index in `items`. Facts kept by position (`instanceOfInterfaceAt`,
 * `everyInternetIngress`, `everyInstanceEgress`...) index the snapshot's own lists: read them only in a
 * walk over that very list, never over a filtered copy.
 */
export function outcomesOf<T>(
  items: readonly T[],
  judge: (item: T, position: number) => Outcome,
): OutcomeWalk<T> {
  return new OutcomeWalk(items, judge);
}

export function passed(resourceId: string, message: string, extra: Partial<Outcome> = {}): Outcome {
  return { resourceId, status: 'PASSED', message, ...extra };
}

export function failed(resourceId: string, message: string, extra: Partial<Outcome> = {}): Outcome {
  return { resourceId, status: 'FAILED', message, ...extra };
}

export function notEvaluated(resourceId: string, message: string, extra: Partial<Outcome> = {}): Outcome {
  return { resourceId, status: 'NOT_EVALUATED', message, ...extra };
}
