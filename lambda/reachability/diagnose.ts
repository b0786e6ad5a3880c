import type { Instance, NetworkAcl, NetworkInterface } from '@aws-sdk/client-ec2';
import { memoized } from '../memo';
import { PortSet } from '../net/ports';
import {
  check,
  internetCidr,
  makeStep,
  protocolName,
  type Check,
  type Diagnosis,
  type DiagnosisStep,
  type IpVersion,
  type PathQuery,
  type PortsByVersion,
  type Verdict,
  verdictOf,
} from './diagnosis';
import type { ReachabilityEngine } from './engine';
import { naclPortCheck, naclReturnCheck } from './nacl-checks';
import {
  dnsCheck,
  egressGatewayChecks,
  ingressGatewayChecks,
  INSTANCE_STATE_FAILS,
  instanceStateCheck,
  instanceStateOf,
  publicAddressCase,
  publicAddressCheck,
  routeCheck,
} from './path-checks';
import { NO_INTERNET_PORTS, rulesCoveringPort } from './security-groups';

/** Step 2: the union of the interface's groups must allow the port to (egress) or from (ingress) the internet. */
function securityGroupCheck(engine: ReachabilityEngine, eni: NetworkInterface, query: PathQuery): Check {
  const egress = query.direction === 'egress';
  const { protocol, port, ipVersion } = query;
  const groups = engine.index.groupsOfInterface(eni);
  const ports = engine.interfacePorts(eni, egress)[ipVersion][protocol];
  const rules = { internet: [] as string[], other: [] as string[] };
  for (const group of groups) {
    // Evidence per group and question is cached: thousands of interfaces share a handful of groups.
    const space = `rules|${egress}|${ipVersion}|${protocol}|${port}`;
    const own = engine.cached(space, group.GroupId ?? '', () =>
      rulesCoveringPort([group], egress, ipVersion, protocol, port),
    );
    rules.internet.push(...own.internet);
    rules.other.push(...own.other);
  }
  const what = `${protocolName(protocol)} ${port} ${egress ? 'to' : 'from'} ${internetCidr(ipVersion)}`;
  const hop = egress ? 'sg-egress' : 'sg-ingress';
  if (ports.has(port)) return check('PASS', hop, `security groups allow ${what}`, rules.internet);
  const groupIds = groups.map((g) => g.GroupId ?? '?');
  const names = groupIds.join(', ') || 'no security group';
  if (egress) {
    const empty = groups
      .filter((g) => (g.IpPermissionsEgress ?? []).length === 0)
      .map((g) => g.GroupId ?? '?');
    const evidence = [
      ...(empty.length > 0 ? [`no outbound rules at all: ${empty.join(', ')}`] : []),
      ...rules.other.map((r) => `${r} (not the internet)`),
    ];
    return check(
      'FAIL',
      hop,
      `no security group of the interface (${names}) allows outbound ${what}`,
      evidence,
      `Add an outbound rule ${what} to ${groupIds[0] ?? 'a security group of the interface'}.`,
    );
  }
  const evidence = rules.other.map((r) => `${r} (not the internet)`);
  const fix =
    rules.other.length > 0
      ? `To admit internet clients, edit the rule ${rules.other[0]}: set its source to the clients' public addresses (a /32 each), or ${internetCidr(ipVersion)} only for a public service.`
      : `Add an inbound rule ${protocolName(protocol)} ${port} from the clients' public addresses to ${groupIds[0] ?? 'a security group of the interface'}.`;
  return check(
    'FAIL',
    hop,
    `no security group of the interface (${names}) allows inbound ${what}`,
    evidence,
    fix,
  );
}

/** Step 3: the request and its replies through the subnet's stateless NACL. */
function naclChecks(engine: ReachabilityEngine, subnetId: string, query: PathQuery): Check[] {
  const acl = engine.naclOf(subnetId);
  if (!acl) return [check('SKIP', 'nacl-missing', `no network ACL for ${subnetId || '?'} in the snapshot`)];
  const egress = query.direction === 'egress';
  return [
    naclPortCheck(engine, acl, egress, query.protocol, query.ipVersion, query.port),
    naclReturnCheck(engine, acl, !egress, query.protocol, query.ipVersion),
  ];
}

/**
 * Steps 2 to 5, which depend only on shared resources: each is built once per group set, NACL or subnet
 * and cached, so only steps 1 and 6 are an interface's own (an audit of 100k interfaces stays cheap).
 */
function sharedSteps(engine: ReachabilityEngine, eni: NetworkInterface, query: PathQuery): DiagnosisStep[] {
  return [groupStep(engine, eni, query), ...subnetSteps(engine, eni.SubnetId ?? '', query)];
}

/** Step 2: the interface's security groups, once per group set. */
function groupStep(engine: ReachabilityEngine, eni: NetworkInterface, query: PathQuery): DiagnosisStep {
  return engine.cached(engine.spacesFor(query).groups, engine.groupKey(eni), () =>
    makeStep(2, [securityGroupCheck(engine, eni, query)]),
  );
}

/** Steps 3 to 5: the subnet's NACL, its route and the gateway the route leads to. */
function subnetSteps(engine: ReachabilityEngine, subnetId: string, query: PathQuery): DiagnosisStep[] {
  const egress = query.direction === 'egress';
  const { protocol, port, ipVersion } = query;
  const space = engine.spacesFor(query);
  return [
    engine.cached(space.nacl, engine.naclOf(subnetId)?.NetworkAclId ?? `none ${subnetId}`, () =>
      makeStep(3, naclChecks(engine, subnetId, query)),
    ),
    engine.cached(space.route, subnetId, () =>
      makeStep(4, [routeCheck(engine, subnetId, ipVersion, egress)]),
    ),
    engine.cached(space.gateway, subnetId, () =>
      makeStep(
        5,
        egress
          ? egressGatewayChecks(engine, subnetId, ipVersion, protocol, port)
          : ingressGatewayChecks(engine, subnetId, ipVersion),
      ),
    ),
  ];
}

/**
 * The ordered diagnosis of RULES.md for one interface and one question: every step is evaluated (so the
 * operator sees all that is wrong), steps that depend on a broken one are skipped, and the verdict is the
 * first failure in path order.
 */
export function diagnose(engine: ReachabilityEngine, eni: NetworkInterface, query: PathQuery): Diagnosis {
  const egress = query.direction === 'egress';
  const steps = [
    makeStep(1, [instanceStateCheck(engine.index, eni)]),
    ...sharedSteps(engine, eni, query),
    makeStep(6, [publicAddressCheck(engine, eni, query.ipVersion, egress)]),
    engine.cached(engine.spacesFor(query).dns, eni.VpcId ?? '', () =>
      makeStep(7, [dnsCheck(engine.index, eni.VpcId, egress)], true),
    ),
  ];
  const { verdict, brokenHop } = verdictOf(steps);
  // Absent values stay undefined (JSON omits them) rather than spread in: this runs once per interface.
  return {
    interfaceId: eni.NetworkInterfaceId ?? '?',
    instanceId: eni.Attachment?.InstanceId,
    subnetId: eni.SubnetId,
    vpcId: eni.VpcId,
    query,
    verdict,
    brokenHop,
    steps,
  };
}

/**
 * `diagnose(engine, eni, query).verdict` without building the diagnosis (NET.2 and NET.3 ask it for every
 * instance, and most pass; `brokenPath` then names a broken path's hop). The verdict does not depend on
 * check order (order picks only the broken hop): any failed check of steps 1-6 breaks the path, else a route
 * that leaves the VPC makes it unverifiable. Step 7 is advisory and never counts.
 */
export function pathVerdict(
  engine: ReachabilityEngine,
  eni: NetworkInterface,
  query: PathQuery,
  instance?: Instance,
): Verdict {
  const egress = query.direction === 'egress';
  // Steps 1 and 6 decided without building their checks (this runs for every instance).
  if (INSTANCE_STATE_FAILS.has(instanceStateOf(engine.index, eni, instance))) return 'broken';
  if (publicAddressCase(engine, eni, query.ipVersion, egress) === 'missing') return 'broken';
  if (!groupsAllow(engine, eni, query)) return 'broken';
  // Steps 3-5 depend only on the subnet (its NACL, route table and gateways), and only they can leave the VPC.
  const subnetId = eni.SubnetId ?? '';
  const verdicts = engine.subnetVerdicts(query);
  return memoized(verdicts, subnetId, () => verdictOf(subnetSteps(engine, subnetId, query)).verdict);
}

/** Step 2 as `securityGroupCheck` decides it (any group allowing the port is enough), without its evidence. */
function groupsAllow(engine: ReachabilityEngine, eni: NetworkInterface, query: PathQuery): boolean {
  const egress = query.direction === 'egress';
  for (const ref of eni.Groups ?? []) {
    if (
      ref.GroupId &&
      engine.groupPortsById(ref.GroupId, egress)[query.ipVersion][query.protocol].has(query.port)
    )
      return true;
  }
  return false;
}

/** A broken path as NET.2 and NET.3 report it: the interface, its subnet and the first broken hop. */
export type BrokenPath = Pick<Diagnosis, 'interfaceId' | 'subnetId'> & {
  brokenHop: NonNullable<Diagnosis['brokenHop']>;
};

/**
 * `diagnose(...)`'s broken hop, or undefined when the path is not broken, without building the checks that
 * pass: steps are tried in path order and the first failed check is the hop, exactly as `verdictOf` picks
 * it. NET.2 and NET.3 need only that hop, and a region can have tens of thousands of broken paths (a private
 * subnet whose NAT gateway is down breaks every instance in it).
 */
export function brokenPath(
  engine: ReachabilityEngine,
  eni: NetworkInterface,
  query: PathQuery,
  instance?: Instance,
): BrokenPath | undefined {
  const egress = query.direction === 'egress';
  const hop = (steps: DiagnosisStep[]): BrokenPath | undefined => {
    const { brokenHop } = verdictOf(steps);
    return brokenHop && { interfaceId: eni.NetworkInterfaceId ?? '?', subnetId: eni.SubnetId, brokenHop };
  };
  // Gate and check read step 1 from the same instance (the one the caller holds, else the one by id).
  if (INSTANCE_STATE_FAILS.has(instanceStateOf(engine.index, eni, instance))) {
    return hop([makeStep(1, [instanceStateCheck(engine.index, eni, instance)])]);
  }
  if (!groupsAllow(engine, eni, query)) return hop([groupStep(engine, eni, query)]);
  return (
    hop(subnetSteps(engine, eni.SubnetId ?? '', query)) ??
    (publicAddressCase(engine, eni, query.ipVersion, egress) === 'missing'
      ? hop([makeStep(6, [publicAddressCheck(engine, eni, query.ipVersion, egress)])])
      : undefined)
  );
}

/**
 * The check that sends the path out of the VPC (a peering, a transit gateway...), as `diagnose` would find
 * it: only steps 3-5 can leave the VPC. For callers that need just that when the verdict is unverifiable.
 */
export function leavesVpcCheck(
  engine: ReachabilityEngine,
  eni: NetworkInterface,
  query: PathQuery,
): Check | undefined {
  for (const step of subnetSteps(engine, eni.SubnetId ?? '', query)) {
    const leaves = step.checks.find((c) => c.hop === 'leaves-vpc');
    if (leaves) return leaves;
  }
  return undefined;
}

/** Cache namespace of `internetExposure` by which IP versions are exposed: a constant, never built per call. */
function exposureSpace(v4: boolean, v6: boolean): string {
  if (v4) return v6 ? 'exposure|v4|v6' : 'exposure|v4';
  return v6 ? 'exposure|v6' : 'exposure|none';
}

/** Shared "nothing is reachable" answer: callers may compare against it to skip work. */
export const NO_EXPOSURE: PortsByVersion = NO_INTERNET_PORTS;

/**
 * Every TCP and UDP port an arbitrary internet host reaches on the interface, per IP version: the groups'
 * internet allows ∩ the NACL's inbound allows, when the NACL lets replies out on some ephemeral port, the
 * interface has a public address of that version, and replies route to an attached internet gateway.
 * It is the set of ports for which `diagnose(..., ingress)` finds no failure (the instance-state step aside,
 * which NET.1 handles by not evaluating stopped instances), built from the same cached primitives.
 */
export function internetExposure(engine: ReachabilityEngine, eni: NetworkInterface): PortsByVersion {
  const subnetId = eni.SubnetId;
  if (!subnetId) return NO_EXPOSURE;
  const v4 = exposedVersion(engine, eni, subnetId, 4);
  const v6 = exposedVersion(engine, eni, subnetId, 6);
  if (!v4 && !v6) return NO_EXPOSURE;
  // Past the gates, the subnet matters only through its NACL: subnets sharing one share the answer.
  const acl = engine.naclOf(subnetId);
  return engine.cached2(exposureSpace(v4, v6), acl?.NetworkAclId ?? '', engine.groupKey(eni), () =>
    computeExposure(engine, eni, acl, { 4: v4, 6: v6 }),
  );
}

function computeExposure(
  engine: ReachabilityEngine,
  eni: NetworkInterface,
  acl: NetworkAcl | undefined,
  gates: Record<IpVersion, boolean>,
): PortsByVersion {
  const groupPorts = engine.interfacePorts(eni, false);
  const out: PortsByVersion = { 4: { ...NO_EXPOSURE[4] }, 6: { ...NO_EXPOSURE[6] } };
  for (const version of [4, 6] as const) {
    if (!gates[version]) continue;
    for (const protocol of ['tcp', 'udp'] as const) {
      let ports = groupPorts[version][protocol];
      if (acl && !ports.isEmpty()) {
        const replies = naclReturnCheck(engine, acl, true, protocol, version);
        ports =
          replies.status === 'PASS'
            ? ports.intersect(engine.naclVerdict(acl, false, protocol, version).allowed)
            : PortSet.EMPTY;
      }
      out[version][protocol] = ports;
    }
  }
  return out;
}

/** The port-independent gates of the ingress path: public address, route, and attached internet gateway. */
function exposedVersion(
  engine: ReachabilityEngine,
  eni: NetworkInterface,
  subnetId: string,
  version: IpVersion,
): boolean {
  if (!engine.publicAddress(eni, version)) return false;
  return engine.routesToAttachedIgw(engine.internetRoute(subnetId, version));
}
