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

/** Where a kind of resource's ARN lives: its service and its resource type. */
interface ArnKind {
  service: 'ec2' | 'directconnect';
  type: string;
}

const ec2 = (type: string): ArnKind => ({ service: 'ec2', type });
const directConnect = (type: string): ArnKind => ({ service: 'directconnect', type });

/**
 * The ARN of each kind of resource NetAudit reports on, keyed by the prefix AWS gives its ids, with the
 * resource types of the Service Authorization Reference (`arn:${Partition}:ec2:${Region}:${Account}:
 * transit-gateway-attachment/${TransitGatewayAttachmentId}`...). Direct Connect connections and virtual
 * interfaces are Direct Connect resources, not EC2 ones.
 */
const KIND_BY_ID_PREFIX: Record<string, ArnKind> = {
  'sg-': ec2('security-group'),
  'rtb-': ec2('route-table'),
  'subnet-': ec2('subnet'),
  'vpc-': ec2('vpc'),
  'acl-': ec2('network-acl'),
  'eni-': ec2('network-interface'),
  'i-': ec2('instance'),
  'pcx-': ec2('vpc-peering-connection'),
  'nat-': ec2('natgateway'),
  'igw-': ec2('internet-gateway'),
  'eigw-': ec2('egress-only-internet-gateway'),
  'vpce-': ec2('vpc-endpoint'),
  'vpce-svc-': ec2('vpc-endpoint-service'),
  'pl-': ec2('prefix-list'),
  'dopt-': ec2('dhcp-options'),
  'eipalloc-': ec2('elastic-ip'),
  'fl-': ec2('vpc-flow-log'),
  'vpcbpa-exclude-': ec2('vpc-block-public-access-exclusion'),
  'tgw-': ec2('transit-gateway'),
  'tgw-attach-': ec2('transit-gateway-attachment'),
  'tgw-rtb-': ec2('transit-gateway-route-table'),
  'tgw-mcast-domain-': ec2('transit-gateway-multicast-domain'),
  'tgw-connect-peer-': ec2('transit-gateway-connect-peer'),
  'vgw-': ec2('vpn-gateway'),
  'vpn-': ec2('vpn-connection'),
  'cgw-': ec2('customer-gateway'),
  'dxcon-': directConnect('dxcon'),
  'dxlag-': directConnect('dxlag'),
  'dxvif-': directConnect('dxvif'),
};

const KIND_BY_PREFIX = new Map(Object.entries(KIND_BY_ID_PREFIX));
const ID_PREFIXES = [...KIND_BY_PREFIX.keys()];
const LONGEST_PREFIX = Math.max(...ID_PREFIXES.map((p) => p.length));

/** Prefixes that start a longer one (`tgw-` and `tgw-attach-`): an id starting with them may be another kind. */
const EXTENDED_PREFIXES: ReadonlySet<string> = new Set(
  ID_PREFIXES.filter((p) => ID_PREFIXES.some((q) => q !== p && q.startsWith(p))),
);

/** The longest id prefix NetAudit knows that starts the id (`tgw-attach-` rather than `tgw-`), if any. */
function knownIdPrefix(resourceId: string): string | undefined {
  let found: string | undefined;
  for (
    let dash = resourceId.indexOf('-');
    dash > 0 && dash < LONGEST_PREFIX;
    dash = resourceId.indexOf('-', dash + 1)
  ) {
    const prefix = resourceId.slice(0, dash + 1);
    if (KIND_BY_PREFIX.has(prefix)) found = prefix;
  }
  return found;
}

function arnPrefix(partition: Partition, region: string, accountId: string, kind: ArnKind): string {
  return `arn:${partition}:${kind.service}:${region}:${accountId}:${kind.type}/`;
}

/** Direct Connect gateway ids are UUIDs; no other resource NetAudit reports on has one. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A Direct Connect gateway is global: its ARN has no region. */
export function directConnectGatewayArn(partition: Partition, accountId: string, gatewayId: string): string {
  return `arn:${partition}:directconnect::${accountId}:dx-gateway/${gatewayId}`;
}

/** A Network Firewall firewall is named by its name (the snapshot also holds its `FirewallArn`). */
export function networkFirewallArn(
  partition: Partition,
  region: string,
  accountId: string,
  name: string,
): string {
  return `arn:${partition}:network-firewall:${region}:${accountId}:firewall/${name}`;
}

/**
 * The ARN of a resource from its id: EC2 and Direct Connect resources by their id prefix, Direct Connect
 * gateways by their UUID, and an id that already is an ARN (a firewall's) as it is. An id NetAudit does not
 * know gets an account-level EC2 ARN.
 */
export function resourceArn(
  partition: Partition,
  region: string,
  accountId: string,
  resourceId: string,
): string {
  const prefix = knownIdPrefix(resourceId);
  if (prefix) return arnPrefix(partition, region, accountId, KIND_BY_PREFIX.get(prefix)!) + resourceId;
  if (resourceId.startsWith('arn:')) return resourceId;
  if (UUID.test(resourceId)) return directConnectGatewayArn(partition, accountId, resourceId);
  // Elastic IPs without an allocation id (and the account itself) have no EC2 ARN of their own.
  return `arn:${partition}:ec2:${region}:${accountId}:${encodeURIComponent(resourceId)}`;
}

/**
 * `resourceArn` for stamping hundreds of thousands of results: the `arn:…:<kind>/` part is built once per
 * account and kind, and a run of ids of the same kind (one rule's results) skips finding the kind, so an ARN
 * costs one string concatenation instead of a slice, a lookup and a five-part template.
 */
export class ResourceArnBuilder {
  private readonly prefixes = new Map<string, Map<string, string>>();
  private lastAccount = '';
  /** Empty when the last id's prefix starts a longer one: the next id may be of another kind. */
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
    if (!idPrefix) return resourceArn(this.partition, this.region, accountId, resourceId);
    const byKind = memoized(this.prefixes, accountId, () => new Map<string, string>());
    const prefix = memoized(byKind, idPrefix, () =>
      arnPrefix(this.partition, this.region, accountId, KIND_BY_PREFIX.get(idPrefix)!),
    );
    this.lastAccount = accountId;
    this.lastIdPrefix = EXTENDED_PREFIXES.has(idPrefix) ? '' : idPrefix;
    this.lastArnPrefix = prefix;
    return prefix + resourceId;
  }
}
