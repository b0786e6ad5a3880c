import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors';
import { parseJson, readTextFile } from './load';
import { withoutInterfaceCopy } from './instances';
import {
  SNAPSHOT_SCHEMA_VERSION,
  type CollectionError,
  type ManagedPrefixListWithEntries,
  type NetworkFirewall,
  type Snapshot,
  type TransitGatewayRouteTableWithRoutes,
  type V2Part,
  type VpcAttributes,
} from './types';
import { validateSnapshot } from './validate';

/**
 * Builds a Snapshot from a folder of `aws ec2 describe-* --output json` outputs (and `aws directconnect`,
 * `aws network-firewall` ones), for users who audit without NetAudit's collector. Files are named after
 * the CLI command. A version 1 file that is absent is recorded as a collection error; a version 2 file
 * that is absent leaves its list out. Either way the rules that need it report NOT_EVALUATED instead of
 * passing on no data. docs/collection.md has the commands that write every file.
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

/** The version 2 lists read whole from one file (the per-item ones are read below). */
const V2_LIST_SOURCES: { file: string; key: string; part: V2Part; command: string }[] = [
  { file: 'describe-vpc-endpoints.json', key: 'VpcEndpoints', part: 'vpcEndpoints', command: 'ec2' },
  {
    file: 'describe-egress-only-internet-gateways.json',
    key: 'EgressOnlyInternetGateways',
    part: 'egressOnlyInternetGateways',
    command: 'ec2',
  },
  {
    file: 'describe-vpc-block-public-access-exclusions.json',
    key: 'VpcBlockPublicAccessExclusions',
    part: 'vpcBlockPublicAccessExclusions',
    command: 'ec2',
  },
  { file: 'describe-dhcp-options.json', key: 'DhcpOptions', part: 'dhcpOptions', command: 'ec2' },
  { file: 'describe-transit-gateways.json', key: 'TransitGateways', part: 'transitGateways', command: 'ec2' },
  {
    file: 'describe-transit-gateway-attachments.json',
    key: 'TransitGatewayAttachments',
    part: 'transitGatewayAttachments',
    command: 'ec2',
  },
  {
    file: 'describe-transit-gateway-vpc-attachments.json',
    key: 'TransitGatewayVpcAttachments',
    part: 'transitGatewayVpcAttachments',
    command: 'ec2',
  },
  {
    file: 'describe-transit-gateway-peering-attachments.json',
    key: 'TransitGatewayPeeringAttachments',
    part: 'transitGatewayPeeringAttachments',
    command: 'ec2',
  },
  { file: 'describe-vpn-gateways.json', key: 'VpnGateways', part: 'vpnGateways', command: 'ec2' },
  { file: 'describe-vpn-connections.json', key: 'VpnConnections', part: 'vpnConnections', command: 'ec2' },
  {
    file: 'describe-customer-gateways.json',
    key: 'CustomerGateways',
    part: 'customerGateways',
    command: 'ec2',
  },
  {
    file: 'describe-direct-connect-gateways.json',
    key: 'directConnectGateways',
    part: 'directConnectGateways',
    command: 'directconnect',
  },
  {
    file: 'describe-virtual-interfaces.json',
    key: 'virtualInterfaces',
    part: 'virtualInterfaces',
    command: 'directconnect',
  },
];

/** The files named after a command and a resource id: `get-managed-prefix-list-entries-pl-123.json`. */
const PER_ITEM_COMMANDS: Record<string, string> = {
  'get-managed-prefix-list-entries': 'ec2',
  'search-transit-gateway-routes': 'ec2',
  'get-transit-gateway-route-table-associations': 'ec2',
  'get-transit-gateway-route-table-propagations': 'ec2',
  'describe-direct-connect-gateway-associations': 'directconnect',
  'describe-firewall': 'network-firewall',
};
const OTHER_COMMANDS: Record<string, string> = {
  'describe-managed-prefix-lists': 'ec2',
  'describe-vpc-block-public-access-options': 'ec2',
  'describe-transit-gateway-route-tables': 'ec2',
  'list-firewalls': 'network-firewall',
};

/**
 * Ids that name a member of every JavaScript object: a map keyed by them on a plain object would write
 * to Object.prototype. No AWS id looks like this, so such a file is refused rather than read.
 */
const RESERVED_IDS = new Set(['__proto__', 'constructor', 'prototype']);

/** Refuses an item whose id (`VpcId`, `directConnectGatewayId`...) is a reserved name. */
function checkIds(path: string, items: readonly unknown[]): void {
  items.forEach((item, i) => {
    if (typeof item !== 'object' || item === null) return;
    for (const [key, value] of Object.entries(item)) {
      if (/id$/i.test(key) && typeof value === 'string' && RESERVED_IDS.has(value)) {
        throw new InputError(`${path}: item ${i} has ${key} "${value}", which is not an AWS id`);
      }
    }
  });
}

/** An id that goes into a file name must be a plain name: no path separator, no leading dot. */
function fileIdOf(path: string, id: unknown, what: string): string {
  if (typeof id !== 'string' || !/^[A-Za-z0-9][\w.-]*$/.test(id) || RESERVED_IDS.has(id)) {
    throw new InputError(`${path}: ${what} ${JSON.stringify(id)} cannot name a file`);
  }
  return id;
}

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
  const services: Record<string, string> = {
    ...Object.fromEntries(V2_LIST_SOURCES.map((s) => [s.file.replace(/\.json$/, ''), s.command])),
    ...PER_ITEM_COMMANDS,
    ...OTHER_COMMANDS,
  };
  const known = [...LIST_SOURCES.map((s) => s.file), 'describe-instances.json']
    .map((f) => f.replace(/\.json$/, ''))
    .concat(['describe-stale-security-groups', 'describe-vpc-attribute', ...Object.keys(services)])
    .sort((a, b) => b.length - a.length)
    .find((command) => file.startsWith(command));
  const command = known ?? file.replace(/\.json$/, '');
  return `aws ${Object.hasOwn(services, command) ? services[command] : 'ec2'} ${command}`;
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
  checkIds(join(dir, file), value);
  return value;
}

/** `describe-vpc-attribute*.json`: one file per VPC and attribute, as the CLI prints them. */
function readVpcAttributes(dir: string, files: string[]): Record<string, VpcAttributes> {
  // A Map, never a plain object: the VPC ids come from the files.
  const byVpc = new Map<string, VpcAttributes>();
  for (const file of files) {
    const data = readDump(dir, file);
    const vpcId = data.VpcId;
    if (typeof vpcId !== 'string') throw new InputError(`${join(dir, file)}: expected a "VpcId"`);
    checkIds(join(dir, file), [{ VpcId: vpcId }]);
    const entry = byVpc.get(vpcId) ?? {};
    byVpc.set(vpcId, entry);
    for (const attribute of ['EnableDnsSupport', 'EnableDnsHostnames'] as const) {
      const value = (data[attribute] as { Value?: unknown } | undefined)?.Value;
      if (typeof value === 'boolean') entry[attribute] = value;
    }
  }
  return Object.fromEntries(byVpc);
}

/** What the version 2 files hold, and what they lack. */
interface V2Import {
  lists: Partial<Pick<Snapshot, V2Part>>;
  errors: CollectionError[];
  read: string[];
  missing: string[];
}

/**
 * The version 2 lists. A list file that is absent leaves its part out (not collected). A per-item file
 * that is absent while its parent lists the item (a prefix list without its entries file) is recorded as
 * an error naming the file, which marks the whole part incomplete, as a failed call would.
 */
function readV2(dir: string, present: Set<string>): V2Import {
  const out: V2Import = { lists: {}, errors: [], read: [], missing: [] };
  const lists = out.lists as Record<string, unknown>;
  const has = (file: string): boolean => {
    if (present.has(file)) out.read.push(file);
    return present.has(file);
  };
  const notProvided = (api: string, file: string): void => {
    out.missing.push(file);
    out.errors.push({ api, code: 'NotProvided', message: `${file} is not in ${dir}` });
  };

  for (const source of V2_LIST_SOURCES) {
    if (has(source.file)) lists[source.part] = listFrom(dir, source.file, source.key);
    else out.missing.push(source.file);
  }

  const options = 'describe-vpc-block-public-access-options.json';
  if (has(options)) {
    const value = readDump(dir, options).VpcBlockPublicAccessOptions;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new InputError(`${join(dir, options)}: expected a "VpcBlockPublicAccessOptions" object`);
    }
    out.lists.vpcBlockPublicAccessOptions = value;
  } else out.missing.push(options);

  /** What one file per item of a parent list holds, or undefined (recorded) when the file is absent. */
  const perItem = <R>(
    parentFile: string,
    items: readonly Record<string, unknown>[],
    idKey: string,
    prefix: string,
    api: string,
    read: (file: string) => R,
  ): (R | undefined)[] =>
    items.map((item) => {
      const file = `${prefix}-${fileIdOf(join(dir, parentFile), item[idKey], idKey)}.json`;
      if (has(file)) return read(file);
      notProvided(api, file);
      return undefined;
    });
  /** Each item with what its file adds merged in; an item whose file is absent is kept as listed. */
  const merged = (items: Record<string, unknown>[], found: (object | undefined)[]) =>
    items.map((item, i) => ({ ...item, ...found[i] }));

  const prefixLists = 'describe-managed-prefix-lists.json';
  if (has(prefixLists)) {
    const found = listFrom(dir, prefixLists, 'PrefixLists') as Record<string, unknown>[];
    const entries = perItem(
      prefixLists,
      found,
      'PrefixListId',
      'get-managed-prefix-list-entries',
      'GetManagedPrefixListEntries',
      (file) => ({ Entries: listFrom(dir, file, 'Entries') }),
    );
    out.lists.managedPrefixLists = merged(found, entries) as ManagedPrefixListWithEntries[];
  } else out.missing.push(prefixLists);

  const routeTables = 'describe-transit-gateway-route-tables.json';
  if (has(routeTables)) {
    const tables = listFrom(dir, routeTables, 'TransitGatewayRouteTables') as Record<string, unknown>[];
    const ofTable = <R>(prefix: string, api: string, read: (file: string) => R) =>
      perItem(routeTables, tables, 'TransitGatewayRouteTableId', prefix, api, read);
    const routes = ofTable('search-transit-gateway-routes', 'SearchTransitGatewayRoutes', (file) => {
      if (readDump(dir, file).AdditionalRoutesAvailable === true) {
        out.errors.push({
          api: 'SearchTransitGatewayRoutes',
          code: 'TruncatedResults',
          message: `${file} says more routes exist (AdditionalRoutesAvailable) than it holds`,
        });
      }
      return { Routes: listFrom(dir, file, 'Routes') };
    });
    const associations = ofTable(
      'get-transit-gateway-route-table-associations',
      'GetTransitGatewayRouteTableAssociations',
      (file) => ({ Associations: listFrom(dir, file, 'Associations') }),
    );
    const propagations = ofTable(
      'get-transit-gateway-route-table-propagations',
      'GetTransitGatewayRouteTablePropagations',
      (file) => ({ Propagations: listFrom(dir, file, 'TransitGatewayRouteTablePropagations') }),
    );
    out.lists.transitGatewayRouteTables = merged(
      merged(merged(tables, routes), associations),
      propagations,
    ) as TransitGatewayRouteTableWithRoutes[];
  } else out.missing.push(routeTables);

  // The API lists associations per gateway: one file for each, merged.
  const gateways = out.lists.directConnectGateways as Record<string, unknown>[] | undefined;
  if (gateways) {
    const found = perItem(
      'describe-direct-connect-gateways.json',
      gateways,
      'directConnectGatewayId',
      'describe-direct-connect-gateway-associations',
      'DescribeDirectConnectGatewayAssociations',
      (file) => listFrom(dir, file, 'directConnectGatewayAssociations'),
    );
    lists.directConnectGatewayAssociations = found.flatMap((associations) => associations ?? []);
  }

  // A firewall without its describe-firewall file is left out, as the collector leaves out one it
  // could not describe: the list entry holds only its name.
  const firewalls = 'list-firewalls.json';
  if (has(firewalls)) {
    const listed = listFrom(dir, firewalls, 'Firewalls') as Record<string, unknown>[];
    const described = perItem(
      firewalls,
      listed,
      'FirewallName',
      'describe-firewall',
      'DescribeFirewall',
      (file) => {
        const data = readDump(dir, file);
        const firewall = data.Firewall;
        if (typeof firewall !== 'object' || firewall === null || Array.isArray(firewall)) {
          throw new InputError(`${join(dir, file)}: expected a "Firewall" object`);
        }
        checkIds(join(dir, file), [firewall]);
        return { ...firewall, ...(data.FirewallStatus ? { FirewallStatus: data.FirewallStatus } : {}) };
      },
    );
    out.lists.networkFirewalls = described.filter((f) => f !== undefined) as NetworkFirewall[];
  } else out.missing.push(firewalls);
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

  const v2 = readV2(dir, present);
  read.push(...v2.read);
  missing.push(...v2.missing);
  errors.push(...v2.errors);
  Object.assign(partial, v2.lists);

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
