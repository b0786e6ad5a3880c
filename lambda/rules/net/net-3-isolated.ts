import { defineRule, outcomesOf, failed, notEvaluated, passed } from '../../engine/rule';
import { brokenEvidence, brokenHopText, egressCase, versionsText } from './egress-outcome';
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
    'The instance cannot reach the internet and its subnet has no default route it can use (0.0.0.0/0, or ' +
    '::/0 for an instance with an IPv6 address), so it looks isolated by design (a private database or batch subnet). Reported for visibility, never alerted: if the instance ' +
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
    return outcomesOf(index.snapshot.instances, (instance, position) => {
      const id = instance.InstanceId!;
      const judged = egressCase(index, instance, position);
      if ('outcome' in judged) return judged.outcome;
      const { broken, unverifiable, intent, versions } = judged;
      if (intent)
        return passed(id, `${id} is meant to reach the internet (${intent}): NET.2 judges its path`);
      if (broken) {
        return failed(
          id,
          `${id} is isolated: no default route and no internet egress (${brokenHopText(broken)})`,
          { evidence: brokenEvidence(broken) },
        );
      }
      if (unverifiable) return notEvaluated(id, `${id}: TCP 443 egress ${unverifiable}`);
      return passed(id, `${id} reaches the internet on TCP 443 over ${versionsText(versions)}`);
    });
  },
});
