import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors';
import { parseJson, readTextFile } from './load';
import { withoutInterfaceCopy } from './instances';
import { SNAPSHOT_SCHEMA_VERSION, type CollectionError, type Snapshot, type VpcAttributes } from './types';
import { reservedNameProblem } from './item-checks';
import { validateSnapshot } from './validate';

/**
 * Builds a Snapshot from a folder of `aws ec2 describe-* --output json` outputs, for users who audit
 * without NetAudit's collector. Files are named after the CLI command; a file that is absent is recorded
 * as a collection error, so the rules that need it report NOT_EVALUATED instead of passing on no data.
 */
interface ListSource {
  file: string;
  api: string;
  key: string;
  part: keyof Snapshot;
}

const LIST_SOURCES: ListSource[] = [
  { file: 'describe-vpcs.json', api: 'DescribeVpcs', key: 'Vpcs', part: 'vpcs' },
  { file: 'describe-subnets.json', api: 'DescribeSubnets', key: 'Subnets', part: 'subnets' },
  { file: 'describe-route-tables.json', api: 'DescribeRouteTables', key: 'RouteTables', part: 'routeTables' },
  {
    file: 'describe-internet-gateways.json',
    api: 'DescribeInternetGateways',
    key: 'InternetGateways',
    part: 'internetGateways',
  },
  { file: 'describe-nat-gateways.json', api: 'DescribeNatGateways', key: 'NatGateways', part: 'natGateways' },
  { file: 'describe-addresses.json', api: 'DescribeAddresses', key: 'Addresses', part: 'addresses' },
  {
    file: 'describe-security-groups.json',
    api: 'DescribeSecurityGroups',
    key: 'SecurityGroups',
    part: 'securityGroups',
  },
  { file: 'describe-network-acls.json', api: 'DescribeNetworkAcls', key: 'NetworkAcls', part: 'networkAcls' },
  {
    file: 'describe-network-interfaces.json',
    api: 'DescribeNetworkInterfaces',
    key: 'NetworkInterfaces',
    part: 'networkInterfaces',
  },
  { file: 'describe-flow-logs.json', api: 'DescribeFlowLogs', key: 'FlowLogs', part: 'flowLogs' },
  {
    file: 'describe-vpc-peering-connections.json',
    api: 'DescribeVpcPeeringConnections',
    key: 'VpcPeeringConnections',
    part: 'vpcPeeringConnections',
  },
];

export interface ImportOptions {
  region?: string;
  accountId?: string;
  collectedAt?: string;
}

export interface ImportResult {
  snapshot: Snapshot;
  /** Files read, and expected files that were absent (their data is marked as not collected). */
  read: string[];
  missing: string[];
}

/** `describe-vpc-attribute-vpc-1-dns.json` → `aws ec2 describe-vpc-attribute`, for error messages. */
function cliCommandOf(file: string): string {
  if (file === 'get-caller-identity.json') return 'aws sts get-caller-identity';
  const known = [...LIST_SOURCES.map((s) => s.file), 'describe-instances.json']
    .map((f) => f.replace(/\.json$/, ''))
    .concat(['describe-stale-security-groups', 'describe-vpc-attribute'])
    .sort((a, b) => b.length - a.length)
    .find((command) => file.startsWith(command));
  return `aws ec2 ${known ?? file.replace(/\.json$/, '')}`;
}

function readDump(dir: string, file: string): Record<string, unknown> {
  const path = join(dir, file);
  const data = parseJson(readTextFile(path, 'file'), path);
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new InputError(`${path}: expected the JSON object that \`${cliCommandOf(file)}\` prints`);
  }
  return data as Record<string, unknown>;
}

function listFrom(dir: string, file: string, key: string): unknown[] {
  const value = readDump(dir, file)[key];
  if (!Array.isArray(value)) throw new InputError(`${join(dir, file)}: expected a "${key}" list`);
  return value;
}

/** `describe-vpc-attribute*.json`: one file per VPC and attribute, as the CLI prints them. */
function readVpcAttributes(dir: string, files: string[]): Record<string, VpcAttributes> {
  const out: Record<string, VpcAttributes> = {};
  for (const file of files) {
    const data = readDump(dir, file);
    const vpcId = data.VpcId;
    if (typeof vpcId !== 'string') throw new InputError(`${join(dir, file)}: expected a "VpcId"`);
    const reserved = reservedNameProblem(vpcId);
    if (reserved) throw new InputError(`${join(dir, file)}: VpcId: ${reserved}`);
    const entry = (out[vpcId] ??= {});
    for (const attribute of ['EnableDnsSupport', 'EnableDnsHostnames'] as const) {
      const value = (data[attribute] as { Value?: unknown } | undefined)?.Value;
      if (typeof value === 'boolean') entry[attribute] = value;
    }
  }
  return out;
}

function inferRegion(snapshot: Partial<Snapshot>): string | undefined {
  const az = snapshot.subnets?.find((s) => s.AvailabilityZone)?.AvailabilityZone;
  // `eu-west-1b`, but also Local Zones (`us-west-2-lax-1a`) and Wavelength Zones: the region is the prefix.
  return az?.match(/^[a-z]{2,4}(?:-[a-z]+)+-\d+/)?.[0];
}

function inferAccount(dir: string, names: Set<string>, snapshot: Partial<Snapshot>): string | undefined {
  if (names.has('get-caller-identity.json')) {
    const account = readDump(dir, 'get-caller-identity.json').Account;
    if (typeof account === 'string') return account;
  }
  return (
    snapshot.vpcs?.find((v) => v.OwnerId)?.OwnerId ?? snapshot.securityGroups?.find((g) => g.OwnerId)?.OwnerId
  );
}

export function importCliDumps(dir: string, options: ImportOptions = {}): ImportResult {
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new InputError(`not a directory: ${dir}`);
    names = readdirSync(dir).sort();
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`directory not found: ${dir}`);
  }
  const present = new Set(names);
  const partial: Partial<Snapshot> = {};
  const lists = partial as Record<string, unknown>;
  const errors: CollectionError[] = [];
  const read: string[] = [];
  const missing: string[] = [];

  for (const source of LIST_SOURCES) {
    if (present.has(source.file)) {
      lists[source.part] = listFrom(dir, source.file, source.key);
      read.push(source.file);
    } else {
      lists[source.part] = [];
      missing.push(source.file);
      errors.push({ api: source.api, code: 'NotProvided', message: `${source.file} is not in ${dir}` });
    }
  }

  if (present.has('describe-instances.json')) {
    const reservations = listFrom(dir, 'describe-instances.json', 'Reservations') as {
      Instances?: unknown[];
    }[];
    partial.instances = reservations.flatMap((r) =>
      (r.Instances ?? []).map((i) => (typeof i === 'object' && i !== null ? withoutInterfaceCopy(i) : i)),
    ) as Snapshot['instances'];
    read.push('describe-instances.json');
  } else {
    partial.instances = [];
    missing.push('describe-instances.json');
    errors.push({
      api: 'DescribeInstances',
      code: 'NotProvided',
      message: `describe-instances.json is not in ${dir}`,
    });
  }

  const staleFiles = names.filter((n) => /^describe-stale-security-groups.*\.json$/.test(n));
  partial.staleSecurityGroups = staleFiles.flatMap((f) =>
    listFrom(dir, f, 'StaleSecurityGroupSet'),
  ) as Snapshot['staleSecurityGroups'];
  read.push(...staleFiles);
  if (staleFiles.length === 0) {
    missing.push('describe-stale-security-groups*.json');
    errors.push({
      api: 'DescribeStaleSecurityGroups',
      code: 'NotProvided',
      message: `no describe-stale-security-groups*.json in ${dir}`,
    });
  }

  const attributeFiles = names.filter((n) => /^describe-vpc-attribute.*\.json$/.test(n));
  partial.vpcAttributes = readVpcAttributes(dir, attributeFiles);
  read.push(...attributeFiles);
  if (attributeFiles.length === 0) {
    missing.push('describe-vpc-attribute*.json');
    errors.push({
      api: 'DescribeVpcAttribute',
      code: 'NotProvided',
      message: `no describe-vpc-attribute*.json in ${dir}`,
    });
  }

  const region = options.region ?? inferRegion(partial);
  if (!region) throw new InputError(`cannot tell the region of ${dir}: pass --region`);
  const accountId = options.accountId ?? inferAccount(dir, present, partial);
  if (!accountId)
    throw new InputError(`cannot tell the account of ${dir}: pass --account or add get-caller-identity.json`);
  const newest = read.reduce((t, f) => Math.max(t, statSync(join(dir, f)).mtimeMs), 0);
  const collectedAt = options.collectedAt ?? new Date(newest || 0).toISOString().replace(/\.\d{3}Z$/, 'Z');

  const snapshot = validateSnapshot(
    { schemaVersion: SNAPSHOT_SCHEMA_VERSION, accountId, region, collectedAt, ...partial, errors },
    dir,
  );
  return { snapshot, read, missing };
}
