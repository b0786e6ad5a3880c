import { Validations, type Stack } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { buildMemberStack, buildOrgStack } from './support';

/** "rule at construct path" for every unacknowledged AwsSolutions error or warning. */
function nagViolations(stack: Stack): string[] {
  return new AwsSolutionsChecks()
    .validateScope(stack)
    .violations.flatMap((v) =>
      v.violatingResources.map((r) => `${v.severity} ${v.ruleName} at ${r.constructPath}`),
    );
}

/** Every acknowledgement in the tree, as "path: rule id" (token-bearing ids shortened to their rule). */
function acknowledgements(root: IConstruct): string[] {
  const found: string[] = [];
  for (const node of root.node.findAll()) {
    for (const entry of node.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(entry.data as Record<string, string>)) {
        expect(reason.length).toBeGreaterThan(60);
        found.push(
          `${node.node.path}: ${id.replace(/^annotation::/i, '').replace(/\[Resource::(<|arn:<AWS::Partition>:states).*\]$/, '[Resource::…]')}`,
        );
      }
    }
  }
  return found.sort();
}

describe('cdk-nag AwsSolutions checks, organization mode', () => {
  it('find nothing unacknowledged in the central stack, Distributed or inline', () => {
    expect(nagViolations(buildOrgStack())).toEqual([]);
    expect(nagViolations(buildOrgStack({ mapType: 'INLINE', alertEmails: ['sec@example.com'] }))).toEqual([]);
  });

  it('find nothing unacknowledged in the member role stack, with or without regions', () => {
    expect(nagViolations(buildMemberStack())).toEqual([]);
    expect(nagViolations(buildMemberStack({ regions: ['us-east-1'], externalId: 'x-1' }))).toEqual([]);
  });

  it('are acknowledged only where listed here, each with a specific reason', () => {
    // A change to these lists is a change to the security review: make it on purpose.
    expect(acknowledgements(buildOrgStack())).toEqual([
      'NetAuditOrg/OrgAuditor/AccountSummaryFunction: AwsSolutions-L1',
      'NetAuditOrg/OrgAuditor/AuditRole: AwsSolutions-IAM5[Resource::*]',
      'NetAuditOrg/OrgAuditor/AuditRole: AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::*:role/NetAuditMember]',
      'NetAuditOrg/OrgAuditor/AuditTargetFunction: AwsSolutions-L1',
      'NetAuditOrg/OrgAuditor/FailedInvocations: AwsSolutions-SQS3',
      'NetAuditOrg/OrgAuditor/ListRole: AwsSolutions-IAM5[Resource::*]',
      'NetAuditOrg/OrgAuditor/ListTargetsFunction: AwsSolutions-L1',
      'NetAuditOrg/OrgAuditor/ReportRole: AwsSolutions-IAM5[Resource::*]',
      'NetAuditOrg/OrgAuditor/StateMachine: AwsSolutions-IAM5[Resource::*]',
      ...Array<string>(6).fill('NetAuditOrg/OrgAuditor/StateMachine: AwsSolutions-IAM5[Resource::…]'),
      'NetAuditOrg/OrgAuditor/SummarizeFunction: AwsSolutions-L1',
    ]);
    expect(acknowledgements(buildMemberStack())).toEqual([
      'NetAuditMember/Role: AwsSolutions-IAM5[Resource::*]',
      'NetAuditMember/Role: AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:securityhub:*:<AWS::AccountId>:hub/default]',
      'NetAuditMember/Role: AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:securityhub:*:<AWS::AccountId>:product/<AWS::AccountId>/default]',
    ]);
  });
});
