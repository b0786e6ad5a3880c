import { defineRule, outcomesOf, failed, notEvaluated, passed } from '../../engine/rule';
import { brokenEvidence, brokenHopText, egressCase, versionsText } from './egress-outcome';

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
 * interface decides, walked by the path engine hop by hop, there and back. Egress counts as intended when
 * the subnet's table has a default route (any target) of a version the instance can use.
 */
export const brokenInternetEgress = defineRule({
  id: 'NET.2',
  title: 'Instance cannot reach the internet although its subnet has a default route',
  description:
    'The subnet routes 0.0.0.0/0 or ::/0 somewhere, so internet access was intended, but a hop on the TCP 443 ' +
    'path, there or back, is broken: package installs, API calls and updates fail. The finding names the ' +
    'first broken hop. IPv4 is judged when the table has an IPv4 default route or the instance has no IPv6 ' +
    'address, IPv6 when the instance has an IPv6 address and the table routes ::/0 (to an egress-only ' +
    'internet gateway, say); a dual-stack instance with both default routes fails when either path is broken.',
  severity: 'HIGH',
  resourceType: 'AwsEc2Instance',
  category: 'connectivity',
  requires: [...REACHABILITY_PARTS],
  remediation: {
    text:
      'Fix the hop the finding names (security group egress, NACL entry, route, internet gateway attachment, ' +
      'public IP, or NAT gateway state, Elastic IP and route). `netaudit explain <instance-id>` shows every hop ' +
      'with its evidence and the change that fixes it.',
    url: 'https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html',
  },
  references: [],
  evaluate(index) {
    return outcomesOf(index.snapshot.instances, (instance, position) => {
      const id = instance.InstanceId!;
      const judged = egressCase(index, instance, position);
      if ('outcome' in judged) return judged.outcome;
      const { broken, unverifiable, intent, versions } = judged;
      if (!intent) {
        return passed(id, `${id}'s subnet has no default route: internet egress is not intended (NET.3)`);
      }
      if (broken) {
        return failed(
          id,
          `${id} cannot reach the internet on TCP 443 (${intent}): ${brokenHopText(broken)}`,
          {
            evidence: { ...brokenEvidence(broken), intent },
          },
        );
      }
      if (unverifiable) return notEvaluated(id, `${id}: TCP 443 egress ${unverifiable}`);
      return passed(id, `${id} reaches the internet on TCP 443 over ${versionsText(versions)}`);
    });
  },
});
