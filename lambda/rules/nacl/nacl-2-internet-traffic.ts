import type { NetworkAcl, NetworkAclEntry } from '@aws-sdk/client-ec2';
import { defineRule, failed, passed, type Outcome } from '../../engine/rule';
import { describeRoute, type SnapshotIndex } from '../../engine/snapshot-index';
import { INTERNET_V4, INTERNET_V6 } from '../../net/cidr';
import {
  ephemeralPortsOf,
  evaluateNacl,
  LINUX_EPHEMERAL_PORTS,
  NAT_EPHEMERAL_PORTS,
  replyLoss,
  WINDOWS_EPHEMERAL_PORTS,
  type NaclDecision,
} from '../../net/nacl';
import { memoized } from '../../memo';
import { PortSet } from '../../net/ports';
import type { SnapshotPart } from '../../snapshot/types';
import { notEvaluatedInVpc } from '../partial-data';
import { describeNaclEntry } from './implicit-entries';
import { internetRouteOf } from './internet-routes';

const REQUIRES: SnapshotPart[] = ['networkAcls', 'subnets', 'routeTables', 'internetGateways', 'natGateways'];

/** Whose replies a subnet must let in, on which source ports: a NAT gateway, Linux or Windows hosts. */
interface ReplyNeed {
  who: string;
  ports: PortSet;
}

const NAT_NEED: ReplyNeed = { who: "the NAT gateway's", ports: NAT_EPHEMERAL_PORTS };
const LINUX_NEED: ReplyNeed = { who: "Linux instances'", ports: LINUX_EPHEMERAL_PORTS };
const WINDOWS_NEED: ReplyNeed = { who: "Windows instances'", ports: WINDOWS_EPHEMERAL_PORTS };
/** A subnet without instances yet: whoever is launched there, Linux or Windows. */
const ANY_HOST_NEED: ReplyNeed = {
  who: "its future hosts'",
  ports: LINUX_EPHEMERAL_PORTS.union(WINDOWS_EPHEMERAL_PORTS),
};

/** An associated subnet that routes to the internet, with the route and the replies it must receive. */
interface InternetBoundSubnet {
  /** `subnet-1 (0.0.0.0/0 -> igw-1 (active))` */
  label: string;
  needs: ReplyNeed[];
}

/** Subnets that hold an available public NAT gateway: they need all of 1024-65535 for replies. */
function publicNatSubnets(index: SnapshotIndex): Set<string | undefined> {
  return new Set(
    index.snapshot.natGateways
      .filter((n) => n.ConnectivityType !== 'private' && n.State === 'available')
      .map((n) => n.SubnetId),
  );
}

/** The source port ranges whose replies come back into the subnet: its NAT gateway's and its instances'. */
function replyNeeds(index: SnapshotIndex, subnetId: string | undefined, hostsNat: boolean): ReplyNeed[] {
  const needs: ReplyNeed[] = hostsNat ? [NAT_NEED] : [];
  // Without the instances (DescribeInstances failed), judge for any host: both ranges, never fewer.
  const known = index.hasPartFor('instances', index.subnets.get(subnetId ?? '')?.VpcId);
  const instances =
    subnetId && known ? index.instancesOfSubnet(subnetId).filter((i) => i.State?.Name !== 'terminated') : [];
  if (instances.length === 0) return hostsNat ? needs : [ANY_HOST_NEED];
  const ranges = new Set(instances.map((i) => ephemeralPortsOf(i)));
  if (ranges.has(LINUX_EPHEMERAL_PORTS)) needs.push(LINUX_NEED);
  if (ranges.has(WINDOWS_EPHEMERAL_PORTS)) needs.push(WINDOWS_NEED);
  return needs;
}

function internetBoundSubnets(
  index: SnapshotIndex,
  acl: NetworkAcl,
  ipVersion: 4 | 6,
  natSubnets: ReadonlySet<string | undefined>,
): InternetBoundSubnet[] {
  const out: InternetBoundSubnet[] = [];
  for (const association of acl.Associations ?? []) {
    const subnetId = association.SubnetId;
    const table = subnetId ? index.routeTableOf(subnetId) : undefined;
    const route = table ? internetRouteOf(index, table, ipVersion) : undefined;
    if (!route) continue;
    const hostsNat = ipVersion === 4 && natSubnets.has(subnetId);
    out.push({
      label: `${subnetId} (${describeRoute(route)}${hostsNat ? ', hosts a NAT gateway' : ''})`,
      needs: replyNeeds(index, subnetId, hostsNat),
    });
  }
  return out;
}

/**
 * The entries that denied `ports`, each with the ports it decided; ports no listed entry decided fall to
 * the implicit final deny, which AWS does not always list.
 */
function denyingEntries(decisions: readonly NaclDecision[], ports: PortSet): string[] {
  const out: string[] = [];
  const seen = new Set<NetworkAclEntry>();
  let undecided = ports;
  for (const decision of decisions) {
    const decided = decision.ports.intersect(ports);
    if (decision.action !== 'deny' || decided.isEmpty()) continue;
    undecided = undecided.subtract(decided);
    if (seen.has(decision.entry)) continue;
    seen.add(decision.entry);
    out.push(describeNaclEntry(decision.entry));
  }
  if (!undecided.isEmpty()) out.push('the implicit deny (*)');
  return out;
}

/**
 * Replies from the internet arrive on the source port the opener picked: a NAT gateway anywhere in
 * 1024-65535, Linux in 32768-60999, Windows in 49152-65535, each port about as likely as the next. A deny
 * of a few of those ports breaks that share of connections at random (the FSBP EC2.21 hardening, deny
 * 3389 from the internet, costs a NAT gateway 1 connection in 64,512); more than 1% is a broken path.
 * Denying ports outside the range (22 for instances) breaks nothing and is not reported.
 */
function returnTrafficProblem(
  acl: NetworkAcl,
  ipVersion: 4 | 6,
  internet: string,
  need: ReplyNeed,
): Problem | undefined {
  const verdict = evaluateNacl(acl, { egress: false, protocol: 'tcp', ipVersion });
  const loss = replyLoss(need.ports, verdict.allowed);
  if (!loss) return undefined;
  const by = denyingEntries(verdict.decisions, loss.denied);
  return {
    text: `${need.who} replies (source ports ${need.ports.toString()}): inbound TCP ${loss.denied.toString()} from ${internet} is denied by ${by.join(', ')}: ${loss.text}`,
    broken: loss.broken,
  };
}

/** One thing the ACL breaks, and whether it breaks the path (HIGH) or a share of connections (LOW). */
interface Problem {
  text: string;
  broken: boolean;
}

/** Outbound is blocked entirely when neither a TCP nor a UDP port to the internet is allowed. */
function outboundProblem(acl: NetworkAcl, ipVersion: 4 | 6, internet: string): Problem | undefined {
  const tcp = evaluateNacl(acl, { egress: true, protocol: 'tcp', ipVersion });
  const udp = evaluateNacl(acl, { egress: true, protocol: 'udp', ipVersion });
  if (!tcp.allowed.isEmpty() || !udp.allowed.isEmpty()) return undefined;
  // TCP and UDP ports are separate spaces: find each protocol's deciders on its own, then merge.
  const by = [
    ...new Set([
      ...denyingEntries(tcp.decisions, PortSet.ALL),
      ...denyingEntries(udp.decisions, PortSet.ALL),
    ]),
  ];
  return { text: `all outbound TCP and UDP to ${internet} is denied by ${by.join(', ')}`, broken: true };
}

export const naclBlocksInternetTraffic = defineRule({
  id: 'NACL.2',
  title: 'Network ACL blocks the internet traffic of a subnet that routes to the internet',
  description:
    'Network ACLs are stateless: replies from the internet arrive on the source port the connection was ' +
    'opened from (Linux 32768-60999, Windows 49152-65535, a NAT gateway anywhere in 1024-65535) and must be ' +
    'allowed inbound, and requests must be allowed outbound. An ACL that denies all of that range, or all ' +
    'outbound traffic, cuts the subnet off the internet while security groups and routes look correct (HIGH); ' +
    'one that denies a few of its ports makes that share of connections fail at random (LOW, with the ' +
    'fraction; above 1% it is HIGH).',
  severity: 'HIGH',
  resourceType: 'AwsEc2NetworkAcl',
  category: 'connectivity',
  requires: REQUIRES,
  remediation: {
    text:
      'Allow inbound TCP 32768-65535 (1024-65535 in a NAT gateway subnet) from 0.0.0.0/0 and ::/0 before ' +
      'any entry that denies part of it (a deny of 3389 from the internet belongs after it, or only in subnets ' +
      'without a NAT gateway), and ' +
      'allow the outbound traffic the subnet needs (at least TCP 443) to the internet. Remember that ACL ' +
      'entries are evaluated in ascending rule number and the first match wins.',
    url: 'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html',
  },
  references: [],
  evaluate(index, _config) {
    const natSubnets = publicNatSubnets(index);
    return index.snapshot.networkAcls.map((acl): Outcome => {
      const id = acl.NetworkAclId!;
      const skipped = notEvaluatedInVpc(index, id, REQUIRES, acl.VpcId);
      if (skipped) return skipped;
      const routed = new Set<string>();
      const broken = new Set<string>();
      const clauses: string[] = [];
      const problems: string[] = [];
      let severe = false;
      for (const [ipVersion, internet] of [
        [4, INTERNET_V4],
        [6, INTERNET_V6],
      ] as const) {
        const subnets = internetBoundSubnets(index, acl, ipVersion, natSubnets);
        if (subnets.length === 0) continue;
        subnets.forEach((s) => routed.add(s.label));
        const outbound = outboundProblem(acl, ipVersion, internet);
        // Subnets with the same reply needs share one verdict, so each problem is stated once.
        const byNeeds = new Map<string, InternetBoundSubnet[]>();
        for (const subnet of subnets)
          memoized(byNeeds, subnet.needs.map((n) => n.who).join(), () => []).push(subnet);
        for (const group of byNeeds.values()) {
          const found = [
            ...group[0]!.needs.map((need) => returnTrafficProblem(acl, ipVersion, internet, need)),
            outbound,
          ].filter((p): p is Problem => p !== undefined);
          if (found.length === 0) continue;
          const labels = group.map((s) => s.label);
          clauses.push(`for ${labels.join(', ')}: ${found.map((p) => p.text).join('; ')}`);
          labels.forEach((s) => broken.add(s));
          for (const p of found) if (!problems.includes(p.text)) problems.push(p.text);
          severe ||= found.some((p) => p.broken);
        }
      }
      if (routed.size === 0) {
        const count = (acl.Associations ?? []).filter((a) => a.SubnetId).length;
        return passed(id, `None of its ${count} associated subnet(s) routes to the internet`);
      }
      if (clauses.length === 0) {
        return passed(
          id,
          `Allows return traffic (inbound TCP ephemeral ports) and outbound traffic to the internet for ${[...routed].join(', ')}`,
        );
      }
      // A few lost ports make connections fail now and then (LOW); more than 1%, or no way out, is an outage.
      return failed(
        id,
        `${id} breaks ${severe ? '' : 'a share of '}internet traffic ${clauses.join(' | ')}`,
        {
          severity: severe ? 'HIGH' : 'LOW',
          evidence: { subnets: [...broken], problems },
        },
      );
    });
  },
});
