import type { Instance, NetworkAcl, NetworkInterface } from '@aws-sdk/client-ec2';
import type { AuditConfig } from '../../config/config';
import { defineRule, outcomesOf, failed, notEvaluated, passed, type Outcome } from '../../engine/rule';
import { memoized, memoizedWeak } from '../../memo';
import { PortSet } from '../../net/ports';
import type { SnapshotIndex } from '../../engine/snapshot-index';
import { ipv6Addresses, publicMappings } from '../../paths/addresses';
import { decideNacl, naclOfSubnet } from '../../paths/hops/nacl';
import { groupIdsOf, securityGroupPorts } from '../../paths/hops/security-groups';
import { INTERNET } from '../../paths/peer';
import { WalkMemo, type WalkQuestion } from '../../paths/walk-memo';

type Transport = 'tcp' | 'udp';
/** TCP and UDP port sets, one per IP version: what the internet reaches. */
type PortsByVersion = Record<4 | 6, Record<Transport, PortSet>>;

const PROTOCOLS: readonly Transport[] = ['tcp', 'udp'];
const VERSIONS = [4, 6] as const;

function describePorts(ports: Record<Transport, PortSet>): string {
  return PROTOCOLS.filter((p) => !ports[p].isEmpty())
    .map((p) => `${p.toUpperCase()} ${ports[p].toString()}`)
    .join('; ');
}

/** Ports outside `authorizedPorts`, per IP version and protocol. */
function unauthorized(exposure: PortsByVersion, config: AuditConfig): PortsByVersion {
  const cut = (version: 4 | 6) => ({
    tcp: exposure[version].tcp.subtract(config.authorizedPorts.tcp),
    udp: exposure[version].udp.subtract(config.authorizedPorts.udp),
  });
  return { 4: cut(4), 6: cut(6) };
}

function isEmpty(ports: PortsByVersion): boolean {
  return ports[4].tcp.isEmpty() && ports[4].udp.isEmpty() && ports[6].tcp.isEmpty() && ports[6].udp.isEmpty();
}

/**
 * CRITICAL when an exposed, unauthorized port is an admin or high-risk port. A port the config lists in
 * `authorizedPorts` was opened on purpose and does not raise the severity, whatever list it is on.
 */
function severityOf(exposed: PortsByVersion, config: AuditConfig): 'CRITICAL' | 'HIGH' {
  for (const version of [4, 6] as const) {
    for (const p of PROTOCOLS) {
      const risky = config.adminPorts[p].union(config.highRiskPorts[p]);
      if (!exposed[version][p].intersect(risky).isEmpty()) return 'CRITICAL';
    }
  }
  return 'HIGH';
}

/** What NET.1 concludes from one exposure, the same for every interface sharing its groups and NACL. */
type Judgement =
  | { kind: 'authorized'; reachable: string }
  | { kind: 'unauthorized'; severity: 'CRITICAL' | 'HIGH'; text: Record<4 | 6, string>; ranges: string[] };

function judge(exposure: PortsByVersion, config: AuditConfig): Judgement {
  const exposed = unauthorized(exposure, config);
  if (isEmpty(exposed)) {
    const reachable = describePorts({
      tcp: exposure[4].tcp.union(exposure[6].tcp),
      udp: exposure[4].udp.union(exposure[6].udp),
    });
    return { kind: 'authorized', reachable };
  }
  const ranges: string[] = [];
  for (const version of [4, 6] as const) {
    for (const p of PROTOCOLS) {
      for (const r of exposed[version][p].ranges) {
        ranges.push(`${p.toUpperCase()} ${r.from === r.to ? r.from : `${r.from}-${r.to}`} (IPv${version})`);
      }
    }
  }
  const text = { 4: describePorts(exposed[4]), 6: describePorts(exposed[6]) };
  return { kind: 'unauthorized', severity: severityOf(exposed, config), text, ranges };
}

/** A TCP or UDP question from the internet to one port, one object per port and version (memo keys). */
const questions = new Map<number, WalkQuestion>();
function questionFor(protocol: Transport, port: number, ipVersion: 4 | 6): WalkQuestion {
  const key = port * 4 + (protocol === 'udp' ? 2 : 0) + (ipVersion === 6 ? 1 : 0);
  let question = questions.get(key);
  if (!question) {
    question = { direction: 'ingress', protocol, port, ipVersion };
    questions.set(key, question);
  }
  return question;
}

/** Ports most open sets hold: walks at them are shared by the most interfaces. */
const COMMON_PORTS = [443, 80, 22, 3389, 0];

/** What the internet reaches on one interface, and where a walk could not see, if anywhere. */
export interface Exposure {
  ports: PortsByVersion;
  unverifiable: string | undefined;
}

/**
 * Every port an arbitrary internet host reaches, per IP version and protocol, as the path engine answers
 * it. Only the security groups and the subnet's inbound NACL entries depend on the port: the ports both
 * admit are walked once (one of them stands for all), the others are closed at one of those two hops.
 */
function exposureOf(
  index: SnapshotIndex,
  memo: WalkMemo,
  caches: PortCaches,
  eni: NetworkInterface,
  instance: Instance | undefined,
): Exposure {
  let out: Exposure = NOTHING_EXPOSED;
  let acl: NetworkAcl | undefined;
  let setKey: string | undefined;
  for (const version of VERSIONS) {
    // Without a public address of the version, the walk stops at the address whatever the port.
    const addressed = version === 4 ? publicMappings(index, eni).length > 0 : !!eni.Ipv6Addresses?.length;
    if (!addressed) continue;
    acl ??= eni.SubnetId ? naclOfSubnet(index, eni.SubnetId) : undefined;
    setKey ??= groupIdsOf(eni);
    for (const protocol of PROTOCOLS) {
      const slot = caches[version][protocol];
      let groups = slot.groups.get(setKey);
      if (!groups) {
        groups = securityGroupPorts(index, eni, false, INTERNET, protocol, version);
        slot.groups.set(setKey, groups);
      }
      if (groups.pass.isEmpty() && groups.skip.isEmpty()) continue;
      let naclAllows = PortSet.ALL;
      if (acl) {
        const known = slot.nacls.get(acl);
        naclAllows =
          known ?? decideNacl(acl, false, INTERNET, { protocol, ports: PortSet.ALL }, version).allowed;
        if (!known) slot.nacls.set(acl, naclAllows);
      }
      out = walkPorts(memo, eni, instance, out, version, protocol, groups.pass.intersect(naclAllows), true);
      out = walkPorts(memo, eni, instance, out, version, protocol, groups.skip.intersect(naclAllows), false);
    }
  }
  return out;
}

/**
 * Walks one port of a set the groups and NACL admit (`exposes`: they pass; else they may, for a prefix
 * list that could not be read): any port of the set stands for it, and a common one lets interfaces of
 * other group sets share the walk.
 */
function walkPorts(
  memo: WalkMemo,
  eni: NetworkInterface,
  instance: Instance | undefined,
  exposure: Exposure,
  version: 4 | 6,
  protocol: Transport,
  ports: PortSet,
  exposes: boolean,
): Exposure {
  if (ports.isEmpty()) return exposure;
  let port = ports.ranges[0]!.from;
  for (const common of COMMON_PORTS) {
    if (ports.has(common)) {
      port = common;
      break;
    }
  }
  // On an open port the groups and the NACL admit the request by construction (their hops read the same
  // rules): the walk is shared with the interface's other open ports.
  const walked = memo.outcome(
    eni,
    instance,
    questionFor(protocol, port, version),
    exposes ? 'OPEN' : undefined,
  );
  const out = exposure === NOTHING_EXPOSED ? { ports: emptyPorts(), unverifiable: undefined } : exposure;
  if (walked.verdict === 'works' && exposes) out.ports[version][protocol] = ports;
  const where = walked.unverifiableHop;
  if (where && !out.unverifiable) {
    out.unverifiable = `${protocol.toUpperCase()} ${ports.toString()} over IPv${version} is unverifiable at ${where.resourceId}: ${where.message}`;
  }
  return out;
}

/** Port sets shared by interfaces: the groups' per group set, the NACL's per NACL (by version and protocol). */
type PortCaches = Record<
  4 | 6,
  Record<
    Transport,
    { groups: Map<string, { pass: PortSet; skip: PortSet }>; nacls: Map<NetworkAcl, PortSet> }
  >
>;

const portCaches = new WeakMap<SnapshotIndex, PortCaches>();

function newPortCaches(): PortCaches {
  const slot = () => ({ groups: new Map(), nacls: new Map() });
  return { 4: { tcp: slot(), udp: slot() }, 6: { tcp: slot(), udp: slot() } };
}

/** NET.1's answer for one interface: every port the internet reaches on it, per IP version and protocol. */
export function internetExposure(
  index: SnapshotIndex,
  eni: NetworkInterface,
  instance: Instance | undefined,
): Exposure {
  return exposureReader(index)(eni, instance);
}

/** `internetExposure` of one index, its caches found once for every interface. */
function exposureReader(
  index: SnapshotIndex,
): (eni: NetworkInterface, instance: Instance | undefined) => Exposure {
  const caches = memoizedWeak(portCaches, index, newPortCaches);
  const memo = WalkMemo.for(index);
  return (eni, instance) => exposureOf(index, memo, caches, eni, instance);
}

/** Shared by every interface the internet reaches on no port (most): never written to. */
const NOTHING_EXPOSED: Exposure = { ports: emptyPorts(), unverifiable: undefined };

function emptyPorts(): PortsByVersion {
  return { 4: { tcp: PortSet.EMPTY, udp: PortSet.EMPTY }, 6: { tcp: PortSet.EMPTY, udp: PortSet.EMPTY } };
}

function publicAddressOf(index: SnapshotIndex, eni: NetworkInterface, version: 4 | 6): string | undefined {
  return version === 4 ? publicMappings(index, eni)[0]?.public : ipv6Addresses(eni)[0];
}

function evaluateInterface(
  index: SnapshotIndex,
  exposureOfInterface: ReturnType<typeof exposureReader>,
  eni: NetworkInterface,
  instance: Instance | undefined,
  config: AuditConfig,
  judgements: Map<string, Judgement>,
): Outcome {
  const id = eni.NetworkInterfaceId!;
  if (eni.Status !== 'in-use' || !eni.Attachment) {
    return passed(id, `${id} is not attached to anything: no traffic reaches it`);
  }
  const instanceId = eni.Attachment.InstanceId;
  const state = instance?.State?.Name;
  if (instanceId && state && state !== 'running') {
    return notEvaluated(id, `${instanceId} is ${state}: its exposure is evaluated while it runs`);
  }
  const exposure = exposureOfInterface(eni, instance);
  const owner = instanceId ? ` (${instanceId})` : '';
  // The common case (no public address, or nothing open to the internet) needs no port arithmetic.
  if (isEmpty(exposure.ports) && !exposure.unverifiable) {
    return passed(id, `${id}${owner} is not reachable from the internet`);
  }
  // Interfaces open on the same ports (a fleet behind one group set) share what that means.
  const ports = exposure.ports;
  const key = [4, 6]
    .map((v) => `${ports[v as 4 | 6].tcp.toString()}/${ports[v as 4 | 6].udp.toString()}`)
    .join(' ');
  const judgement = memoized(judgements, key, () => judge(ports, config));
  if (judgement.kind === 'authorized') {
    if (exposure.unverifiable) return notEvaluated(id, `${id}${owner}: ${exposure.unverifiable}`);
    return passed(
      id,
      judgement.reachable
        ? `${id}${owner} is reachable from the internet only on authorized ports: ${judgement.reachable}`
        : `${id}${owner} is not reachable from the internet on any TCP or UDP port`,
    );
  }
  const parts: string[] = [];
  for (const version of [4, 6] as const) {
    const text = judgement.text[version];
    if (text) parts.push(`IPv${version} ${publicAddressOf(index, eni, version)}: ${text}`);
  }
  const groups = (eni.Groups ?? []).map((g) => g.GroupId ?? '?');
  return failed(
    id,
    `${id}${owner} is reachable from the internet on unauthorized ports: ${parts.join(' · ')}`,
    {
      severity: judgement.severity,
      evidence: {
        // A copy: the judgement is shared by every interface open on the same ports.
        exposedPorts: [...judgement.ranges],
        securityGroups: groups,
        networkAcl: (eni.SubnetId ? naclOfSubnet(index, eni.SubnetId)?.NetworkAclId : undefined) ?? 'unknown',
        subnet: eni.SubnetId ?? 'unknown',
        ...(instanceId ? { instance: instanceId } : {}),
      },
    },
  );
}

/**
 * Evaluates every interface that is attached (to an instance or an AWS service such as a load balancer):
 * interfaces of stopped instances are NOT_EVALUATED (nothing answers now, and a pass would resolve a
 * finding that returns at the next start); detached interfaces pass (nothing can reach them).
 */
export const internetReachableInterface = defineRule({
  id: 'NET.1',
  title: 'Network interface is reachable from the internet on an unauthorized port',
  description:
    'The whole path is open: a public address, a route to an attached internet gateway, a NACL that admits ' +
    'the traffic and lets replies out, and a security group that allows the internet. Any internet host can ' +
    'connect to these ports now; admin and database ports are probed within minutes of exposure.',
  severity: 'HIGH',
  resourceType: 'AwsEc2NetworkInterface',
  category: 'exposure',
  requires: [
    'networkInterfaces',
    'securityGroups',
    'networkAcls',
    'routeTables',
    'internetGateways',
    'addresses',
    'subnets',
    'instances',
  ],
  remediation: {
    text:
      'Remove the 0.0.0.0/0 and ::/0 sources from the security group rules that open these ports (use your ' +
      'office or VPN CIDR, a load balancer, or Session Manager), or add the ports to authorizedPorts if they ' +
      'are meant to be public. Run `netaudit explain <eni> --direction ingress --port N` for the full path.',
    url: 'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-best-practices.html',
  },
  references: ['FSBP EC2.18', 'FSBP EC2.19'],
  evaluate(index, config) {
    const judgements = new Map<string, Judgement>();
    const exposure = exposureReader(index);
    return outcomesOf(index.snapshot.networkInterfaces, (eni, position) =>
      evaluateInterface(index, exposure, eni, index.instanceOfInterfaceAt(position), config, judgements),
    );
  },
});
