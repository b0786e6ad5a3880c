import type { Instance, NetworkInterface, RouteTable } from '@aws-sdk/client-ec2';
import { describeRoute, type SnapshotIndex } from '../../engine/snapshot-index';
import { notEvaluated, passed, type Outcome } from '../../engine/rule';
import { memoized, memoizedWeak } from '../../memo';
import { ipv6Addresses, privateAddresses } from '../../paths/addresses';
import type { IpVersion, PathAnswer } from '../../paths/types';
import { WalkMemo, type WalkOutcome, type WalkQuestion } from '../../paths/walk-memo';
import { primaryInterface } from '../../reachability/instance';

/** The first hop that drops an instance's TCP 443 to the internet, with the interface and IP version. */
export interface BrokenEgress {
  interfaceId: string;
  subnetId: string | undefined;
  ipVersion: IpVersion;
  hop: NonNullable<PathAnswer['brokenHop']>;
}

/** One IP version's walk of an instance's primary interface to the internet. */
interface VersionWalk {
  ipVersion: IpVersion;
  /** The default route of that version in the subnet's table, as text, when there is one. */
  intent: string | undefined;
  outcome: WalkOutcome;
}

/**
 * What NET.2 and NET.3 decide on for one instance: decided once, read by both, and kept for the audit, so
 * the common cases (not running, working) are shared objects.
 */
type InstanceEgress = { kind: 'not-running'; state: string } | { kind: 'no-interface' } | JudgedEgress;

const NO_INTERFACE = { kind: 'no-interface' } as const;
const notRunning = new Map<string, { kind: 'not-running'; state: string }>();

/**
 * Either the outcome NET.2 and NET.3 share (no verdict to judge) or what each rule judges: the broken path
 * (none when it works), where it could not be followed, and why egress counts as intended.
 */
export type EgressCase = { outcome: Outcome } | JudgedEgress;

interface JudgedEgress {
  kind?: undefined;
  broken: BrokenEgress | undefined;
  unverifiable: string | undefined;
  intent: string | undefined;
  versions: readonly IpVersion[];
}

/** TCP 443 to the internet, per IP version: the one question NET.2 and NET.3 ask of every instance. */
const TO_INTERNET: Record<IpVersion, WalkQuestion> = {
  4: { direction: 'egress', protocol: 'tcp', port: 443, ipVersion: 4 },
  6: { direction: 'egress', protocol: 'tcp', port: 443, ipVersion: 6 },
};

const ANY_V4 = '0.0.0.0/0';
const ANY_V6 = '::/0';

/** A subnet's default routes as text (`default route rtb-1: 0.0.0.0/0 -> igw-1 (active)`), per version. */
type Intents = Record<IpVersion, string | undefined>;

function intentsOf(table: RouteTable | undefined): Intents {
  const text = (version: IpVersion) => {
    const route = (table?.Routes ?? []).find((r) =>
      version === 4 ? r.DestinationCidrBlock === ANY_V4 : r.DestinationIpv6CidrBlock === ANY_V6,
    );
    return route && table ? `default route ${table.RouteTableId}: ${describeRoute(route)}` : undefined;
  };
  return { 4: text(4), 6: text(6) };
}

/**
 * The versions an instance's internet traffic uses: IPv4 when its subnet's table has an IPv4 default route
 * or the instance has no IPv6 address; IPv6 when it has one and the table routes ::/0. A dual-stack
 * instance with both default routes is walked both ways, and either broken is reported. Without any
 * default route, the one version it has an address of (IPv4 first) shows how isolated it is.
 */
function versionsOf(eni: NetworkInterface, intents: Intents): readonly IpVersion[] {
  const v4 = !!eni.PrivateIpAddress || privateAddresses(eni).length > 0;
  const v6 = !!eni.Ipv6Addresses?.length && ipv6Addresses(eni).length > 0;
  if (!v6) return ONLY_V4;
  if (intents[6]) return v4 && intents[4] ? BOTH : ONLY_V6;
  return v4 ? ONLY_V4 : ONLY_V6;
}

const ONLY_V4: readonly IpVersion[] = [4];
const ONLY_V6: readonly IpVersion[] = [6];
const BOTH: readonly IpVersion[] = [4, 6];

/**
 * The instance's egress is its primary interface's: the OS sends internet traffic out of the default
 * route's interface, the primary one unless someone reconfigured routing inside the guest (invisible to
 * the EC2 API). Only running instances are walked.
 */
function instanceEgress(
  memo: WalkMemo,
  intentsOfSubnet: (subnetId: string | undefined) => Intents,
  working: WorkingCases,
  instance: Instance,
  interfaces: readonly NetworkInterface[],
): InstanceEgress {
  const state = instance.State?.Name ?? 'unknown';
  if (state !== 'running') {
    return notRunning.get(state) ?? memoized(notRunning, state, () => ({ kind: 'not-running', state }));
  }
  const eni = primaryInterface(interfaces);
  if (!eni) return NO_INTERFACE;
  const intents = intentsOfSubnet(eni.SubnetId);
  const versions = versionsOf(eni, intents);
  if (versions.length === 1) {
    const ipVersion = versions[0]!;
    const outcome = memo.outcome(eni, instance, TO_INTERNET[ipVersion]);
    return judgedCase(working, eni, ipVersion, intents[ipVersion], outcome);
  }
  const walks = versions.map((ipVersion): VersionWalk => ({
    ipVersion,
    intent: intents[ipVersion],
    outcome: memo.outcome(eni, instance, TO_INTERNET[ipVersion]),
  }));
  return judgedCases(eni, walks);
}

/** A dual-stack instance's case: judged on the intended versions, else on the one walked to show isolation. */
function judgedCases(eni: NetworkInterface, walks: readonly VersionWalk[]): JudgedEgress {
  const intended = walks.filter((w) => w.intent);
  const judged = intended.length > 0 ? intended : walks;
  const broken = judged.find((w) => w.outcome.brokenHop);
  const unverifiable = judged.find((w) => w.outcome.unverifiableHop);
  const where = unverifiable?.outcome.unverifiableHop;
  return {
    broken: broken && {
      interfaceId: eni.NetworkInterfaceId ?? '?',
      subnetId: eni.SubnetId,
      ipVersion: broken.ipVersion,
      hop: broken.outcome.brokenHop!,
    },
    unverifiable: where
      ? `over IPv${unverifiable.ipVersion} is unverifiable at ${where.resourceId}: ${where.message}`
      : undefined,
    intent: intended.map((w) => w.intent).join('; ') || undefined,
    versions: judged.map((w) => w.ipVersion),
  };
}

const everyEgress = new WeakMap<SnapshotIndex, readonly InstanceEgress[]>();

/** Every instance's egress in snapshot order, walked once for NET.2 and NET.3 together. */
function egressOfEveryInstance(index: SnapshotIndex): readonly InstanceEgress[] {
  return memoizedWeak(everyEgress, index, readEveryEgress);
}

function readEveryEgress(index: SnapshotIndex): readonly InstanceEgress[] {
  const memo = WalkMemo.for(index);
  const bySubnet = new Map<string, Intents>();
  const intentsOfSubnet = (subnetId: string | undefined): Intents => {
    const key = subnetId ?? '';
    return (
      bySubnet.get(key) ??
      memoized(bySubnet, key, () => intentsOf(subnetId ? index.routeTableOf(subnetId) : undefined))
    );
  };
  const working: WorkingCases = { 4: new Map(), 6: new Map() };
  return index.snapshot.instances.map((instance, position) =>
    instanceEgress(memo, intentsOfSubnet, working, instance, index.interfacesOfInstanceAt(position)),
  );
}

export function egressCase(index: SnapshotIndex, instance: Instance, position: number): EgressCase {
  const egress = egressOfEveryInstance(index)[position]!;
  const id = instance.InstanceId!;
  switch (egress.kind) {
    case 'not-running':
      // A terminated instance will never send again: passing resolves its old findings.
      if (egress.state === 'terminated' || egress.state === 'shutting-down')
        return { outcome: passed(id, `${id} is ${egress.state}`) };
      return {
        outcome: notEvaluated(id, `${id} is ${egress.state}: egress is evaluated only for running instances`),
      };
    case 'no-interface':
      return { outcome: notEvaluated(id, `${id} has no network interface in the snapshot`) };
    case undefined:
      return egress;
  }
}

/** The case of an instance walked one way (most are): what `egressCase` decides, without its lists. */
function judgedCase(
  working: WorkingCases,
  eni: NetworkInterface,
  ipVersion: IpVersion,
  intent: string | undefined,
  outcome: WalkOutcome,
): JudgedEgress {
  const { brokenHop, unverifiableHop } = outcome;
  const versions = ipVersion === 4 ? ONLY_V4 : ONLY_V6;
  // A working instance's case says only why egress is intended: one object per default route.
  if (!brokenHop && !unverifiableHop) {
    const shared = working[ipVersion];
    const key = intent ?? '';
    return (
      shared.get(key) ??
      memoized(shared, key, () => ({ broken: undefined, unverifiable: undefined, intent, versions }))
    );
  }
  return {
    broken: brokenHop
      ? { interfaceId: eni.NetworkInterfaceId ?? '?', subnetId: eni.SubnetId, ipVersion, hop: brokenHop }
      : undefined,
    unverifiable: unverifiableHop
      ? `over IPv${ipVersion} is unverifiable at ${unverifiableHop.resourceId}: ${unverifiableHop.message}`
      : undefined,
    intent,
    versions,
  };
}

/** Working cases by default route text, per IP version: shared within one snapshot's audit. */
type WorkingCases = Record<IpVersion, Map<string, JudgedEgress>>;

/** `IPv4`, or `IPv4 and IPv6` for a dual-stack instance walked both ways. */
export function versionsText(versions: readonly IpVersion[]): string {
  return versions.length === 2 ? 'IPv4 and IPv6' : versions[0] === 6 ? 'IPv6' : 'IPv4';
}

/** `broken at nat-gateway nat-1: nat-1 has no Elastic IP`: the first broken hop, exactly. */
export function brokenHopText(path: BrokenEgress): string {
  const hop = path.hop;
  const way = hop.direction === 'return' ? ' (on the way back)' : '';
  return `broken at ${hop.kind} ${hop.resourceId}${way} over IPv${path.ipVersion}: ${hop.message}`;
}

export function brokenEvidence(path: BrokenEgress): Record<string, string | number> {
  const hop = path.hop;
  return {
    interface: path.interfaceId,
    ...(path.subnetId ? { subnet: path.subnetId } : {}),
    ipVersion: path.ipVersion,
    hop: hop.kind,
    resource: hop.resourceId,
    direction: hop.direction,
    brokenHop: hop.message,
    ...(hop.fix ? { fix: hop.fix } : {}),
  };
}
