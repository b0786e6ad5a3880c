import type { Instance, NetworkInterface } from '@aws-sdk/client-ec2';
import type { AuditConfig } from '../../config/config';
import { defineRule, outcomesOf, failed, notEvaluated, passed, type Outcome } from '../../engine/rule';
import { memoized } from '../../memo';
import { PortSet } from '../../net/ports';
import {
  internetExposure,
  NO_EXPOSURE,
  ReachabilityEngine,
  type PortsByVersion,
  type Transport,
} from '../../reachability';

const PROTOCOLS: readonly Transport[] = ['tcp', 'udp'];

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
  return [4, 6].every((v) => PROTOCOLS.every((p) => ports[v as 4 | 6][p].isEmpty()));
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

function evaluateInterface(
  engine: ReachabilityEngine,
  eni: NetworkInterface,
  instance: Instance | undefined,
  judgementOf: (exposure: PortsByVersion) => Judgement,
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
  const exposure = internetExposure(engine, eni);
  const owner = instanceId ? ` (${instanceId})` : '';
  // The common case (no public address or no internet route) needs no port arithmetic at all.
  if (exposure === NO_EXPOSURE) return passed(id, `${id}${owner} is not reachable from the internet`);
  const judgement = judgementOf(exposure);
  if (judgement.kind === 'authorized') {
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
    if (text) parts.push(`IPv${version} ${engine.publicAddress(eni, version)}: ${text}`);
  }
  const groups = (eni.Groups ?? []).map((g) => g.GroupId ?? '?');
  return failed(
    id,
    `${id}${owner} is reachable from the internet on unauthorized ports: ${parts.join(' · ')}`,
    {
      severity: judgement.severity,
      evidence: {
        // A copy: the judgement is shared by every interface with the same exposure.
        exposedPorts: [...judgement.ranges],
        securityGroups: groups,
        networkAcl: engine.naclOf(eni.SubnetId)?.NetworkAclId ?? 'unknown',
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
    const engine = ReachabilityEngine.for(index);
    // Exposures are shared (cached per group set and NACL), and so is what they mean.
    const judgements = new Map<PortsByVersion, Judgement>();
    const judgementOf = (exposure: PortsByVersion): Judgement =>
      memoized(judgements, exposure, () => judge(exposure, config));
    return outcomesOf(index.snapshot.networkInterfaces, (eni, position) =>
      evaluateInterface(engine, eni, index.instanceOfInterfaceAt(position), judgementOf),
    );
  },
});
