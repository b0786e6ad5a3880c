import { defineRule, failed, passed, type Outcome } from '../../engine/rule';
import type { SnapshotPart } from '../../snapshot/types';
import { notEvaluatedInVpc } from '../partial-data';

const REQUIRES: SnapshotPart[] = ['networkAcls'];

export const unusedNetworkAcl = defineRule({
  id: 'NACL.4',
  title: 'Network ACL is associated with no subnet',
  description:
    'An unused network ACL protects nothing, clutters reviews, and may be associated with a subnet by ' +
    'mistake later with rules nobody has looked at in a while.',
  severity: 'LOW',
  resourceType: 'AwsEc2NetworkAcl',
  category: 'hygiene',
  requires: REQUIRES,
  remediation: {
    text: 'Delete the network ACL if it is no longer needed, or associate it with the subnets it was meant for.',
    url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-16',
  },
  references: ['FSBP EC2.16'],
  evaluate(index, _config) {
    return index.snapshot.networkAcls.map((acl): Outcome => {
      const id = acl.NetworkAclId!;
      const skipped = notEvaluatedInVpc(index, id, REQUIRES, acl.VpcId);
      if (skipped) return skipped;
      const subnets = (acl.Associations ?? []).map((a) => a.SubnetId).filter((s): s is string => !!s);
      // The default ACL cannot be deleted and takes every subnet that has no other ACL: idle is normal.
      if (acl.IsDefault) return passed(id, `Default network ACL of ${acl.VpcId} (cannot be deleted)`);
      if (subnets.length > 0) return passed(id, `Associated with ${subnets.join(', ')}`);
      return failed(id, `${id} (non-default, ${acl.VpcId}) is associated with no subnet`);
    });
  },
});
