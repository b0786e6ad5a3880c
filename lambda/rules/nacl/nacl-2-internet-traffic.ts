import type { NetworkAcl, NetworkAclEntry } from '@aws-sdk/client-ec2';
import { defineRule, failed, passed, type Outcome } from '../../engine/rule';
import { describeRoute, type SnapshotIndex } from '../../engine/snapshot-index';
import { INTERNET_V4, INTERNET_V6 } from '../../net/cidr';
import {
  evaluateNacl,
  INSTANCE_EPHEMERAL_PORTS,
  NAT_EPHEMERAL_PORTS,
  type NaclDecision,
} from '../../net/nacl';
import { PortSet } from '../../net/ports';
import type { SnapshotPart } from '../../snapshot/types';
import { notEvaluatedInVpc } from '../partial-data';
import { describeNaclEntry } from './implicit-entries';
import { internetRouteOf } from './internet-routes';

const REQUIRES: SnapshotPart[] = ['networkAcls', 'subnets', 'routeTables', 'internetGateways', 'natGateways'];

/** An associated subnet that routes to the internet, with the route and the replies it must receive. */
interface InternetBoundSubnet {
  /** `subnet-1 (0.0.0.0/0 -> igw-1 (active))` */
  label: string;
  /** Replies the subnet needs let in: all of 1024-65535 where a NAT gateway lives, else the OS range. */
  replyPorts: PortSet;
}

/** Subnets that hold an available public NAT gateway: they need all of 1024-65535 for replies. */
function publicNatSubnets(index: SnapshotIndex): Set<string | undefined> {
  return new Set(
    index.snapshot.natGateways
      .filter((n) => n.ConnectivityType !== 'private' && n.State === 'available')
      .map((n) => n.SubnetId),
  );
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
      replyPorts: hostsNat ? NAT_EPHEMERAL_PORTS : INSTANCE_EPHEMERAL_PORTS,
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
 * "Blocks the return traffic" means any reply port the subnet needs is denied, not only all of them: an
 * instance's OS picks its source port anywhere in 32768-65535 (Linux 32768-60999, Windows 49152-65535)
 * and a NAT gateway anywhere in 1024-65535, so a partial deny breaks a share of connections at random,
 * the hardest outage to diagnose. Denying lower ports (22, 3389, as FSBP EC2.21 asks) breaks nothing for
 * instances, so it is not reported for subnets without a NAT gateway. The finding names the denied range.
 */
function returnTrafficProblem(
  acl: NetworkAcl,
  ipVersion: 4 | 6,
  internet: string,
  needed: PortSet,
): string | undefined {
  const verdict = evaluateNacl(acl, { egress: false, protocol: 'tcp', ipVersion });
  const denied = needed.subtract(verdict.allowed);
  if (denied.isEmpty()) return undefined;
  const by = denyingEntries(verdict.decisions, denied);
  return `return traffic inbound TCP ${denied.toString()} from ${internet} is denied by ${by.join(', ')}`;
}

/** Outbound is blocked entirely when neither a TCP nor a UDP port to the internet is allowed. */
function outboundProblem(acl: NetworkAcl, ipVersion: 4 | 6, internet: string): string | undefined {
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
  return `all outbound TCP and UDP to ${internet} is denied by ${by.join(', ')}`;
}

export const naclBlocksInternetTraffic = defineRule({
  id: 'NACL.2',
  title: 'Network ACL blocks the internet traffic of a subnet that routes to the internet',
  description:
    'Network ACLs are stateless: replies from the internet arrive on ephemeral ports (32768-65535 for ' +
    "an instance's own connections, 1024-65535 for a NAT gateway's) and " +
    'must be allowed inbound, and requests must be allowed outbound. A subnet routed to an internet or NAT ' +
    'gateway behind an ACL that denies either (even part of the ephemeral range) loses some or all of its ' +
    'internet connections, while security groups and routes look correct.',
  severity: 'HIGH',
  resourceType: 'AwsEc2NetworkAcl',
  category: 'connectivity',
  requires: REQUIRES,
  remediation: {
    text:
      'Allow inbound TCP 32768-65535 (1024-65535 in a NAT gateway subnet) from 0.0.0.0/0 and ::/0 before ' +
      'any entry that denies it, and ' +
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
      for (const [ipVersion, internet] of [
        [4, INTERNET_V4],
        [6, INTERNET_V6],
      ] as const) {
        const subnets = internetBoundSubnets(index, acl, ipVersion, natSubnets);
        if (subnets.length === 0) continue;
        subnets.forEach((s) => routed.add(s.label));
        const outbound = outboundProblem(acl, ipVersion, internet);
        // Subnets that need the same reply ports share one verdict, so each problem is stated once.
        for (const needed of [INSTANCE_EPHEMERAL_PORTS, NAT_EPHEMERAL_PORTS]) {
          const group = subnets.filter((s) => s.replyPorts === needed).map((s) => s.label);
          if (group.length === 0) continue;
          const found = [returnTrafficProblem(acl, ipVersion, internet, needed), outbound].filter(
            (p): p is string => p !== undefined,
          );
          if (found.length === 0) continue;
          clauses.push(`for ${group.join(', ')}: ${found.join('; ')}`);
          group.forEach((s) => broken.add(s));
          problems.push(...found.filter((p) => !problems.includes(p)));
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
      return failed(id, `${id} breaks internet traffic ${clauses.join(' | ')}`, {
        evidence: { subnets: [...broken], problems },
      });
    });
  },
});
