import { tableLines, type Align } from '../lambda/findings/text-table';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { MAX_PAGE_SIZE } from '../lambda/collect/apis';
import { DEFAULT_SEED, mulberry32 } from './generate';

/**
 * `npx tsx bench/org-simulation.ts [--accounts 1000] [--regions 17] [--concurrency 5,10,25,50] [--seed N] [--no-write]`
 *
 * A seeded discrete-event simulation of one organization run as the state machine performs it:
 * `concurrency` accounts at once (the Map's MaxConcurrency), each auditing its regions one after the
 * other; per target a Lambda start, STS AssumeRole, GetCallerIdentity, the collection (eight EC2 calls
 * in flight, per-VPC calls once DescribeVpcs answers, pages by the real MaxResults), evaluation, and the
 * Security Hub delta (GetFindings pages, an import when something changed). EC2 throttles each account
 * per region and per API with a token bucket (Describe*: 100 tokens, 20 a second, the documented
 * non-mutating limits), part of which the account's own workloads already use; a throttled call is
 * retried with the SDK's exponential backoff. Prints wall time, API calls and throttling per
 * concurrency, and writes bench/results/org-simulation.json.
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
  apiCalls: { ec2: number; sts: number; securityHub: number; total: number };
  /** EC2 calls answered RequestLimitExceeded (each retried after a backoff). */
  throttled: number;
  /** Median and 99th percentile time of one target, seconds. */
  targetSeconds: { p50: number; p99: number; max: number };
  /** Sum of the audit Lambda's durations at 1 GB: what the run costs in Lambda compute. */
  lambdaGbSeconds: number;
  /** State transitions of the Standard workflow and its child executions (priced per 1,000). */
  stateTransitions: number;
}

/** The 12 list APIs of a collection and the page size collection asks for (lambda/collect/apis.ts). */
const LIST_APIS: [api: string, pageSize: number, items: (r: RegionInventory) => number][] = [
  ['DescribeVpcs', MAX_PAGE_SIZE.DescribeVpcs, (r) => r.vpcs],
  ['DescribeSubnets', MAX_PAGE_SIZE.DescribeSubnets, (r) => r.vpcs * 4],
  ['DescribeRouteTables', MAX_PAGE_SIZE.DescribeRouteTables, (r) => r.vpcs * 3],
  ['DescribeInternetGateways', MAX_PAGE_SIZE.DescribeInternetGateways, (r) => r.vpcs],
  ['DescribeNatGateways', MAX_PAGE_SIZE.DescribeNatGateways, (r) => r.vpcs],
  ['DescribeAddresses', Infinity, (r) => Math.ceil(r.instances / 10)],
  ['DescribeSecurityGroups', MAX_PAGE_SIZE.DescribeSecurityGroups, (r) => r.vpcs + r.securityGroups],
  ['DescribeNetworkAcls', MAX_PAGE_SIZE.DescribeNetworkAcls, (r) => r.vpcs * 2],
  ['DescribeNetworkInterfaces', MAX_PAGE_SIZE.DescribeNetworkInterfaces, (r) => r.interfaces],
  ['DescribeInstances', MAX_PAGE_SIZE.DescribeInstances, (r) => r.instances],
  ['DescribeFlowLogs', MAX_PAGE_SIZE.DescribeFlowLogs, (r) => r.vpcs],
  [
    'DescribeVpcPeeringConnections',
    MAX_PAGE_SIZE.DescribeVpcPeeringConnections,
    (r) => Math.floor(r.vpcs / 3),
  ],
];
/** Per VPC: two DescribeVpcAttribute calls (DNS support, DNS hostnames) and DescribeStaleSecurityGroups. */
const PER_VPC_APIS = ['DescribeVpcAttribute', 'DescribeVpcAttribute', 'DescribeStaleSecurityGroups'];

const EC2_BUCKET = { capacity: 100, refillPerSecond: 20 };
const COLLECTION_CONCURRENCY = 8;
const MAX_ATTEMPTS = 8;
const SECURITY_HUB_READS_PER_SECOND = 3;

interface RegionInventory {
  vpcs: number;
  interfaces: number;
  instances: number;
  securityGroups: number;
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
function inventory(random: Random, home: boolean, large: boolean): RegionInventory {
  if (!home) {
    return {
      vpcs: 1,
      interfaces: 0,
      instances: 0,
      securityGroups: 1,
      findings: random() < 0.5 ? 1 : 0,
      changed: false,
    };
  }
  const scale = large ? 12 : 1;
  const vpcs = Math.max(1, Math.round(lognormal(random, 3 * Math.sqrt(scale), 0.6)));
  const interfaces = Math.round(lognormal(random, 60 * scale, 0.9));
  return {
    vpcs,
    interfaces,
    instances: Math.round(interfaces * 0.6),
    securityGroups: Math.round(lognormal(random, 25 * scale, 0.7)),
    findings: Math.round(lognormal(random, 15 * Math.sqrt(scale), 0.8)),
    changed: random() < 0.15,
  };
}

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
  const calls = { ec2: 0, sts: 0, securityHub: 0 };
  let throttled = 0;
  let lambdaMs = 0;
  let warmContainers = 0;
  let busyContainers = 0;
  const targetDurations: number[] = [];

  // The organization: accounts with 1-3 home regions, 5% of them large, each with its own background
  // share (0-60%) of every EC2 bucket.
  const accounts = Array.from({ length: params.accounts }, () => {
    const homes = new Set<number>();
    const homeCount = 1 + Math.floor(random() * 3);
    while (homes.size < Math.min(homeCount, params.regions)) homes.add(Math.floor(random() * params.regions));
    const large = random() < 0.05;
    const background = random() * 0.6;
    return Array.from({ length: params.regions }, (_, r) => ({
      inventory: inventory(random, homes.has(r), large),
      background,
    }));
  });

  /** One EC2 call against its bucket; throttled calls back off (exponential, full jitter) and retry. */
  const ec2Call = (
    buckets: Map<string, Bucket>,
    background: number,
    api: string,
    items: number,
    done: () => void,
  ) => {
    let bucket = buckets.get(api);
    if (!bucket) {
      const share = 1 - background;
      bucket = new Bucket(EC2_BUCKET.capacity * share, (EC2_BUCKET.refillPerSecond * share) / 1000);
      buckets.set(api, bucket);
    }
    const attempt = (n: number) => {
      calls.ec2++;
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
      const queue: [string, number][] = [];
      for (const [api, pageSize, count] of LIST_APIS) {
        const n = count(inv);
        const pages = Number.isFinite(pageSize) ? Math.max(1, Math.ceil(n / pageSize)) : 1;
        for (let p = 0; p < pages; p++)
          queue.push([api, Math.min(n, Number.isFinite(pageSize) ? pageSize : n)]);
      }
      let inFlight = 0;
      let remaining = queue.length + inv.vpcs * PER_VPC_APIS.length;
      const next = () => {
        while (inFlight < COLLECTION_CONCURRENCY && queue.length > 0) {
          const [api, items] = queue.shift()!;
          inFlight++;
          ec2Call(buckets, region.background, api, items, () => {
            inFlight--;
            remaining--;
            // The per-VPC calls are queued once the VPC list is in, as collectSnapshot does.
            if (api === 'DescribeVpcs') {
              for (let v = 0; v < inv.vpcs; v++) for (const perVpc of PER_VPC_APIS) queue.push([perVpc, 1]);
            }
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
  const total = calls.ec2 + calls.sts + calls.securityHub;
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
