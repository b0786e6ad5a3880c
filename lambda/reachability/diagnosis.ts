import type { PortSet } from '../net/ports';

export type IpVersion = 4 | 6;
/** Transport protocols with ports: the only ones a path query asks about. */
export type Transport = 'tcp' | 'udp';
export type Direction = 'egress' | 'ingress';

/** One question about one interface: "can it reach the internet on TCP 443?" or "can the internet reach port 22?". */
export interface PathQuery {
  direction: Direction;
  protocol: Transport;
  port: number;
  ipVersion: IpVersion;
}

export const DEFAULT_EGRESS_QUERY: PathQuery = {
  direction: 'egress',
  protocol: 'tcp',
  port: 443,
  ipVersion: 4,
};

export type StepStatus = 'PASS' | 'FAIL' | 'SKIP';

/** The ordered checklist of RULES.md ("Reachability"): the numbers are part of the public output. */
export const STEP_NAMES = {
  1: 'instance state',
  2: 'security groups',
  3: 'network ACL',
  4: 'route table',
  5: 'gateway',
  6: 'public address',
  7: 'DNS attributes',
} as const;
export type StepNumber = keyof typeof STEP_NAMES;

/**
 * Stable names of the hops a path crosses, named after what breaks them: a check's hop is the failure it
 * guards against (a passing route check still says `no-route`). A failed check's hop is what NET.2 names
 * and what `explain` reports as "broken at"; tests and dashboards can match on it.
 */
export type Hop =
  | 'instance-state'
  | 'interface-detached'
  | 'instance-not-running'
  | 'sg-egress'
  | 'sg-ingress'
  | 'nacl-outbound'
  | 'nacl-inbound'
  | 'nacl-return'
  | 'nacl-missing'
  | 'route-table-missing'
  | 'no-route'
  | 'blackhole-route'
  | 'route-not-internet'
  | 'leaves-vpc'
  | 'gateway'
  | 'igw-not-attached'
  | 'nat-missing'
  | 'nat-not-available'
  | 'nat-private'
  | 'nat-no-eip'
  | 'nat-no-internet-route'
  | 'nat-nacl'
  | 'public-address'
  | 'no-public-ip'
  | 'no-ipv6-address'
  | 'dns';

/** One fact checked on the path, with the evidence (ids, rule numbers, routes) and the change that fixes it. */
export interface Check {
  status: StepStatus;
  hop: Hop;
  message: string;
  evidence: string[];
  fix?: string;
}

export interface DiagnosisStep {
  step: StepNumber;
  name: (typeof STEP_NAMES)[StepNumber];
  /** FAIL when any check failed, else PASS when any passed, else SKIP. */
  status: StepStatus;
  /**
   * Advisory steps (DNS) are reported but do not decide the verdict: the snapshot does not hold DHCP
   * option sets, so a VPC without Amazon DNS may still resolve names through its own servers.
   */
  advisory: boolean;
  checks: Check[];
}

/** `works`: every hop passes. `unverifiable`: the path leaves the VPC (peering, transit gateway...). */
export type Verdict = 'works' | 'broken' | 'unverifiable';

/**
 * The one structured answer of `netaudit explain`. The NET rules take their verdict and broken hop from the
 * same checks (`pathVerdict`, `brokenPath`, property-tested equal to this), so they never disagree.
 */
export interface Diagnosis {
  interfaceId: string;
  instanceId?: string;
  subnetId?: string;
  vpcId?: string;
  query: PathQuery;
  verdict: Verdict;
  /** The first failed check in path order, when the verdict is `broken`. */
  brokenHop?: { step: StepNumber; name: string; hop: Hop; message: string; fix?: string };
  steps: DiagnosisStep[];
}

/** TCP and UDP port sets, one per IP version: what the internet reaches, or may reach. */
export type PortsByProtocol = Record<Transport, PortSet>;
export type PortsByVersion = Record<IpVersion, PortsByProtocol>;

export function check(
  status: StepStatus,
  hop: Hop,
  message: string,
  evidence: string[] = [],
  fix?: string,
): Check {
  return fix === undefined ? { status, hop, message, evidence } : { status, hop, message, evidence, fix };
}

export function makeStep(step: StepNumber, checks: Check[], advisory = false): DiagnosisStep {
  const status: StepStatus = checks.some((c) => c.status === 'FAIL')
    ? 'FAIL'
    : checks.some((c) => c.status === 'PASS')
      ? 'PASS'
      : 'SKIP';
  return { step, name: STEP_NAMES[step], status, advisory, checks };
}

/** The verdict of some steps: the first failed check of a non-advisory step, in step order. */
export function verdictOf(steps: readonly DiagnosisStep[]): Pick<Diagnosis, 'verdict' | 'brokenHop'> {
  let leaves = false;
  for (const step of steps) {
    if (step.advisory) continue;
    for (const c of step.checks) {
      if (c.status === 'FAIL') {
        const brokenHop = { step: step.step, name: step.name, hop: c.hop, message: c.message };
        return {
          verdict: 'broken',
          brokenHop: c.fix === undefined ? brokenHop : { ...brokenHop, fix: c.fix },
        };
      }
      if (c.hop === 'leaves-vpc') leaves = true;
    }
  }
  return { verdict: leaves ? 'unverifiable' : 'works' };
}

export function protocolName(protocol: Transport): string {
  return protocol.toUpperCase();
}

export function internetCidr(version: IpVersion): string {
  return version === 4 ? '0.0.0.0/0' : '::/0';
}
