import { tableLines, type Align } from '../lambda/findings/text-table';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { MAX_PAGE_SIZE, serviceOf, type CollectionApi } from '../lambda/collect/apis';
import { DEFAULT_SEED, mulberry32 } from './generate';

/**
 * `npx tsx bench/org-simulation.ts [--accounts 1000] [--regions 17] [--concurrency 5,10,25,50] [--seed N] [--no-write]`
 *
 * A seeded discrete-event simulation of one organization run as the state machine performs it:
 * `concurrency` accounts at once (the Map's MaxConcurrency), each auditing its regions one after the
 * other; per target a Lambda start, STS AssumeRole, GetCallerIdentity, the collection (eight calls in
 * flight: every list API the collector calls, EC2, Direct Connect and Network Firewall, pages by the real
 * MaxResults; the per-VPC calls once DescribeVpcs answers, and the per-item calls once their parent list
 * is in: prefix list entries, three calls per transit gateway route table, associations per Direct Connect
 * gateway, DescribeFirewall per firewall), evaluation, and the Security Hub delta (GetFindings pages, an
 * import when something changed). EC2 throttles each account per region and per API with a token bucket
 * (Describe*: 100 tokens, 20 a second, the documented non-mutating limits), part of which the account's
 * own workloads already use; Direct Connect and Network Firewall are given buckets of the same size (an
 * assumption: their limits are not documented per API). A throttled call is retried with the SDK's
 * exponential backoff. Prints wall time, API calls and throttling per concurrency, and writes
 * bench/results/org-simulation.json.
 */

export interface SimulationParams {
  accounts: number;
  regions: number;
  /** Accounts audited at once (regions of one account go one after the other). */
  concurrency: number;
  seed: number;
}

export interface SimulationResult extends SimulationParams {
  targets: number;
  wallSeconds: number;
  apiCalls: {
    ec2: number;
    directConnect: number;
    networkFirewall: number;
    sts: number;
    securityHub: number;
    total: number;
  };
  /** Collection calls answered with a throttling error (each retried after a backoff). */
  throttled: number;
  /** Median and 99th percentile time of one target, seconds. */
  targetSeconds: { p50: number; p99: number; max: number };
  /** Sum of the audit Lambda's durations at 1 GB: what the run costs in Lambda compute. */
  lambdaGbSeconds: number;
  /** State transitions of the Standard workflow and its child executions (priced per 1,000). */
  stateTransitions: number;
}

type Count = (r: RegionInventory) => number;

/** The list APIs of a collection, region-wide, and how many items each returns (lambda/collect/). */
const LIST_APIS: [api: CollectionApi, items: Count][] = [
  ['DescribeVpcs', (r) => r.vpcs],
  ['DescribeSubnets', (r) => r.vpcs * 4],
  ['DescribeRouteTables', (r) => r.vpcs * 3],
  ['DescribeInternetGateways', (r) => r.vpcs],
  ['DescribeNatGateways', (r) => r.vpcs],
  ['DescribeAddresses', (r) => Math.ceil(r.instances / 10)],
  ['DescribeSecurityGroups', (r) => r.vpcs + r.securityGroups],
  ['DescribeNetworkAcls', (r) => r.vpcs * 2],
  ['DescribeNetworkInterfaces', (r) => r.interfaces],
  ['DescribeInstances', (r) => r.instances],
  ['DescribeFlowLogs', (r) => r.vpcs],
  ['DescribeVpcPeeringConnections', (r) => Math.floor(r.vpcs / 3)],
  // Version 2: what a packet's path needs beyond the VPC itself.
  ['DescribeManagedPrefixLists', (r) => r.prefixLists],
  ['DescribeVpcEndpoints', (r) => r.vpcs * 2],
  ['DescribeEgressOnlyInternetGateways', (r) => Math.floor(r.vpcs / 4)],
  ['DescribeVpcBlockPublicAccessOptions', () => 1],
  ['DescribeVpcBlockPublicAccessExclusions', () => 0],
  ['DescribeDhcpOptions', () => 1],
  ['DescribeTransitGateways', (r) => r.transitGateways],
  ['DescribeTransitGatewayAttachments', (r) => r.transitGatewayAttachments],
  ['DescribeTransitGatewayVpcAttachments', (r) => r.transitGatewayAttachments],
  ['DescribeTransitGatewayPeeringAttachments', () => 0],
  ['DescribeTransitGatewayRouteTables', (r) => r.transitGatewayRouteTables],
  ['DescribeVpnGateways', (r) => r.vpnConnections],
  ['DescribeVpnConnections', (r) => r.vpnConnections],
  ['DescribeCustomerGateways', (r) => Math.min(2, r.vpnConnections)],
  ['DescribeDirectConnectGateways', (r) => r.directConnectGateways],
  ['DescribeVirtualInterfaces', (r) => r.directConnectGateways * 2],
  ['ListFirewalls', (r) => r.firewalls],
];
/** Per VPC: two DescribeVpcAttribute calls (DNS support, DNS hostnames) and DescribeStaleSecurityGroups. */
const PER_VPC_APIS: CollectionApi[] = [
  'DescribeVpcAttribute',
  'DescribeVpcAttribute',
  'DescribeStaleSecurityGroups',
];
/** Calls made once per item of a parent list, when that list is in: [parent, calls per item, items each]. */
const PER_ITEM_APIS: [parent: CollectionApi, api: CollectionApi, parents: Count, items: Count][] = [
  ['DescribeManagedPrefixLists', 'GetManagedPrefixListEntries', (r) => r.prefixLists, () => 20],
  [
    'DescribeTransitGatewayRouteTables',
    'SearchTransitGatewayRoutes',
    (r) => r.transitGatewayRouteTables,
    (r) => r.vpcs + 4,
  ],
  [
    'DescribeTransitGatewayRouteTables',
    'GetTransitGatewayRouteTableAssociations',
    (r) => r.transitGatewayRouteTables,
    (r) => r.transitGatewayAttachments,
  ],
  [
    'DescribeTransitGatewayRouteTables',
    'GetTransitGatewayRouteTablePropagations',
    (r) => r.transitGatewayRouteTables,
    (r) => r.transitGatewayAttachments,
  ],
  [
    'DescribeDirectConnectGateways',
    'DescribeDirectConnectGatewayAssociations',
    (r) => r.directConnectGateways,
    () => 2,
  ],
  ['ListFirewalls', 'DescribeFirewall', (r) => r.firewalls, () => 1],
];

/** Every collection API the simulation models (GetCallerIdentity is the STS call every target makes). */
export const MODELED_APIS: readonly CollectionApi[] = [
  'GetCallerIdentity',
  ...LIST_APIS.map(([api]) => api),
  ...PER_VPC_APIS,
  ...PER_ITEM_APIS.map(([, api]) => api),
];

/** The item counts of each page of a list call: the largest page collection asks for, or one call. */
function pagesOf(api: CollectionApi, items: number): number[] {
  const size = (MAX_PAGE_SIZE as Partial<Record<CollectionApi, number>>)[api] ?? Infinity;
  if (!Number.isFinite(size) || items <= size) return [items];
  return Array.from({ length: Math.ceil(items / size) }, (_, p) => Math.min(size, items - p * size));
}

const EC2_BUCKET = { capacity: 100, refillPerSecond: 20 };
const COLLECTION_CONCURRENCY = 8;
const MAX_ATTEMPTS = 8;
const SECURITY_HUB_READS_PER_SECOND = 3;

interface RegionInventory {
  vpcs: number;
  interfaces: number;
  instances: number;
  securityGroups: number;
  /** AWS-managed prefix lists (S3, DynamoDB, CloudFront...) are in every region, the account's own beside them. */
  prefixLists: number;
  transitGateways: number;
  transitGatewayAttachments: number;
  transitGatewayRouteTables: number;
  vpnConnections: number;
  /** Direct Connect gateways are global: every region's DescribeDirectConnectGateways lists them all. */
  directConnectGateways: number;
  firewalls: number;
  /** Active NetAudit findings already in Security Hub. */
  findings: number;
  /** Something changed since the last run: an import is needed. */
  changed: boolean;
}

type Random = () => number;

/** Lognormal-ish positive number around `median`, spread by `sigma`. */
function lognormal(random: Random, median: number, sigma: number): number {
  // Box-Muller from two uniforms.
  const u = Math.max(random(), 1e-12);
  const v = random();
  return median * Math.exp(sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
}

/**
 * Every enabled region has a default VPC; a few "home" regions per account hold the workloads, and a
 * few accounts are large (hundreds of interfaces, tens of VPCs).
 */
function inventory(random: Random, home: boolean, large: boolean, dxGateways: number): RegionInventory {
  const quiet = {
    prefixLists: AWS_MANAGED_PREFIX_LISTS,
    transitGateways: 0,
    transitGatewayAttachments: 0,
    transitGatewayRouteTables: 0,
    vpnConnections: 0,
    directConnectGateways: dxGateways,
    firewalls: 0,
  };
  if (!home) {
    return {
      vpcs: 1,
      interfaces: 0,
      instances: 0,
      securityGroups: 1,
      ...quiet,
      findings: random() < 0.5 ? 1 : 0,
      changed: false,
    };
  }
  const scale = large ? 12 : 1;
  const vpcs = Math.max(1, Math.round(lognormal(random, 3 * Math.sqrt(scale), 0.6)));
  const interfaces = Math.round(lognormal(random, 60 * scale, 0.9));
  // A home region of a large (network) account owns a transit gateway with its VPN and inspection
  // firewalls; the others see it shared (DescribeTransitGateways lists it) with their own attachments.
  const hub = large || random() < 0.1;
  return {
    vpcs,
    interfaces,
    instances: Math.round(interfaces * 0.6),
    securityGroups: Math.round(lognormal(random, 25 * scale, 0.7)),
    ...quiet,
    prefixLists: AWS_MANAGED_PREFIX_LISTS + (random() < 0.3 ? 2 : 0),
    transitGateways: hub || random() < 0.5 ? 1 : 0,
    transitGatewayAttachments: hub ? vpcs + 2 : random() < 0.5 ? vpcs : 0,
    transitGatewayRouteTables: hub ? 2 : 0,
    vpnConnections: hub ? 2 : 0,
    firewalls: hub && random() < 0.5 ? 2 : 0,
    findings: Math.round(lognormal(random, 15 * Math.sqrt(scale), 0.8)),
    changed: random() < 0.15,
  };
}

/** AWS-managed prefix lists DescribeManagedPrefixLists returns in a commercial region. */
const AWS_MANAGED_PREFIX_LISTS = 8;

/** A token bucket per account, region and API, of which the account's own workloads use a share. */
class Bucket {
  private tokens: number;
  private last = 0;
  constructor(
    private readonly capacity: number,
    private readonly refillPerMs: number,
  ) {
    this.tokens = capacity;
  }
  take(now: number): boolean {
    this.tokens = Math.min(this.capacity, this.tokens + (now - this.last) * this.refillPerMs);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** The event loop: a binary heap of (time, sequence, action); ties run in scheduling order. */
class EventQueue {
  now = 0;
  private heap: { at: number; seq: number; run: () => void }[] = [];
  private seq = 0;
  at(delay: number, run: () => void): void {
    const item = { at: this.now + Math.max(0, delay), seq: this.seq++, run };
    const h = this.heap;
    h.push(item);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.before(h[p]!, item)) break;
      h[i] = h[p]!;
      i = p;
    }
    h[i] = item;
  }
  run(): void {
    const h = this.heap;
    while (h.length > 0) {
      const top = h[0]!;
      const last = h.pop()!;
      if (h.length > 0) {
        let i = 0;
        for (;;) {
          const l = 2 * i + 1;
          const r = l + 1;
          let m = i;
          let best = last;
          if (l < h.length && this.before(h[l]!, best)) {
            m = l;
            best = h[l]!;
          }
          if (r < h.length && this.before(h[r]!, best)) m = r;
          if (m === i) break;
          h[i] = h[m]!;
          i = m;
        }
        h[i] = last;
      }
      this.now = top.at;
      top.run();
    }
  }
  private before(a: { at: number; seq: number }, b: { at: number; seq: number }): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

export function simulateOrganization(params: SimulationParams): SimulationResult {
  const random = mulberry32(params.seed);
  const q = new EventQueue();
  const calls = { ec2: 0, directConnect: 0, networkFirewall: 0, sts: 0, securityHub: 0 };
  let throttled = 0;
  let lambdaMs = 0;
  let warmContainers = 0;
  let busyContainers = 0;
  const targetDurations: number[] = [];

  // The organization: accounts with 1-3 home regions, 5% of them large (their network account has a
  // Direct Connect gateway or two), each with its own background share (0-60%) of every EC2 bucket.
  const accounts = Array.from({ length: params.accounts }, () => {
    const homes = new Set<number>();
    const homeCount = 1 + Math.floor(random() * 3);
    while (homes.size < Math.min(homeCount, params.regions)) homes.add(Math.floor(random() * params.regions));
    const large = random() < 0.05;
    const background = random() * 0.6;
    const dxGateways = large ? 1 + Math.floor(random() * 2) : 0;
    return Array.from({ length: params.regions }, (_, r) => ({
      inventory: inventory(random, homes.has(r), large, dxGateways),
      background,
    }));
  });

  /** One collection call against its bucket; throttled calls back off (exponential, full jitter) and retry. */
  const serviceCall = (
    buckets: Map<string, Bucket>,
    background: number,
    api: CollectionApi,
    items: number,
    done: () => void,
  ) => {
    let bucket = buckets.get(api);
    if (!bucket) {
      const share = 1 - background;
      bucket = new Bucket(EC2_BUCKET.capacity * share, (EC2_BUCKET.refillPerSecond * share) / 1000);
      buckets.set(api, bucket);
    }
    const service = serviceOf(api);
    const attempt = (n: number) => {
      if (service === 'directconnect') calls.directConnect++;
      else if (service === 'network-firewall') calls.networkFirewall++;
      else calls.ec2++;
      if (bucket!.take(q.now)) {
        q.at(lognormal(random, 90, 0.35) + items * 0.15, done);
      } else {
        throttled++;
        const backoff = random() * Math.min(20_000, 100 * 2 ** n);
        q.at(30 + backoff, () => (n + 1 < MAX_ATTEMPTS ? attempt(n + 1) : done()));
      }
    };
    attempt(0);
  };

  /** One target: Lambda start → STS → collection → evaluation → Security Hub delta. */
  const auditTarget = (region: { inventory: RegionInventory; background: number }, done: () => void) => {
    const started = q.now;
    const inv = region.inventory;
    const cold = busyContainers >= warmContainers;
    busyContainers++;
    if (cold) warmContainers++;
    const buckets = new Map<string, Bucket>();
    const finish = () => {
      const ms = q.now - started;
      targetDurations.push(ms);
      lambdaMs += ms;
      busyContainers--;
      done();
    };
    const publish = () => {
      const readPace = 1000 / SECURITY_HUB_READS_PER_SECOND;
      const pages = Math.max(1, Math.ceil(inv.findings / 100));
      calls.securityHub += pages + (inv.changed ? 2 : 0);
      const ms = pages * Math.max(readPace, 180) + (inv.changed ? 2 * 250 : 0);
      q.at(ms, finish);
    };
    const evaluate = () => q.at(5 + (inv.interfaces + inv.securityGroups) * 0.05, publish);
    const collect = () => {
      const queue: [CollectionApi, number][] = [];
      let remaining = 0;
      /** Pages of a list still to come: its dependent calls are queued when the last one is in. */
      const pagesLeft = new Map<CollectionApi, number>();
      const enqueue = (api: CollectionApi, n: number) => {
        const pages = pagesOf(api, n);
        for (const items of pages) queue.push([api, items]);
        pagesLeft.set(api, (pagesLeft.get(api) ?? 0) + pages.length);
        remaining += pages.length;
      };
      for (const [api, count] of LIST_APIS) enqueue(api, count(inv));
      const listed = (api: CollectionApi) => {
        // The per-VPC calls wait for the VPC list, the per-item calls for their parent list, as the collector.
        if (api === 'DescribeVpcs') {
          for (let v = 0; v < inv.vpcs; v++) for (const perVpc of PER_VPC_APIS) enqueue(perVpc, 1);
        }
        for (const [parent, perItem, parents, items] of PER_ITEM_APIS) {
          if (parent === api) for (let k = 0; k < parents(inv); k++) enqueue(perItem, items(inv));
        }
      };
      let inFlight = 0;
      const next = () => {
        while (inFlight < COLLECTION_CONCURRENCY && queue.length > 0) {
          const [api, items] = queue.shift()!;
          inFlight++;
          serviceCall(buckets, region.background, api, items, () => {
            inFlight--;
            remaining--;
            const left = pagesLeft.get(api)! - 1;
            pagesLeft.set(api, left);
            if (left === 0) listed(api);
            if (remaining === 0) evaluate();
            else next();
          });
        }
      };
      next();
    };
    // Cold start ~0.9 s (the bundle loads its SDK), warm ~20 ms; then AssumeRole and GetCallerIdentity.
    calls.sts += 2;
    q.at((cold ? 900 : 20) + lognormal(random, 120, 0.3) + lognormal(random, 45, 0.3), collect);
  };

  // The Map: `concurrency` accounts at once; each account's regions in turn, then its summary Lambda.
  let nextAccount = 0;
  let transitions = 4;
  const startAccount = () => {
    const account = accounts[nextAccount++];
    if (!account) return;
    transitions += 4;
    let region = 0;
    const nextRegion = () => {
      const r = account[region++];
      if (!r) {
        q.at(60, startAccount);
        return;
      }
      transitions += 3;
      // Step Functions adds tens of milliseconds around each task.
      q.at(40, () => auditTarget(r, nextRegion));
    };
    nextRegion();
  };
  q.at(300, () => {
    for (let i = 0; i < params.concurrency; i++) startAccount();
  });
  q.run();

  const sorted = targetDurations.sort((a, b) => a - b);
  const total = Object.values(calls).reduce((sum, n) => sum + n, 0);
  const round = (n: number, d = 1) => Math.round(n * 10 ** d) / 10 ** d;
  return {
    ...params,
    targets: params.accounts * params.regions,
    wallSeconds: round(q.now / 1000),
    apiCalls: { ...calls, total },
    throttled,
    targetSeconds: {
      p50: round(percentile(sorted, 0.5) / 1000, 2),
      p99: round(percentile(sorted, 0.99) / 1000, 2),
      max: round((sorted[sorted.length - 1] ?? 0) / 1000, 2),
    },
    lambdaGbSeconds: Math.round(lambdaMs / 1000),
    stateTransitions: transitions,
  };
}

const hms = (seconds: number) => {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.round(seconds % 60);
  return `${h}h ${String(m).padStart(2, '0')}m ${String(s).padStart(2, '0')}s`;
};

export function formatSimulationTable(results: readonly SimulationResult[]): string {
  const header = [
    'concurrency',
    'wall time',
    'API calls',
    'EC2',
    'throttled',
    'target p50',
    'target p99',
    'Lambda GB-s',
  ];
  const rows = results.map((r) => [
    String(r.concurrency),
    hms(r.wallSeconds),
    r.apiCalls.total.toLocaleString('en-US'),
    r.apiCalls.ec2.toLocaleString('en-US'),
    r.throttled.toLocaleString('en-US'),
    `${r.targetSeconds.p50} s`,
    `${r.targetSeconds.p99} s`,
    r.lambdaGbSeconds.toLocaleString('en-US'),
  ]);
  return tableLines([header, ...rows], { align: header.map((): Align => 'right') }).join('\n');
}

function main(): void {
  const { values } = parseArgs({
    options: {
      accounts: { type: 'string', default: '1000' },
      regions: { type: 'string', default: '17' },
      concurrency: { type: 'string', default: '5,10,25,50' },
      seed: { type: 'string', default: String(DEFAULT_SEED) },
      'no-write': { type: 'boolean', default: false },
    },
  });
  const base = {
    accounts: Number(values.accounts),
    regions: Number(values.regions),
    seed: Number(values.seed),
  };
  const started = performance.now();
  const results = values.concurrency
    .split(',')
    .map((c) => simulateOrganization({ ...base, concurrency: Number(c) }));
  console.log(
    `Organization run: ${base.accounts} accounts x ${base.regions} regions = ${results[0]?.targets} targets ` +
      `(seed ${base.seed}, simulated in ${Math.round(performance.now() - started)} ms)\n`,
  );
  console.log(formatSimulationTable(results));
  if (!values['no-write']) {
    const dir = resolve(__dirname, 'results');
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'org-simulation.json'),
      `${JSON.stringify({ params: base, results }, null, 2)}\n`,
    );
    console.log(`\nwrote ${join('bench', 'results', 'org-simulation.json')}`);
  }
}

if (require.main === module) main();
