import { defineRule, outcomesOf, failed, passed } from '../../engine/rule';
import { ReachabilityEngine } from '../../reachability';
import { everyInstanceEgress } from '../../reachability/instance';
import { brokenEvidence, brokenHopText, egressCase } from './egress-outcome';

export const REACHABILITY_PARTS = [
  'instances',
  'networkInterfaces',
  'securityGroups',
  'networkAcls',
  'routeTables',
  'internetGateways',
  'natGateways',
  'addresses',
  'subnets',
] as const;

/**
 * Only running instances have a verdict (stopped ones are NOT_EVALUATED, terminated ones pass); the primary
 * interface decides. Egress counts as intended when the subnet's table has a default route (any target).
 */
export const brokenInternetEgress = defineRule({
  id: 'NET.2',
  title: 'Instance cannot reach the internet although its subnet has a default route',
  description:
    'The subnet routes 0.0.0.0/0 somewhere, so internet access was intended, but a hop on the TCP 443 path is ' +
    'broken: package installs, API calls and updates fail. The finding names the first broken hop.',
  severity: 'HIGH',
  resourceType: 'AwsEc2Instance',
  category: 'connectivity',
  requires: [...REACHABILITY_PARTS],
  remediation: {
    text:
      'Fix the hop the finding names (security group egress, NACL entry, route, internet gateway attachment, ' +
      'public IP, or NAT gateway state, Elastic IP and route). `netaudit explain <instance-id>` shows every step ' +
      'with its evidence and the change that fixes it.',
    url: 'https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html',
  },
  references: [],
  evaluate(index) {
    const egress = everyInstanceEgress(ReachabilityEngine.for(index));
    return outcomesOf(index.snapshot.instances, (instance, position) => {
      const id = instance.InstanceId!;
      const judged = egressCase(instance, egress[position]!);
      if ('outcome' in judged) return judged.outcome;
      const { path, intent } = judged;
      if (!intent) {
        return passed(id, `${id}'s subnet has no default route: internet egress is not intended (NET.3)`);
      }
      if (!path) return passed(id, `${id} reaches the internet on TCP 443`);
      return failed(id, `${id} cannot reach the internet on TCP 443 (${intent}): ${brokenHopText(path)}`, {
        evidence: { ...brokenEvidence(path), intent },
      });
    });
  },
});
