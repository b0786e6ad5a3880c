import { parseConfig, type ConfigFile } from '../../lambda/config/config';
import { evaluate } from '../../lambda/engine/evaluate';
import type { AuditReport } from '../../lambda/engine/result';
import { defineRule, failed, notEvaluated, passed, type Rule } from '../../lambda/engine/rule';
import type { Snapshot } from '../../lambda/snapshot/types';

/**
 * Two tiny rules with fixed verdicts, so output-format tests exercise every status and severity
 * without depending on the real catalogue.
 */
export const FORMAT_RULES: Rule[] = [
  defineRule({
    id: 'SG.1',
    title: 'Security group allows an admin port from the internet',
    description: 'Admin ports open to the internet invite brute-force attempts.',
    severity: 'HIGH',
    resourceType: 'AwsEc2SecurityGroup',
    category: 'exposure',
    requires: ['securityGroups'],
    remediation: {
      text: 'Restrict the source.',
      url: 'https://docs.aws.amazon.com/vpc/latest/userguide/security-groups.html',
    },
    references: ['FSBP EC2.13', 'CIS 5.2'],
    evaluate: (index) =>
      index.snapshot.securityGroups.map((g) =>
        g.GroupName === 'open'
          ? failed(g.GroupId!, `${g.GroupId} allows TCP 22 from 0.0.0.0/0`)
          : passed(g.GroupId!, 'no admin port from the internet'),
      ),
  }),
  defineRule({
    id: 'VPC.1',
    title: 'VPC has no active flow log',
    description: 'Without flow logs there is no record of traffic.',
    severity: 'MEDIUM',
    resourceType: 'AwsEc2Vpc',
    category: 'visibility',
    requires: ['vpcs'],
    remediation: {
      text: 'Create a flow log.',
      url: 'https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs.html',
    },
    references: ['FSBP EC2.6'],
    evaluate: (index) =>
      index.snapshot.vpcs.map((v) => notEvaluated(v.VpcId!, 'flow logs could not be read')),
  }),
];

export function reportFor(snapshot: Snapshot, config: ConfigFile = {}): AuditReport {
  return evaluate(
    snapshot,
    parseConfig(
      config,
      FORMAT_RULES.map((r) => r.id),
    ),
    FORMAT_RULES,
  );
}
