import type { FlowLog } from '@aws-sdk/client-ec2';
import { defineRule, failed, notEvaluated, passed, type Outcome } from '../../engine/rule';
import type { SnapshotPart } from '../../snapshot/types';
import { notEvaluatedInVpc } from '../partial-data';

const REQUIRES: SnapshotPart[] = ['vpcs', 'flowLogs'];

/** A flow log that is ACTIVE but cannot deliver (DeliverLogsStatus FAILED) records nothing useful. */
function isWorking(log: FlowLog): boolean {
  return log.FlowLogStatus === 'ACTIVE' && log.DeliverLogsStatus !== 'FAILED';
}

/** `fl-1 (ACTIVE, delivery FAILED: Access error)`. */
function describeLog(log: FlowLog): string {
  const delivery =
    log.DeliverLogsStatus === 'FAILED'
      ? `, delivery FAILED${log.DeliverLogsErrorMessage ? `: ${log.DeliverLogsErrorMessage}` : ''}`
      : '';
  return `${log.FlowLogId ?? '?'} (${log.FlowLogStatus ?? 'unknown status'}${delivery})`;
}

export const vpcWithoutFlowLogs = defineRule({
  id: 'VPC.1',
  title: 'VPC has no active flow log',
  description:
    'Without a working flow log there is no record of accepted or rejected traffic: a connectivity incident ' +
    'cannot be traced to the security group or network ACL that dropped it, and suspicious traffic goes unseen.',
  severity: 'MEDIUM',
  resourceType: 'AwsEc2Vpc',
  category: 'visibility',
  requires: REQUIRES,
  remediation: {
    text:
      'Create a VPC flow log (traffic type ALL or at least REJECT) to CloudWatch Logs or S3. If a flow log ' +
      'exists but delivery FAILED, fix its IAM role or the destination bucket policy.',
    url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-6',
  },
  references: ['FSBP EC2.6', 'CIS 3.0 3.7'],
  evaluate(index, _config) {
    return index.snapshot.vpcs.map((vpc): Outcome => {
      const id = vpc.VpcId!;
      const skipped = notEvaluatedInVpc(index, id, REQUIRES, id);
      if (skipped) return skipped;
      const logs = index.flowLogsOf(id);
      const owner = index.ownerOf(id);
      // A VPC shared with this account through AWS RAM: its flow logs belong to (and are visible to) the
      // owner only, so "no flow log" here proves nothing.
      if (logs.length === 0 && owner !== index.accountId) {
        return notEvaluated(
          id,
          `${id} is shared by account ${owner}: its flow logs are visible to the owner only`,
        );
      }
      const working = logs.filter(isWorking);
      if (working.length > 0) {
        return passed(id, `Active flow log: ${working.map(describeLog).join(', ')}`);
      }
      if (logs.length === 0) return failed(id, `${id} has no flow log`);
      return failed(id, `${id} has no active flow log: ${logs.map(describeLog).join(', ')}`, {
        evidence: { flowLogs: logs.map(describeLog) },
      });
    });
  },
});
