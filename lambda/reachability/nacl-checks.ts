import type { NetworkAcl } from '@aws-sdk/client-ec2';
import {
  decisionFor,
  describeEntry,
  EPHEMERAL_PORTS,
  INSTANCE_EPHEMERAL_PORTS,
  NAT_EPHEMERAL_PORTS,
  replyLoss,
  type NaclVerdict,
} from '../net/nacl';
import { PortSet } from '../net/ports';
import {
  check,
  internetCidr,
  protocolName,
  type Check,
  type Hop,
  type IpVersion,
  type Transport,
} from './diagnosis';
import type { ReachabilityEngine } from './engine';

/*
 * NACLs are stateless, so a connection needs two NACL passes in the subnet: the request (matched on its
 * destination port) and the reply, whose destination port is the client's ephemeral source port. The
 * service port never matters to the reply's NACL match, so the reply check is the same for every port:
 *
 * - ingress (an internet host is the client): that host chooses its own source port anywhere in
 *   1024-65535 (the range AWS documents for NACL return rules), so one allowed port there is enough for
 *   the internet to get replies: the service is exposed.
 * - egress (the instance is the client): its OS picks the port from its own range, Linux 32768-60999,
 *   Windows and macOS 49152-65535. Every port of 32768-65535 must be allowed back in, or some connections
 *   fail. Ports below 32768 are never an instance's ephemeral port, so the common "deny 22/3389 from the
 *   internet" entries do not break egress.
 * - through a NAT gateway: the NAT gateway uses 1024-65535 (AWS documentation), so its subnet must allow
 *   all of that range back in.
 *
 * Each reading is the one that neither hides a real breakage nor reports an impossible one.
 */
export { INSTANCE_EPHEMERAL_PORTS, NAT_EPHEMERAL_PORTS };

function direction(egress: boolean): string {
  return egress ? 'outbound' : 'inbound';
}

function towards(egress: boolean, version: IpVersion): string {
  return `${egress ? 'to' : 'from'} ${internetCidr(version)}`;
}

/** Entries that decided any of `ports`, as evidence, plus the implicit deny for ports no entry matched. */
function decidingEntries(verdict: NaclVerdict, ports: PortSet, action?: 'allow' | 'deny'): string[] {
  const out: string[] = [];
  let covered = PortSet.EMPTY;
  for (const decision of verdict.decisions) {
    const hit = decision.ports.intersect(ports);
    if (hit.isEmpty()) continue;
    covered = covered.union(hit);
    if (action && decision.action !== action) continue;
    out.push(`${describeEntry(decision.entry)} (decides ports ${hit.toString()})`);
  }
  const rest = ports.subtract(covered);
  if (!rest.isEmpty() && action !== 'allow')
    out.push(`no entry matches ports ${rest.toString()}: implicit deny`);
  return out;
}

/** Lowest rule number that denies any of the ports: a fixing allow must be numbered below it. */
function firstDenyNumber(verdict: NaclVerdict, ports: PortSet): number | undefined {
  const deny = verdict.decisions.find((d) => d.action === 'deny' && !d.ports.intersect(ports).isEmpty());
  return deny?.entry.RuleNumber;
}

function placement(number: number | undefined): string {
  return number === undefined || number >= 32767 ? '' : ` numbered below ${number}`;
}

/** The request crossing the NACL on one port: first match decides. */
export function naclPortCheck(
  engine: ReachabilityEngine,
  acl: NetworkAcl,
  egress: boolean,
  protocol: Transport,
  version: IpVersion,
  port: number,
): Check {
  const space = `nacl|${egress}|${protocol}|${version}|${port}`;
  const id = acl.NetworkAclId ?? '';
  return engine.cached(space, id, () => portCheck(engine, acl, egress, protocol, version, port));
}

function portCheck(
  engine: ReachabilityEngine,
  acl: NetworkAcl,
  egress: boolean,
  protocol: Transport,
  version: IpVersion,
  port: number,
): Check {
  const verdict = engine.naclVerdict(acl, egress, protocol, version);
  const id = acl.NetworkAclId ?? '?';
  const hop: Hop = egress ? 'nacl-outbound' : 'nacl-inbound';
  const what = `${protocolName(protocol)} ${port} ${towards(egress, version)}`;
  const decision = decisionFor(verdict, port);
  const evidence = decision
    ? [`${id} ${describeEntry(decision.entry)}`]
    : [`${id}: no entry matches: implicit deny`];
  if (verdict.allowed.has(port))
    return check('PASS', hop, `${id} allows ${direction(egress)} ${what}`, evidence);
  const number = decision?.entry.RuleNumber;
  return check(
    'FAIL',
    hop,
    `${id} denies ${direction(egress)} ${what}`,
    evidence,
    `Add an ${direction(egress)} allow entry for ${what} to ${id}${placement(number)}.`,
  );
}

/**
 * The replies crossing the NACL in the other direction, on the client's ephemeral ports. `required` is
 * the range that must be allowed back in on the egress path (the instance's or the NAT gateway's).
 */
export function naclReturnCheck(
  engine: ReachabilityEngine,
  acl: NetworkAcl,
  replyEgress: boolean,
  protocol: Transport,
  version: IpVersion,
  required: PortSet = INSTANCE_EPHEMERAL_PORTS,
): Check {
  const space = `nacl-return|${replyEgress}|${protocol}|${version}|${required.toString()}`;
  const id = acl.NetworkAclId ?? '';
  return engine.cached(space, id, () => returnCheck(engine, acl, replyEgress, protocol, version, required));
}

function returnCheck(
  engine: ReachabilityEngine,
  acl: NetworkAcl,
  replyEgress: boolean,
  protocol: Transport,
  version: IpVersion,
  required: PortSet,
): Check {
  const verdict = engine.naclVerdict(acl, replyEgress, protocol, version);
  const id = acl.NetworkAclId ?? '?';
  const allowed = verdict.allowed.intersect(EPHEMERAL_PORTS);
  const what = `${protocolName(protocol)} ${EPHEMERAL_PORTS.toString()} ${towards(replyEgress, version)}`;
  const fix = (ports: PortSet) =>
    `Add an ${direction(replyEgress)} allow entry for ${what} to ${id}${placement(firstDenyNumber(verdict, ports))}: NACLs are stateless and replies need it.`;
  if (replyEgress) {
    // Ingress path: the internet client chooses its port, one allowed ephemeral port suffices.
    if (!allowed.isEmpty()) {
      return check('PASS', 'nacl-return', `${id} lets replies out on ephemeral ports ${allowed.toString()}`, [
        ...decidingEntries(verdict, allowed, 'allow').map((e) => `${id} ${e}`),
      ]);
    }
    return check(
      'FAIL',
      'nacl-return',
      `${id} blocks the replies: no outbound ${what}`,
      decidingEntries(verdict, EPHEMERAL_PORTS).map((e) => `${id} ${e}`),
      fix(EPHEMERAL_PORTS),
    );
  }
  const missing = required.subtract(verdict.allowed);
  const wanted = `${protocolName(protocol)} ${required.toString()} ${towards(false, version)}`;
  const loss = replyLoss(required, verdict.allowed);
  if (loss && !loss.broken) {
    // A few denied ports (the FSBP hardening that denies 3389 in a NAT gateway's subnet) fail about one
    // connection in tens of thousands: intermittent, not a broken path (NACL.2 reports it at LOW).
    return check(
      'PASS',
      'nacl-return',
      `${id} lets replies in on ephemeral ports ${required.toString()} but ${missing.toString()}: ${loss.text}`,
      decidingEntries(verdict, missing, 'deny').map((e) => `${id} ${e}`),
    );
  }
  if (missing.isEmpty()) {
    return check(
      'PASS',
      'nacl-return',
      `${id} lets replies in on ephemeral ports ${required.toString()}`,
      decidingEntries(verdict, required, 'allow').map((e) => `${id} ${e}`),
    );
  }
  return check(
    'FAIL',
    'nacl-return',
    `${id} blocks replies on ephemeral ports ${missing.toString()} (inbound ${protocolName(protocol)} ${towards(false, version)})`,
    decidingEntries(verdict, missing, 'deny').map((e) => `${id} ${e}`),
    `Add an inbound allow entry for ${wanted} to ${id}${placement(firstDenyNumber(verdict, missing))}: NACLs are stateless and replies need it.`,
  );
}
