export type Partition =
  'aws' | 'aws-cn' | 'aws-us-gov' | 'aws-iso' | 'aws-iso-b' | 'aws-iso-e' | 'aws-iso-f' | 'aws-eusc';

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
  'eipalloc-': 'elastic-ip',
  'fl-': 'vpc-flow-log',
};

const EC2_RESOURCE_BY_PREFIX = new Map(Object.entries(EC2_RESOURCE_BY_ID_PREFIX));

/** The ARN of an EC2 resource from its id; an id NetAudit does not know gets an account-level ARN. */
export function ec2Arn(partition: Partition, region: string, accountId: string, resourceId: string): string {
  // Called once per result: a map lookup on the id's prefix rather than a scan of every known prefix.
  const dash = resourceId.indexOf('-');
  const kind = dash > 0 ? EC2_RESOURCE_BY_PREFIX.get(resourceId.slice(0, dash + 1)) : undefined;
  if (kind) return `arn:${partition}:ec2:${region}:${accountId}:${kind}/${resourceId}`;
  // Elastic IPs without an allocation id (and the account itself) have no EC2 ARN of their own.
  return `arn:${partition}:ec2:${region}:${accountId}:${encodeURIComponent(resourceId)}`;
}
