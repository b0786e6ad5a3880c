import { defineRule, failed, passed } from '../../engine/rule';
import { describeRules, isDefaultGroup } from './describe';

export const defaultGroupHasRules = defineRule({
  id: 'SG.5',
  title: 'Default security group has inbound or outbound rules',
  description:
    'Any resource launched without an explicit security group lands in the VPC default group. When that group ' +
    'has rules (as it does when AWS creates it: all traffic from its own members, all traffic out), such ' +
    'resources get access nobody chose for them, and traffic flows between unrelated workloads.',
  severity: 'MEDIUM',
  resourceType: 'AwsEc2SecurityGroup',
  category: 'exposure',
  requires: ['securityGroups'],
  remediation: {
    text:
      'Move resources from the default security group to groups of their own, then delete every inbound and ' +
      'outbound rule of the default group (the group itself cannot be deleted). Check with the Reachability ' +
      'Analyzer or flow logs before removing rules that are in use.',
    url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-2',
  },
  references: ['FSBP EC2.2', 'CIS 3.0 5.4'],
  evaluate(index) {
    // Only default groups are looked at: no other group can fail this rule.
    return index.snapshot.securityGroups.filter(isDefaultGroup).map((group) => {
      const id = group.GroupId!;
      const of = group.VpcId ? ` of ${group.VpcId}` : '';
      const rules = describeRules(group);
      if (rules.length === 0)
        return passed(id, `The default security group${of} has no inbound or outbound rules`);
      const count = rules.length === 1 ? '1 rule' : `${rules.length} rules`;
      return failed(id, `The default security group${of} has ${count}: ${rules.join('; ')}`, {
        evidence: { rules },
      });
    });
  },
});
