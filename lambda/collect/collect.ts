import type { DirectConnectClient } from '@aws-sdk/client-direct-connect';
import type { EC2Client, StaleSecurityGroup } from '@aws-sdk/client-ec2';
import type { NetworkFirewallClient } from '@aws-sdk/client-network-firewall';
import { GetCallerIdentityCommand, type STSClient } from '@aws-sdk/client-sts';
import {
  SNAPSHOT_SCHEMA_VERSION,
  type CollectionError,
  V2_PARTS,
  type Snapshot,
  type VpcAttributes,
} from '../snapshot/types';
import { cleanShape } from './clean';
import {
  DNS_ATTRIBUTES,
  LIST_COLLECTORS,
  LIST_KEYS,
  readStaleSecurityGroups,
  readVpcAttribute,
  type Item,
  type ListKey,
} from './collectors';
import { notCollected, readOne, recordFailure, type CollectContext, type ProgressEvent } from './context';
import { AccountIdentityError, errorCode, toCollectionError } from './errors';
import { createLimiter, type Limiter } from './limit';
import { sortById, uniqueById } from './order';
import { compare, StatsRecorder, type CollectionStats } from './stats';
import { collectV2Parts, type V2Lists } from './v2-collectors';

export interface CollectionClients {
  ec2: EC2Client;
  sts: STSClient;
  directConnect: DirectConnectClient;
  networkFirewall: NetworkFirewallClient;
}

export interface CollectOptions {
  region: string;
  /** Collect only what belongs to these VPCs (change-triggered audits); the snapshot records the scope. */
  vpcIds?: string[];
  /** Requests in flight at once. EC2 throttles Describe calls per account, so keep this modest. */
  concurrency?: number;
  onProgress?: (event: ProgressEvent) => void;
  now?: () => Date;
}

export interface CollectionResult {
  snapshot: Snapshot;
  stats: CollectionStats;
}

export const DEFAULT_CONCURRENCY = 8;

type Lists = { [K in ListKey]: Item<K>[] };

/**
 * Reads one region into a Snapshot. Never throws for one failed EC2 API: the failure goes to
 * snapshot.errors, its list stays empty and the rest is collected. Throws AccountIdentityError when the
 * account cannot be identified, since then no call can succeed.
 */
export async function collectSnapshot(
  clients: CollectionClients,
  options: CollectOptions,
): Promise<CollectionResult> {
  const started = performance.now();
  const collectedAt = (options.now ?? (() => new Date()))();
  const vpcIds = options.vpcIds?.length ? [...new Set(options.vpcIds)].sort(compare) : undefined;
  const stats = new StatsRecorder();
  const ctx: CollectContext = {
    ec2: clients.ec2,
    directConnect: clients.directConnect,
    networkFirewall: clients.networkFirewall,
    stats,
    errors: [],
    onProgress: options.onProgress,
  };
  const limit = createLimiter(options.concurrency ?? DEFAULT_CONCURRENCY);

  const accountId = await identify(clients.sts, ctx);

  const lists = {} as Lists;
  const failed = new Set<ListKey>();
  const collectList = async <K extends ListKey>(key: K): Promise<void> => {
    const collector = LIST_COLLECTORS[key];
    const filterSets = vpcIds && collector.scope !== 'after' ? collector.scope(vpcIds) : [undefined];
    const items = await recordFailure(ctx, collector.api, undefined, async () => {
      const results = await Promise.all(filterSets.map((f) => limit(() => collector.read(ctx, f))));
      return results.flat();
    });
    if (!items) failed.add(key);
    lists[key] = sortById(uniqueById(items ?? [], collector.id), collector.id) as Lists[K];
  };

  let perVpc: PerVpcData = { vpcAttributes: {}, staleSecurityGroups: [] };
  // The VPC list goes first in the queue: the per-VPC calls wait on it.
  const vpcsThenPerVpc = collectList('vpcs').then(async () => {
    perVpc = failed.has('vpcs')
      ? skipPerVpc(ctx)
      : await collectPerVpc(ctx, limit, lists.vpcs.map((v) => v.VpcId).filter(isString));
  });
  let v2: V2Lists = {};
  const v2Parts = collectV2Parts(ctx, limit, vpcIds).then((parts) => {
    v2 = parts;
  });
  await Promise.all([vpcsThenPerVpc, ...LIST_KEYS.filter((k) => k !== 'vpcs').map(collectList), v2Parts]);

  if (vpcIds) narrowToScope(ctx, lists, failed, vpcIds);

  const snapshot: Snapshot = {
    schemaVersion: SNAPSHOT_SCHEMA_VERSION,
    accountId,
    region: options.region,
    collectedAt: collectedAt.toISOString(),
    ...(vpcIds ? { scope: { vpcIds } } : {}),
    vpcs: lists.vpcs,
    vpcAttributes: perVpc.vpcAttributes,
    subnets: lists.subnets,
    routeTables: lists.routeTables,
    internetGateways: lists.internetGateways,
    natGateways: lists.natGateways,
    addresses: lists.addresses,
    securityGroups: lists.securityGroups,
    networkAcls: lists.networkAcls,
    networkInterfaces: lists.networkInterfaces,
    instances: lists.instances,
    flowLogs: lists.flowLogs,
    vpcPeeringConnections: lists.vpcPeeringConnections,
    staleSecurityGroups: perVpc.staleSecurityGroups,
    // In the format's order; a part whose API failed is left out (not collected).
    ...Object.fromEntries(V2_PARTS.filter((part) => v2[part] !== undefined).map((part) => [part, v2[part]])),
    errors: [...ctx.errors].sort(compareErrors),
  };
  return { snapshot, stats: stats.summary(performance.now() - started) };
}

async function identify(sts: STSClient, ctx: CollectContext): Promise<string> {
  let account: string | undefined;
  try {
    const output = await readOne(ctx, 'GetCallerIdentity', () => sts.send(new GetCallerIdentityCommand({})));
    account = output.Account;
  } catch (err) {
    const { code, message } = toCollectionError('GetCallerIdentity', err);
    throw new AccountIdentityError(`sts:GetCallerIdentity failed (${code}): ${message}`, errorCode(err), {
      cause: err,
    });
  }
  if (!account) throw new AccountIdentityError('sts:GetCallerIdentity returned no account id', 'NoAccount');
  return account;
}

interface PerVpcData {
  vpcAttributes: Record<string, VpcAttributes>;
  staleSecurityGroups: StaleSecurityGroup[];
}

/** DNS attributes and stale groups, one call (or pagination) per VPC; a failure names its VPC. */
async function collectPerVpc(ctx: CollectContext, limit: Limiter, vpcIds: string[]): Promise<PerVpcData> {
  const attributes = new Map<string, VpcAttributes>();
  const staleByVpc = new Map<string, StaleSecurityGroup[]>();
  const tasks: Promise<void>[] = [];
  for (const vpcId of vpcIds) {
    for (const attribute of DNS_ATTRIBUTES) {
      tasks.push(
        limit(() =>
          recordFailure(ctx, 'DescribeVpcAttribute', vpcId, () => readVpcAttribute(ctx, vpcId, attribute)),
        ).then((value) => {
          if (value) attributes.set(vpcId, { ...attributes.get(vpcId), ...value });
        }),
      );
    }
    tasks.push(
      limit(() =>
        recordFailure(ctx, 'DescribeStaleSecurityGroups', vpcId, () => readStaleSecurityGroups(ctx, vpcId)),
      ).then((groups) => {
        if (groups) staleByVpc.set(vpcId, groups);
      }),
    );
  }
  await Promise.all(tasks);

  // Object.fromEntries defines each VPC's entry: no id, however odd, can reach Object.prototype.
  const vpcAttributes: Record<string, VpcAttributes> = Object.fromEntries(
    [...attributes.keys()].sort(compare).map((vpcId) => {
      // Both DNS attributes are reported in a fixed order whatever call came back first.
      const { EnableDnsSupport, EnableDnsHostnames } = attributes.get(vpcId) ?? {};
      const entry: VpcAttributes = {
        ...(EnableDnsSupport !== undefined ? { EnableDnsSupport } : {}),
        ...(EnableDnsHostnames !== undefined ? { EnableDnsHostnames } : {}),
      };
      return [vpcId, entry];
    }),
  );
  const stale = [...staleByVpc.values()].flat().map((g) => cleanShape(g));
  stale.sort((a, b) => compare(a.GroupId ?? '', b.GroupId ?? '') || compare(a.VpcId ?? '', b.VpcId ?? ''));
  return { vpcAttributes, staleSecurityGroups: stale };
}

/** Without the VPC list the per-VPC APIs have nothing to ask about: record them as not collected. */
function skipPerVpc(ctx: CollectContext): PerVpcData {
  for (const api of ['DescribeVpcAttribute', 'DescribeStaleSecurityGroups'])
    notCollected(ctx, api, 'DescribeVpcs');
  return { vpcAttributes: {}, staleSecurityGroups: [] };
}

/**
 * Addresses and flow logs have no VPC filter: keep the addresses on the scoped interfaces and the flow
 * logs of the scoped VPCs, their subnets and their interfaces. When the lists that decide this failed,
 * the narrowed list would look complete but be wrong, so it is recorded as not collected instead.
 */
function narrowToScope(ctx: CollectContext, lists: Lists, failed: Set<ListKey>, vpcIds: string[]): void {
  const interfaces = new Set(lists.networkInterfaces.map((x) => x.NetworkInterfaceId));
  const subnets = new Set(lists.subnets.map((x) => x.SubnetId));
  if (!failed.has('addresses')) {
    if (failed.has('networkInterfaces')) {
      notCollected(ctx, 'DescribeAddresses', 'DescribeNetworkInterfaces (needed to scope addresses)');
      lists.addresses = [];
    } else {
      lists.addresses = lists.addresses.filter((a) => interfaces.has(a.NetworkInterfaceId));
    }
  }
  if (!failed.has('flowLogs')) {
    const missing = (['subnets', 'networkInterfaces'] as const).filter((k) => failed.has(k));
    if (missing.length > 0) {
      const apis = missing.map((k) => LIST_COLLECTORS[k].api).join(' and ');
      notCollected(ctx, 'DescribeFlowLogs', `${apis} (needed to scope flow logs)`);
      lists.flowLogs = [];
    } else {
      const scoped = new Set<string | undefined>([...vpcIds, ...subnets, ...interfaces]);
      lists.flowLogs = lists.flowLogs.filter((log) => scoped.has(log.ResourceId));
    }
  }
}

function compareErrors(a: CollectionError, b: CollectionError): number {
  return (
    compare(a.api, b.api) ||
    compare(a.vpcId ?? '', b.vpcId ?? '') ||
    compare(a.code, b.code) ||
    compare(a.message, b.message)
  );
}

function isString(value: string | undefined): value is string {
  return typeof value === 'string';
}
