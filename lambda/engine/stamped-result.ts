import type { ResourceArnBuilder, Partition } from '../aws/arn';
import type { Result, ResultStatus } from './result';
import type { ResourceType, Rule, RuleCategory } from './rule';
import type { Severity } from './severity';

/** What every result of one rule in one audit shares: the rule's text, the account and region, id prefixes. */
export interface RuleStamp {
  readonly rule: Rule;
  readonly accountId: string;
  readonly region: string;
  readonly partition: Partition;
  /** `netaudit/<region>/<account>/<ruleId>/`. */
  readonly findingPrefix: string;
  readonly accountArn: string;
  readonly arns: ResourceArnBuilder;
}

/**
 * A Result whose rule-wide fields live once on its rule's stamp, and whose ARN and finding id are built when
 * read. A 100,000-interface audit keeps about 460,000 results: twenty own fields and two built strings each
 * made stamping them a quarter of the audit, mostly the garbage collector copying what they held. Readers
 * see a Result; `toJSON` gives the plain document in its usual key order, so serialized output is unchanged.
 */
export class StampedResult implements Result {
  /**
   * Positional, not an options object: this runs once per result, and the object would be one more
   * allocation each time.
   */
  constructor(
    private readonly stamp: RuleStamp,
    readonly status: ResultStatus,
    readonly severity: Severity,
    readonly resourceType: ResourceType,
    readonly resourceId: string,
    /** The account in the resource's ARN: another one for a shared VPC's resources. */
    private readonly owner: string,
    readonly message: string,
    readonly vpcId: string | undefined,
    readonly evidence: Result['evidence'],
    readonly suppression: Result['suppression'] = undefined,
  ) {}

  /** This result with some fields changed (a suppression applied, a message extended). */
  with(changes: Partial<Pick<Result, 'status' | 'message' | 'suppression'>>): StampedResult {
    return new StampedResult(
      this.stamp,
      changes.status ?? this.status,
      this.severity,
      this.resourceType,
      this.resourceId,
      this.owner,
      changes.message ?? this.message,
      this.vpcId,
      this.evidence,
      changes.suppression ?? this.suppression,
    );
  }

  get ruleId(): string {
    return this.stamp.rule.id;
  }

  get title(): string {
    return this.stamp.rule.title;
  }

  get category(): RuleCategory {
    return this.stamp.rule.category;
  }

  get description(): string {
    return this.stamp.rule.description;
  }

  get remediation(): Rule['remediation'] {
    return this.stamp.rule.remediation;
  }

  get references(): string[] {
    return this.stamp.rule.references;
  }

  get accountId(): string {
    return this.stamp.accountId;
  }

  get region(): string {
    return this.stamp.region;
  }

  get partition(): Partition {
    return this.stamp.partition;
  }

  get resourceArn(): string {
    return this.resourceType === 'AwsAccount'
      ? this.stamp.accountArn
      : this.stamp.arns.arn(this.owner, this.resourceId);
  }

  get findingId(): string {
    return this.stamp.findingPrefix + this.resourceId;
  }

  /** The plain Result, keys in the order results have always been serialized in. */
  toJSON(): Result {
    return {
      ruleId: this.ruleId,
      title: this.title,
      status: this.status,
      severity: this.severity,
      category: this.category,
      resourceType: this.resourceType,
      resourceId: this.resourceId,
      resourceArn: this.resourceArn,
      accountId: this.accountId,
      region: this.region,
      partition: this.partition,
      message: this.message,
      description: this.description,
      remediation: this.remediation,
      references: this.references,
      findingId: this.findingId,
      vpcId: this.vpcId,
      evidence: this.evidence,
      ...(this.suppression ? { suppression: this.suppression } : {}),
    };
  }
}
