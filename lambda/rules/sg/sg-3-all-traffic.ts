import { defineRule, outcomesOf, failed, notEvaluated, passed } from '../../engine/rule';
import { describeTraffic, permissionTraffic, type Traffic } from '../../net/permissions';
import { PortSet } from '../../net/ports';
import { hasPorts } from '../../net/protocol';
import { everyGroupIngress, type InternetPermission } from '../../net/internet-ingress';

interface InternetTraffic {
  traffic: Traffic;
  sources: readonly string[];
}

const isWideOpen = (t: Traffic): boolean => t.protocol === 'all' || (hasPorts(t.protocol) && t.ports.isAll());

/**
 * Rules are unioned, so TCP 0-32767 plus TCP 32768-65535 from 0.0.0.0/0 open every port as surely as one
 * 0-65535 rule. Each internet address family is judged on its own: a host has an IPv4 or an IPv6 source.
 */
function combinedWideOpen(permissions: InternetTraffic[]): string[] {
  const out: string[] = [];
  for (const version of [4, 6] as const) {
    // A source is a CIDR or a prefix list entry `pl-1 (::/0)`: only IPv6 ones hold a colon.
    const ofVersion = permissions.filter((p) => p.sources.some((s) => s.includes(':') === (version === 6)));
    if (ofVersion.some((p) => p.traffic.protocol === 'all')) continue;
    const named = [
      ...new Set(ofVersion.flatMap((p) => p.sources.filter((s) => s.includes(':') === (version === 6)))),
    ];
    for (const protocol of ['tcp', 'udp'] as const) {
      const parts = ofVersion.filter((p) => p.traffic.protocol === protocol).map((p) => p.traffic);
      if (parts.length < 2 || parts.some((t) => t.ports.isAll())) continue;
      const union = parts.reduce((ports, t) => ports.union(t.ports), PortSet.EMPTY);
      if (!union.isAll()) continue;
      const label = protocol.toUpperCase();
      out.push(
        `${label} 0-65535 from ${named.join(', ')} through ${parts.length} rules (${parts.map(describeTraffic).join(', ')})`,
      );
    }
  }
  return out;
}

function wideOpenIngress(ingress: readonly InternetPermission[]): string[] {
  // Most groups admit nothing from the internet: nothing to combine.
  if (ingress.length === 0) return [];
  const permissions = ingress.map((hit) => ({
    traffic: permissionTraffic(hit.permission),
    sources: hit.sources,
  }));
  // Missing and -1 port bounds are already read as 0-65535 by permissionTraffic.
  const single = permissions
    .filter((p) => isWideOpen(p.traffic))
    .map((p) => `${describeTraffic(p.traffic)} from ${p.sources.join(', ')}`);
  return [...single, ...combinedWideOpen(permissions)];
}

export const allTrafficFromInternet = defineRule({
  id: 'SG.3',
  title: 'Security group allows all traffic or all ports from the internet',
  description:
    'A rule for all protocols (IpProtocol -1) or all 65536 TCP or UDP ports from 0.0.0.0/0 or ::/0 removes the ' +
    'security group as a barrier: every service listening on the attached interfaces, including ones started ' +
    'later or by accident, is reachable by anyone on the internet.',
  severity: 'CRITICAL',
  resourceType: 'AwsEc2SecurityGroup',
  category: 'exposure',
  requires: ['securityGroups'],
  remediation: {
    text:
      'Delete the rules that allow all traffic or all ports from 0.0.0.0/0 or ::/0 and add one rule per port the ' +
      'workload serves. Restrict every other port to known CIDRs or to the security groups of the clients.',
    url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-18',
  },
  references: ['FSBP EC2.18'],
  evaluate(index) {
    const everyIngress = everyGroupIngress(index);
    return outcomesOf(index.snapshot.securityGroups, (group, position) => {
      const id = group.GroupId!;
      const { internet, unresolved } = everyIngress[position]!;
      const wideOpen = wideOpenIngress(internet);
      if (wideOpen.length === 0) {
        // A prefix list we could not read, on an all-ports rule, may hold 0.0.0.0/0: a pass would be a guess.
        const unknown = unresolved.filter((u) => isWideOpen(permissionTraffic(u.permission)));
        if (unknown.length > 0) {
          const reasons = [...new Set(unknown.flatMap((u) => u.reasons))];
          return notEvaluated(
            id,
            `Not evaluated: ${group.GroupName ?? id} allows all traffic or all ports from a prefix list that could not be resolved (${reasons.join('; ')})`,
            { evidence: { unresolved: reasons } },
          );
        }
        return passed(id, 'No ingress from the internet on all protocols or on all TCP or UDP ports');
      }
      return failed(
        id,
        `${group.GroupName ?? id} allows all traffic or all ports from the internet: ${wideOpen.join('; ')}`,
        { evidence: { permissions: wideOpen } },
      );
    });
  },
});
