import { defineRule, outcomesOf, failed, passed } from '../../engine/rule';
import { ReachabilityEngine } from '../../reachability';
import { everyInstanceEgress } from '../../reachability/instance';
import { brokenEvidence, brokenHopText, egressCase } from './egress-outcome';
import { REACHABILITY_PARTS } from './net-2-egress-broken';

/**
 * Isolation without a default route is usually deliberate, so it is a FAILED result at INFORMATIONAL
 * severity: visible in `explain` and dashboards, below every alert threshold, and resolved (PASSED) the
 * day the instance gets a path or a default route (NET.2 then takes over).
 */
export const isolatedInstance = defineRule({
  id: 'NET.3',
  title: 'Instance has no internet egress path and no default route',
  description:
    'The instance cannot reach the internet and its subnet has no default route, so it looks isolated by ' +
    'design (a private database or batch subnet). Reported for visibility, never alerted: if the instance ' +
    'does need the internet, give its subnet a route to a NAT gateway.',
  severity: 'INFORMATIONAL',
  resourceType: 'AwsEc2Instance',
  category: 'connectivity',
  requires: [...REACHABILITY_PARTS],
  remediation: {
    text:
      'Nothing to do if the isolation is intended. Otherwise add 0.0.0.0/0 -> an available NAT gateway (private ' +
      'subnet) or -> the VPC internet gateway (public subnet, with a public IP) to the subnet route table.',
    url: 'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html',
  },
  references: [],
  evaluate(index) {
    const egress = everyInstanceEgress(ReachabilityEngine.for(index));
    return outcomesOf(index.snapshot.instances, (instance, position) => {
      const id = instance.InstanceId!;
      const judged = egressCase(instance, egress[position]!);
      if ('outcome' in judged) return judged.outcome;
      const { path, intent } = judged;
      if (intent)
        return passed(id, `${id} is meant to reach the internet (${intent}): NET.2 judges its path`);
      if (!path) return passed(id, `${id} reaches the internet on TCP 443`);
      return failed(
        id,
        `${id} is isolated: no default route and no internet egress (${brokenHopText(path)})`,
        {
          evidence: brokenEvidence(path),
        },
      );
    });
  },
});
