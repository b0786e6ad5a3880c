import { createHash } from 'node:crypto';
import type {
  AwsSecurityFinding,
  ComplianceStatus,
  Partition as AsffPartition,
  RecordState,
  Resource,
  ResourceDetails,
} from '@aws-sdk/client-securityhub';
import type { Partition } from '../aws/arn';
import { partOf, type AuditReport, type Result } from '../engine/result';
import type { ResourceType, RuleCategory } from '../engine/rule';
import { relatedRequirement } from '../rules/references';
import { NETAUDIT_VERSION } from '../version';
import { ASFF_LIMITS, truncateText } from './asff-text';
import { stringifyInPieces } from './json';

export const ASFF_SCHEMA_VERSION = '2018-10-08';

/** Keys NetAudit writes into ProductFields; Security Hub adds its own `aws/securityhub/*` keys beside them. */
export const PRODUCT_FIELD = {
  ruleId: 'netaudit/RuleId',
  version: 'netaudit/Version',
  category: 'netaudit/Category',
  resourceId: 'netaudit/ResourceId',
  vpcId: 'netaudit/VpcId',
  fingerprint: 'netaudit/Fingerprint',
  suppression: 'netaudit/Suppression',
  evidencePrefix: 'netaudit/evidence/',
} as const;

/** The custom-provider product ARN every account has for its own findings. */
export function productArn(partition: Partition, region: string, accountId: string): string {
  return `arn:${partition}:securityhub:${region}:${accountId}:product/${accountId}/default`;
}

export function generatorId(ruleId: string): string {
  return `netaudit/${ruleId}`;
}

/** ASFF finding types: valid `namespace/category[/classifier]` values for each rule category. */
const TYPES_BY_CATEGORY: Record<RuleCategory, string> = {
  exposure: 'Software and Configuration Checks/AWS Security Best Practices/Network Reachability',
  connectivity: 'Software and Configuration Checks/AWS Security Best Practices/Network Reachability',
  // Idle NAT gateways and unattached Elastic IPs are money spent for nothing.
  cost: 'Effects/Resource Consumption',
  hygiene: 'Software and Configuration Checks/AWS Security Best Practices',
  visibility: 'Software and Configuration Checks/AWS Security Best Practices',
  audit: 'Software and Configuration Checks/AWS Security Best Practices',
};

/** Partitions the ASFF `Resource.Partition` enum accepts; other partitions leave the field out. */
const ASFF_PARTITIONS: ReadonlySet<string> = new Set(['aws', 'aws-cn', 'aws-us-gov']);

/**
 * Resource types ASFF does not model: NAT, internet and virtual private gateways, VPC endpoints (ASFF has
 * endpoint services only), transit gateway route tables, Direct Connect virtual interfaces, the account.
 */
const OTHER_TYPES: ReadonlySet<ResourceType> = new Set<ResourceType>([
  'AwsEc2NatGateway',
  'AwsEc2InternetGateway',
  'AwsEc2VpcEndpoint',
  'AwsEc2TransitGatewayRouteTable',
  'AwsEc2VpnGateway',
  'AwsDirectConnectVirtualInterface',
  'AwsAccount',
]);

function asffResourceType(type: ResourceType): string {
  return OTHER_TYPES.has(type) ? 'Other' : type;
}

/** Resource details built from what a Result knows (ids), in the ASFF shape of its type. */
function resourceDetails(result: Result): ResourceDetails | undefined {
  const id = result.resourceId;
  const vpc: Record<string, string> = result.vpcId ? { VpcId: result.vpcId } : {};
  // ASFF's free-form map for resource types it does not model.
  const other = (key: string): Record<string, string> => ({ [key]: id, ...vpc });
  switch (result.resourceType) {
    case 'AwsEc2SecurityGroup':
      return { AwsEc2SecurityGroup: { GroupId: id, ...vpc } };
    case 'AwsEc2NetworkAcl':
      return { AwsEc2NetworkAcl: { NetworkAclId: id, ...vpc } };
    case 'AwsEc2RouteTable':
      return { AwsEc2RouteTable: { RouteTableId: id, ...vpc } };
    case 'AwsEc2Subnet':
      return { AwsEc2Subnet: { SubnetId: id, ...vpc } };
    case 'AwsEc2NetworkInterface':
      return { AwsEc2NetworkInterface: { NetworkInterfaceId: id } };
    case 'AwsEc2Instance':
      return { AwsEc2Instance: { ...vpc } };
    case 'AwsEc2VpcPeeringConnection':
      return { AwsEc2VpcPeeringConnection: { VpcPeeringConnectionId: id } };
    case 'AwsEc2Eip':
      return { AwsEc2Eip: id.startsWith('eipalloc-') ? { AllocationId: id } : { PublicIp: id } };
    case 'AwsEc2NatGateway':
      return { Other: other('NatGatewayId') };
    case 'AwsEc2InternetGateway':
      return { Other: other('InternetGatewayId') };
    case 'AwsEc2VpcEndpoint':
      return { Other: other('VpcEndpointId') };
    case 'AwsEc2TransitGateway':
      return { AwsEc2TransitGateway: { Id: id } };
    case 'AwsEc2TransitGatewayRouteTable':
      return { Other: other('TransitGatewayRouteTableId') };
    case 'AwsEc2VpnConnection':
      return { AwsEc2VpnConnection: { VpnConnectionId: id } };
    case 'AwsEc2VpnGateway':
      return { Other: other('VpnGatewayId') };
    case 'AwsDirectConnectVirtualInterface':
      return { Other: other('VirtualInterfaceId') };
    case 'AwsAccount':
      return { Other: { AccountId: id } };
    case 'AwsEc2Vpc':
      // AwsEc2VpcDetails has no id member, and the CIDRs are not on the Result: the ARN says it all.
      return undefined;
  }
}

function resource(result: Result): Resource {
  const details = resourceDetails(result);
  const hasDetails = details && Object.values(details).some((d) => Object.keys(d ?? {}).length > 0);
  return {
    Type: asffResourceType(result.resourceType),
    Id: result.resourceArn,
    ...(ASFF_PARTITIONS.has(result.partition) ? { Partition: result.partition as AsffPartition } : {}),
    Region: result.region,
    ...(hasDetails ? { Details: details } : {}),
  };
}

function fieldValue(value: string | number | boolean | string[]): string {
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/** ProductFields: rule id, version and the rule's evidence, within the documented key and value limits. */
function productFields(result: Result, version: string): Record<string, string> {
  const fields: Record<string, string> = {
    [PRODUCT_FIELD.ruleId]: result.ruleId,
    [PRODUCT_FIELD.version]: version,
    [PRODUCT_FIELD.category]: result.category,
    [PRODUCT_FIELD.resourceId]: result.resourceId,
    ...(result.vpcId ? { [PRODUCT_FIELD.vpcId]: result.vpcId } : {}),
  };
  if (result.suppression) {
    const s = result.suppression;
    fields[PRODUCT_FIELD.suppression] = truncateText(
      `${s.reason} (owner ${s.owner}, until ${s.expires})`,
      ASFF_LIMITS.productFieldValue,
    );
  }
  // Keep room for the fingerprint, which is added last.
  const room = ASFF_LIMITS.productFields - Object.keys(fields).length - 1;
  const evidence = Object.entries(result.evidence ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, value]) => [`${PRODUCT_FIELD.evidencePrefix}${key}`, fieldValue(value)] as const)
    .filter(([key, value]) => key.length <= ASFF_LIMITS.productFieldKey && /\S/.test(value))
    .slice(0, room);
  for (const [key, value] of evidence) fields[key] = truncateText(value, ASFF_LIMITS.productFieldValue);
  return fields;
}

/** How a result's status shows in Security Hub: failures are active, everything else is archived. */
function statusOf(result: Result): { compliance: ComplianceStatus; record: RecordState } {
  switch (result.status) {
    case 'FAILED':
      return { compliance: 'FAILED', record: 'ACTIVE' };
    case 'PASSED':
      return { compliance: 'PASSED', record: 'ARCHIVED' };
    case 'SUPPRESSED':
      // Still failing, but accepted by someone with a reason and an expiry: not an active failure.
      return { compliance: 'WARNING', record: 'ARCHIVED' };
    case 'NOT_EVALUATED':
      return { compliance: 'NOT_AVAILABLE', record: 'ARCHIVED' };
  }
}

/**
 * A short, stable digest of everything a reader sees in a finding (not its timestamps, not the NetAudit
 * version): equal digests mean re-importing would change nothing, so the publisher can skip it.
 */
export function fingerprintOf(finding: AwsSecurityFinding): string {
  const ownFields = Object.entries(finding.ProductFields ?? {})
    .filter(
      ([k]) => k.startsWith('netaudit/') && k !== PRODUCT_FIELD.version && k !== PRODUCT_FIELD.fingerprint,
    )
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const content = [
    finding.Title,
    finding.Description,
    finding.FindingProviderFields?.Severity?.Label ?? finding.Severity?.Label,
    finding.FindingProviderFields?.Types ?? finding.Types,
    finding.Compliance?.Status,
    finding.Compliance?.RelatedRequirements,
    finding.RecordState,
    finding.Remediation,
    finding.Resources,
    ownFields,
  ];
  return createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 32);
}

export interface AsffOptions {
  /** Defaults to the NetAudit version in package.json. */
  productVersion?: string;
  /** Defaults to the report's collectedAt, so the same report gives byte-identical findings. */
  updatedAt?: string;
}

export interface AsffFindingOptions extends AsffOptions {
  /** When the finding already exists in Security Hub: its CreatedAt, kept for its whole life. */
  createdAt?: string;
  firstObservedAt?: string;
  /** The snapshot time; defaults to updatedAt. */
  observedAt?: string;
}

/** One Result as an ASFF finding. FAILED is ACTIVE; PASSED and SUPPRESSED are ARCHIVED (they resolve it). */
export function toAsffFinding(
  result: Result,
  options: AsffFindingOptions & { updatedAt: string },
): AwsSecurityFinding {
  const observedAt = options.observedAt ?? options.updatedAt;
  const { compliance, record } = statusOf(result);
  const types = [TYPES_BY_CATEGORY[result.category]];
  const severity = { Label: result.severity, Original: result.severity };
  const recommendation = truncateText(result.remediation.text, ASFF_LIMITS.recommendationText);
  // Security Hub rejects blank strings: fall back to something a reader can still use.
  const title = truncateText(result.title, ASFF_LIMITS.title) || `NetAudit ${result.ruleId}`;
  const finding: AwsSecurityFinding = {
    SchemaVersion: ASFF_SCHEMA_VERSION,
    Id: result.findingId,
    ProductArn: productArn(result.partition, result.region, result.accountId),
    GeneratorId: generatorId(result.ruleId),
    AwsAccountId: result.accountId,
    Types: types,
    FirstObservedAt: options.firstObservedAt ?? options.createdAt ?? observedAt,
    LastObservedAt: observedAt,
    CreatedAt: options.createdAt ?? observedAt,
    UpdatedAt: options.updatedAt,
    Severity: severity,
    Title: title,
    // What is wrong here first, then why it matters: a reader in the console may not know the rule.
    Description:
      truncateText(
        result.description ? `${result.message}. Why it matters: ${result.description}` : result.message,
        ASFF_LIMITS.description,
      ) || title,
    ...(recommendation || result.remediation.url
      ? {
          Remediation: {
            Recommendation: {
              ...(recommendation ? { Text: recommendation } : {}),
              ...(result.remediation.url ? { Url: result.remediation.url } : {}),
            },
          },
        }
      : {}),
    ProductFields: productFields(result, options.productVersion ?? NETAUDIT_VERSION),
    Resources: [resource(result)],
    Compliance: {
      Status: compliance,
      ...(result.references.length > 0
        ? {
            RelatedRequirements: result.references
              .slice(0, ASFF_LIMITS.relatedRequirements)
              .map(relatedRequirement),
          }
        : {}),
    },
    RecordState: record,
    // Providers update Severity and Types through FindingProviderFields; the top-level copies belong to
    // the customer once they edit them with BatchUpdateFindings.
    FindingProviderFields: { Severity: severity, Types: types },
  };
  finding.ProductFields![PRODUCT_FIELD.fingerprint] = fingerprintOf(finding);
  return finding;
}

type AsffReportOptions = AsffOptions & {
  createdAt?: Map<string, string>;
  firstObservedAt?: Map<string, string>;
};

/**
 * The findings a report's failures become, in the report's order. With default options every
 * timestamp is the snapshot time, so `netaudit scan --output asff` is byte-identical across runs.
 */
export function toAsffFindings(report: AuditReport, options: AsffReportOptions = {}): AwsSecurityFinding[] {
  return failuresOf(report).map(findingOf(report, options));
}

/**
 * `JSON.stringify(toAsffFindings(report), null, 2)` and a newline, in pieces of a few hundred findings
 * built as they are written: a region's findings are far larger as text than as results.
 */
export function formatAsffChunks(report: AuditReport, options: AsffReportOptions = {}): Generator<string> {
  return stringifyInPieces(FINDINGS, FINDINGS, failuresOf(report), findingOf(report, options));
}

/** Stands for the findings list while it is stringified in pieces. */
const FINDINGS = '\u0000netaudit:findings';

function failuresOf(report: AuditReport): Result[] {
  return report.results.filter((r) => r.status === 'FAILED');
}

function findingOf(report: AuditReport, options: AsffReportOptions): (r: Result) => AwsSecurityFinding {
  return (r) => {
    const createdAt = options.createdAt?.get(r.findingId);
    const firstObservedAt = options.firstObservedAt?.get(r.findingId);
    // In a report of several snapshots, each finding was observed when its own snapshot was collected.
    const observedAt = partOf(report, r)?.collectedAt ?? report.collectedAt;
    return toAsffFinding(r, {
      updatedAt: options.updatedAt ?? observedAt,
      observedAt,
      ...(options.productVersion ? { productVersion: options.productVersion } : {}),
      ...(createdAt ? { createdAt } : {}),
      ...(firstObservedAt ? { firstObservedAt } : {}),
    });
  };
}
