import type { NetworkInterface, SecurityGroup } from '@aws-sdk/client-ec2';
import { defineRule, outcomesOf, failed, notEvaluated, passed } from '../../engine/rule';
import type { SnapshotIndex } from '../../engine/snapshot-index';
import { notCollectedFor, partsMissingFor } from '../partial-data';
import { hasPeer } from './describe';
import { listSome } from '../text';

/** Any outbound rule with a destination (CIDR, group or prefix list) lets some traffic out. */
function allowsOutbound(group: SecurityGroup): boolean {
  return (group.IpPermissionsEgress ?? []).some(hasPeer);
}

function runningInstanceOf(index: SnapshotIndex, eni: NetworkInterface): string | undefined {
  const instanceId = eni.Attachment?.InstanceId;
  const instance = instanceId ? index.instances.get(instanceId) : undefined;
  return instance?.State?.Name === 'running' ? instanceId : undefined;
}

/** `eni-1 (i-1)`, with the interface's other groups when it has some. */
function describeInterface(eni: NetworkInterface, instanceId: string, others: string[]): string {
  const also = others.length > 0 ? `, also in ${others.join(', ')}` : '';
  return `${eni.NetworkInterfaceId ?? '?'} (${instanceId}${also})`;
}

export const noOutboundTraffic = defineRule({
  id: 'SG.8',
  title: 'Security group leaves a running instance with no outbound traffic',
  description:
    'Security groups are stateful, so replies to inbound connections still flow, but an instance whose groups ' +
    'have no outbound rule at all cannot start any connection: no DNS outside the VPC resolver, no package ' +
    'updates, no AWS API calls, no Systems Manager. It looks like "the instance cannot connect to the network".',
  severity: 'MEDIUM',
  resourceType: 'AwsEc2SecurityGroup',
  category: 'connectivity',
  requires: ['securityGroups', 'networkInterfaces', 'instances'],
  remediation: {
    text:
      'Add the outbound rules the instance needs to this group or to another group on the same interface, for ' +
      'example TCP 443 to 0.0.0.0/0 or to a VPC endpoint prefix list. If the instance is meant to be fully ' +
      'isolated, suppress this finding with that reason.',
    url: 'https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html',
  },
  references: [],
  evaluate(index) {
    return outcomesOf(index.snapshot.securityGroups, (group) => {
      const id = group.GroupId!;
      const missing = partsMissingFor(index, ['networkInterfaces', 'instances'], group.VpcId);
      if (missing.length > 0) return notCollectedFor(index, id, missing, group.VpcId);
      if (allowsOutbound(group)) return passed(id, 'The group has outbound rules');

      const cutOff: string[] = [];
      const unknown: string[] = [];
      const covered: string[] = [];
      for (const eni of index.interfacesOfGroup(id)) {
        const instanceId = runningInstanceOf(index, eni);
        if (!instanceId) continue;
        const others = (eni.Groups ?? []).map((g) => g.GroupId ?? '?').filter((other) => other !== id);
        const known = others.map((other) => index.securityGroups.get(other));
        const text = describeInterface(eni, instanceId, others);
        // Security groups on an interface are unioned: one group with an outbound rule is enough.
        if (known.some((other) => other && allowsOutbound(other))) covered.push(text);
        else if (known.some((other) => !other)) unknown.push(text);
        else cutOff.push(text);
      }

      if (cutOff.length > 0) {
        return failed(
          id,
          `${group.GroupName ?? id} has no outbound rule and no other group on the interface allows outbound, ` +
            `so these running instances cannot initiate any connection: ${listSome(cutOff)}`,
          { evidence: { interfaces: cutOff } },
        );
      }
      if (unknown.length > 0) {
        return notEvaluated(
          id,
          `Not evaluated: the group has no outbound rule, and other groups on ${listSome(unknown)} are not in the snapshot`,
          { evidence: { interfaces: unknown } },
        );
      }
      if (covered.length > 0) {
        return passed(
          id,
          `The group has no outbound rule, but another group on each of its running interfaces does: ${listSome(covered)}`,
        );
      }
      return passed(id, 'The group has no outbound rule but is attached to no running instance');
    });
  },
});
