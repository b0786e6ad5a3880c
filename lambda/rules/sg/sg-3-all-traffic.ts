import { defineRule, failed, passed } from '../../engine/rule';
import { describeTraffic, permissionTraffic } from '../../net/permissions';
import { hasPorts } from '../../net/protocol';
import { internetIngress } from './internet-ingress';

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
    return index.snapshot.securityGroups.map((group) => {
      const id = group.GroupId!;
      const wideOpen = internetIngress(group)
        .map((hit) => ({ hit, traffic: permissionTraffic(hit.permission) }))
        // -1 bounds and missing bounds are already read as 0-65535 by permissionTraffic.
        .filter(
          ({ traffic }) =>
            traffic.protocol === 'all' || (hasPorts(traffic.protocol) && traffic.ports.isAll()),
        )
        .map(({ hit, traffic }) => `${describeTraffic(traffic)} from ${hit.sources.join(', ')}`);
      if (wideOpen.length === 0) {
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
