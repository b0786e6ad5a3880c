import { memoized } from '../memo';

export type Partition =
  'aws' | 'aws-cn' | 'aws-us-gov' | 'aws-iso' | 'aws-iso-b' | 'aws-iso-e' | 'aws-iso-f' | 'aws-eusc';

/**
 * An AWS region name, in every partition: `us-east-1`, `cn-north-1`, `us-isob-east-1`, `eusc-de-east-1`.
 * One pattern for the snapshot schema, the CLI and organization mode, so a region one accepts the others do.
 */
export const AWS_REGION_PATTERN = /^[a-z]{2,4}(-[a-z]+)+-\d+$/;

/** The partition follows from the region name (ARCHITECTURE.md). */
export function partitionOf(region: string): Partition {
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('eu-isoe-')) return 'aws-iso-e';
  if (region.startsWith('us-isof-')) return 'aws-iso-f';
  if (region.startsWith('eusc-')) return 'aws-eusc';
  return 'aws';
}

/** The console's domain in each commercial-like partition, for links in alerts and docs. */
export function consoleDomain(partition: Partition): string {
  switch (partition) {
    case 'aws-cn':
      return 'console.amazonaws.cn';
    case 'aws-us-gov':
      return 'console.amazonaws-us-gov.com';
    default:
      return 'console.aws.amazon.com';
  }
}

/** The ARN resource path prefix of each EC2 resource kind, keyed by the id prefix AWS uses. */
const EC2_RESOURCE_BY_ID_PREFIX: Record<string, string> = {
  'sg-': 'security-group',
  'rtb-': 'route-table',
  'subnet-': 'subnet',
  'vpc-': 'vpc',
  'acl-': 'network-acl',
  'eni-': 'network-interface',
  'i-': 'instance',
  'pcx-': 'vpc-peering-connection',
  'nat-': 'natgateway',
  'igw-': 'internet-gateway',
  'vpce-': 'vpc-endpoint',
  'eipalloc-': 'elastic-ip',
  'fl-': 'vpc-flow-log',
};

const EC2_RESOURCE_BY_PREFIX = new Map(Object.entries(EC2_RESOURCE_BY_ID_PREFIX));

/** The id's kind prefix (`sg-`, `i-`...) when NetAudit knows it. */
function knownIdPrefix(resourceId: string): string | undefined {
  const dash = resourceId.indexOf('-');
  const prefix = dash > 0 ? resourceId.slice(0, dash + 1) : undefined;
  return prefix && EC2_RESOURCE_BY_PREFIX.has(prefix) ? prefix : undefined;
}

/** The ARN of an EC2 resource from its id; an id NetAudit does not know gets an account-level ARN. */
export function ec2Arn(partition: Partition, region: string, accountId: string, resourceId: string): string {
  const prefix = knownIdPrefix(resourceId);
  if (prefix)
    return `arn:${partition}:ec2:${region}:${accountId}:${EC2_RESOURCE_BY_PREFIX.get(prefix)}/${resourceId}`;
  // Elastic IPs without an allocation id (and the account itself) have no EC2 ARN of their own.
  return `arn:${partition}:ec2:${region}:${accountId}:${encodeURIComponent(resourceId)}`;
}

/**
 * `ec2Arn` for stamping hundreds of thousands of results: the `arn:…:<kind>/` part is built once per account
 * and kind, and a run of ids of the same kind (one rule's results) skips finding the kind, so an ARN costs
 * one string concatenation instead of a slice, a lookup and a five-part template.
 */
export class Ec2ArnBuilder {
  private readonly prefixes = new Map<string, Map<string, string>>();
  private lastAccount = '';
  private lastIdPrefix = '';
  private lastArnPrefix = '';

  constructor(
    private readonly partition: Partition,
    private readonly region: string,
  ) {}

  arn(accountId: string, resourceId: string): string {
    if (this.lastIdPrefix && accountId === this.lastAccount && resourceId.startsWith(this.lastIdPrefix)) {
      return this.lastArnPrefix + resourceId;
    }
    const idPrefix = knownIdPrefix(resourceId);
    if (!idPrefix) return ec2Arn(this.partition, this.region, accountId, resourceId);
    const byKind = memoized(this.prefixes, accountId, () => new Map<string, string>());
    const arnPrefix = memoized(
      byKind,
      idPrefix,
      () => `arn:${this.partition}:ec2:${this.region}:${accountId}:${EC2_RESOURCE_BY_PREFIX.get(idPrefix)}/`,
    );
    this.lastAccount = accountId;
    this.lastIdPrefix = idPrefix;
    this.lastArnPrefix = arnPrefix;
    return arnPrefix + resourceId;
  }
}
