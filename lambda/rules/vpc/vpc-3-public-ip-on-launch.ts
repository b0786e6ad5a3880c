import { defineRule, failed, passed, type Outcome } from '../../engine/rule';
import type { SnapshotPart } from '../../snapshot/types';
import { notEvaluatedInVpc } from '../partial-data';

const REQUIRES: SnapshotPart[] = ['subnets'];

export const subnetAssignsPublicIp = defineRule({
  id: 'VPC.3',
  title: 'Subnet assigns public IPv4 addresses on launch',
  description:
    'Every instance launched in the subnet gets a public IPv4 address unless its launch settings say ' +
    'otherwise, so one permissive security group is enough to expose it to the internet. Public IPv4 ' +
    'addresses are also billed by the hour.',
  severity: 'MEDIUM',
  resourceType: 'AwsEc2Subnet',
  category: 'exposure',
  requires: REQUIRES,
  remediation: {
    text:
      'Turn off auto-assign: aws ec2 modify-subnet-attribute --subnet-id <subnet> --no-map-public-ip-on-launch. ' +
      'Give public IPs (or Elastic IPs) only to the instances that need them, or put them behind a load balancer.',
    url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-15',
  },
  references: ['FSBP EC2.15'],
  evaluate(index, _config) {
    return index.snapshot.subnets.map((subnet): Outcome => {
      const id = subnet.SubnetId!;
      const skipped = notEvaluatedInVpc(index, id, REQUIRES, subnet.VpcId);
      if (skipped) return skipped;
      if (subnet.MapPublicIpOnLaunch !== true)
        return passed(id, 'Does not assign public IPv4 addresses on launch');
      const where = [subnet.CidrBlock, subnet.VpcId, subnet.AvailabilityZone].filter(Boolean).join(', ');
      return failed(id, `${id} (${where}) assigns a public IPv4 address to every instance launched in it`);
    });
  },
});
