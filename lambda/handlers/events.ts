import {
  DescribeInstancesCommand,
  DescribeInternetGatewaysCommand,
  DescribeNatGatewaysCommand,
  DescribeNetworkAclsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcPeeringConnectionsCommand,
  type EC2Client,
} from '@aws-sdk/client-ec2';
import { z } from 'zod';
import { InputError } from '../errors';
import { formatZodError } from '../snapshot/validate';

/** What one invocation audits. */
export type AuditTarget =
  | { kind: 'region'; reason: string }
  | { kind: 'vpcs'; vpcIds: string[]; reason: string }
  | { kind: 'skip'; reason: string };

const vpcId = z.string().regex(/^vpc-[0-9a-f]+$/, 'not a VPC id such as vpc-0abc1234');

const scheduledEvent = z.object({ 'detail-type': z.literal('Scheduled Event') });
const cloudTrailEvent = z.object({
  'detail-type': z.literal('AWS API Call via CloudTrail'),
  account: z.string().optional(),
  region: z.string().optional(),
  detail: z.object({
    eventName: z.string(),
    eventSource: z.string().optional(),
    errorCode: z.string().optional(),
    requestParameters: z.unknown().optional(),
    responseElements: z.unknown().optional(),
  }),
});
const manualEvent = z.strictObject({ vpcIds: z.array(vpcId).min(1).optional() });

export type CloudTrailEvent = z.infer<typeof cloudTrailEvent>;

/** The CloudTrail parameter names that carry a network resource id, and how to find each one's VPC. */
const ID_KEYS = {
  vpcId: 'vpc-',
  groupId: 'sg-',
  routeTableId: 'rtb-',
  networkAclId: 'acl-',
  subnetId: 'subnet-',
  natGatewayId: 'nat-',
  internetGatewayId: 'igw-',
  allocationId: 'eipalloc-',
  vpcPeeringConnectionId: 'pcx-',
  networkInterfaceId: 'eni-',
  instanceId: 'i-',
} as const;
type IdKey = keyof typeof ID_KEYS;

/** Every resource id in CloudTrail's request and response elements, by parameter name. */
export function resourceIds(...elements: unknown[]): Map<IdKey, Set<string>> {
  const found = new Map<IdKey, Set<string>>();
  const visit = (value: unknown, depth: number): void => {
    if (depth > 10 || value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) return value.forEach((v) => visit(v, depth + 1));
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      const prefix = (ID_KEYS as Record<string, string>)[key];
      if (prefix && typeof child === 'string' && child.startsWith(prefix)) {
        const set = found.get(key as IdKey) ?? new Set<string>();
        found.set(key as IdKey, set.add(child));
      } else visit(child, depth + 1);
    }
  };
  elements.forEach((e) => visit(e, 0));
  return found;
}

type Resolver = (ec2: EC2Client, ids: string[], region: string) => Promise<(string | undefined)[]>;

/** One Describe call per kind of id: the VPC of each resource (undefined when it has none or is gone). */
const RESOLVERS: Record<Exclude<IdKey, 'vpcId'>, Resolver> = {
  groupId: async (ec2, ids) =>
    ((await ec2.send(new DescribeSecurityGroupsCommand({ GroupIds: ids }))).SecurityGroups ?? []).map(
      (g) => g.VpcId,
    ),
  routeTableId: async (ec2, ids) =>
    ((await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: ids }))).RouteTables ?? []).map(
      (t) => t.VpcId,
    ),
  networkAclId: async (ec2, ids) =>
    ((await ec2.send(new DescribeNetworkAclsCommand({ NetworkAclIds: ids }))).NetworkAcls ?? []).map(
      (a) => a.VpcId,
    ),
  subnetId: async (ec2, ids) =>
    ((await ec2.send(new DescribeSubnetsCommand({ SubnetIds: ids }))).Subnets ?? []).map((s) => s.VpcId),
  natGatewayId: async (ec2, ids) =>
    ((await ec2.send(new DescribeNatGatewaysCommand({ NatGatewayIds: ids }))).NatGateways ?? []).map(
      (n) => n.VpcId,
    ),
  internetGatewayId: async (ec2, ids) =>
    (
      (await ec2.send(new DescribeInternetGatewaysCommand({ InternetGatewayIds: ids }))).InternetGateways ??
      []
    ).flatMap((g) => (g.Attachments?.length ? g.Attachments.map((a) => a.VpcId) : [undefined])),
  // The interface an Elastic IP is associated with names the VPC; an unassociated one has none.
  allocationId: async (ec2, ids) => {
    const response = await ec2.send(
      new DescribeNetworkInterfacesCommand({ Filters: [{ Name: 'association.allocation-id', Values: ids }] }),
    );
    const vpcs = (response.NetworkInterfaces ?? []).map((n) => n.VpcId);
    return vpcs.length >= ids.length ? vpcs : [...vpcs, undefined];
  },
  vpcPeeringConnectionId: async (ec2, ids, region) =>
    (
      (await ec2.send(new DescribeVpcPeeringConnectionsCommand({ VpcPeeringConnectionIds: ids })))
        .VpcPeeringConnections ?? []
    ).flatMap((p) =>
      // The peer in another region is another region's audit.
      [p.RequesterVpcInfo, p.AccepterVpcInfo]
        .filter((side) => !side?.Region || side.Region === region)
        .map((side) => side?.VpcId),
    ),
  networkInterfaceId: async (ec2, ids) =>
    (
      (await ec2.send(new DescribeNetworkInterfacesCommand({ NetworkInterfaceIds: ids })))
        .NetworkInterfaces ?? []
    ).map((n) => n.VpcId),
  instanceId: async (ec2, ids) =>
    ((await ec2.send(new DescribeInstancesCommand({ InstanceIds: ids }))).Reservations ?? []).flatMap((r) =>
      (r.Instances ?? []).map((i) => i.VpcId),
    ),
};

/**
 * The VPCs a CloudTrail EC2 call touched. Anything that cannot be pinned to a VPC (a deleted resource,
 * a detached gateway, a peer in another region) widens the audit to the whole region: a missed change
 * is worse than a longer run.
 */
export async function vpcsOfChange(
  ec2: EC2Client,
  event: CloudTrailEvent,
  region: string,
): Promise<AuditTarget> {
  const { eventName, requestParameters, responseElements } = event.detail;
  const ids = resourceIds(requestParameters, responseElements);
  if (ids.size === 0) return { kind: 'region', reason: `${eventName} names no VPC resource` };
  const vpcs = new Set(ids.get('vpcId') ?? []);
  for (const [key, set] of ids) {
    if (key === 'vpcId') continue;
    const list = [...set];
    let resolved: (string | undefined)[];
    try {
      resolved = await RESOLVERS[key](ec2, list, region);
    } catch (error) {
      const name = (error as { name?: string }).name ?? 'Error';
      return {
        kind: 'region',
        reason: `${eventName}: could not resolve ${list.join(', ')} to a VPC (${name})`,
      };
    }
    if (resolved.length < list.length || resolved.some((v) => v === undefined)) {
      return { kind: 'region', reason: `${eventName}: ${list.join(', ')} not in a VPC of ${region}` };
    }
    for (const v of resolved) vpcs.add(v!);
  }
  const vpcIds = [...vpcs].sort();
  return { kind: 'vpcs', vpcIds, reason: `${eventName} changed ${vpcIds.join(', ')}` };
}

/**
 * The audit an event asks for: a schedule audits the region, a CloudTrail EC2 change audits the VPCs it
 * touched, and a manual `{ "vpcIds": [...] }` (or `{}`) audits those VPCs (or the region).
 */
export async function targetOf(event: unknown, ec2: EC2Client, region: string): Promise<AuditTarget> {
  if (scheduledEvent.safeParse(event).success) return { kind: 'region', reason: 'scheduled audit' };
  const change = cloudTrailEvent.safeParse(event);
  if (change.success) {
    const { detail } = change.data;
    // A call that failed changed nothing.
    if (detail.errorCode) return { kind: 'skip', reason: `${detail.eventName} failed (${detail.errorCode})` };
    if (change.data.region && change.data.region !== region) {
      return {
        kind: 'region',
        reason: `${detail.eventName} in ${change.data.region}, audited from ${region}`,
      };
    }
    return vpcsOfChange(ec2, change.data, region);
  }
  const manual = manualEvent.safeParse(event ?? {});
  if (manual.success) {
    return manual.data.vpcIds
      ? { kind: 'vpcs', vpcIds: [...new Set(manual.data.vpcIds)].sort(), reason: 'manual audit of VPCs' }
      : { kind: 'region', reason: 'manual audit' };
  }
  throw new InputError(
    'Unsupported event: expected an EventBridge Scheduled Event, an "AWS API Call via CloudTrail" event, ' +
      `or { "vpcIds": ["vpc-..."] }\n${formatZodError(manual.error)}`,
  );
}
