import { DefaultStackSynthesizer, Duration, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { ArnPrincipal, PolicyDocument, PolicyStatement, Role } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { DEFAULT_MEMBER_ROLE_NAME } from '../../lambda/org/member-access';
import { validateRegions } from '../../lambda/org/targets';
import { auditReadActions } from '../network-auditor';
import { DEFAULT_AUDIT_ROLE_NAME, ORGANIZATION_ID } from './organization-auditor';

/** Properties of {@link MemberRoleStack}. */
export interface MemberRoleStackProps extends StackProps {
  /** The account that runs the OrganizationAuditor (its audit role is the one trusted). */
  readonly centralAccountId: string;
  /** The organization's id (o-xxxxxxxxxx): the trusted principal must belong to it (aws:PrincipalOrgID). */
  readonly organizationId: string;
  /**
   * The central audit role's name.
   * @default 'NetAuditOrgAuditor'
   */
  readonly auditRoleName?: string;
  /**
   * This role's name, the same in every account.
   * @default 'NetAuditMember'
   */
  readonly memberRoleName?: string;
  /**
   * Require this sts:ExternalId (set the same value on the OrganizationAuditor).
   * @default none
   */
  readonly externalId?: string;
  /**
   * Regions whose Security Hub the role may import into and read. The role is global (IAM), so the
   * default is every region of the account: the audited regions may grow without redeploying the StackSet.
   * @default every region, for this account's own product and hub only
   */
  readonly regions?: readonly string[];
  /**
   * More principals allowed to assume the role, e.g. the SSO role a security engineer runs
   * `netaudit scan --org` with. They get the same aws:PrincipalOrgID condition.
   * @default none: only the central audit role
   */
  readonly additionalTrustedPrincipalArns?: readonly string[];
}

const ACCOUNT_ID = /^\d{12}$/;
const PRINCIPAL_ARN = /^arn:aws[a-z-]*:(iam|sts)::\d{12}:[\w+=,.@/-]+$/;

/**
 * The read-only role NetAudit assumes in each member account, as a small stack meant to be deployed
 * by a service-managed CloudFormation StackSet (docs/organization.md). Its template needs no CDK
 * bootstrap, since member accounts are not bootstrapped.
 */
export class MemberRoleStack extends Stack {
  readonly role: Role;

  constructor(scope: Construct, id: string, props: MemberRoleStackProps) {
    super(scope, id, {
      description: 'NetAudit member role: lets the central NetAudit read this account network configuration',
      // A StackSet deploys the bare template: no bootstrap version check, no CDK metadata resource.
      synthesizer: new DefaultStackSynthesizer({ generateBootstrapVersionRule: false }),
      analyticsReporting: false,
      ...props,
    });
    if (!ACCOUNT_ID.test(props.centralAccountId)) {
      throw new Error(`centralAccountId: "${props.centralAccountId}" is not a 12-digit account id`);
    }
    if (!ORGANIZATION_ID.test(props.organizationId)) {
      throw new Error(`organizationId: "${props.organizationId}" is not an organization id (o-xxxxxxxxxx)`);
    }
    for (const arn of props.additionalTrustedPrincipalArns ?? []) {
      if (!PRINCIPAL_ARN.test(arn))
        throw new Error(`additionalTrustedPrincipalArns: "${arn}" is not an IAM principal ARN`);
    }
    const regions = props.regions ? validateRegions(props.regions) : ['*'];
    const memberRoleName = props.memberRoleName ?? DEFAULT_MEMBER_ROLE_NAME;
    const conditions = {
      StringEquals: {
        'aws:PrincipalOrgID': props.organizationId,
        ...(props.externalId ? { 'sts:ExternalId': props.externalId } : {}),
      },
    };
    const central = `arn:${this.partition}:iam::${props.centralAccountId}:role/${props.auditRoleName ?? DEFAULT_AUDIT_ROLE_NAME}`;
    const securityHubArn = (region: string, resource: string) =>
      `arn:${this.partition}:securityhub:${region}:${this.account}:${resource}`;

    this.role = new Role(this, 'Role', {
      roleName: memberRoleName,
      description: 'NetAudit: read-only network audit, and import of NetAudit findings into this account',
      assumedBy: new ArnPrincipal(central).withConditions(conditions),
      maxSessionDuration: Duration.hours(1),
      inlinePolicies: {
        NetAuditMember: new PolicyDocument({
          statements: [
            new PolicyStatement({
              sid: 'ReadNetworkConfiguration',
              actions: auditReadActions(),
              resources: ['*'],
            }),
            new PolicyStatement({
              sid: 'ImportOwnFindings',
              actions: ['securityhub:BatchImportFindings'],
              // This account's own custom product: the only one it may import as.
              resources: regions.map((r) => securityHubArn(r, `product/${this.account}/default`)),
            }),
            new PolicyStatement({
              sid: 'ReadFindings',
              actions: ['securityhub:GetFindings'],
              resources: regions.map((r) => securityHubArn(r, 'hub/default')),
            }),
          ],
        }),
      },
    });
    for (const arn of props.additionalTrustedPrincipalArns ?? []) {
      this.role.assumeRolePolicy?.addStatements(
        new PolicyStatement({ actions: ['sts:AssumeRole'], principals: [new ArnPrincipal(arn)], conditions }),
      );
    }

    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'The EC2 Describe actions and sts:GetCallerIdentity support no resource-level permissions; the ' +
        'actions are listed one by one (no Describe*, which would expose user data), all read-only.',
    });
    if (!props.regions) {
      for (const resource of ['product/<AWS::AccountId>/default', 'hub/default']) {
        Validations.of(this.role).acknowledge({
          id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:securityhub:*:<AWS::AccountId>:${resource}]`,
          reason:
            'IAM roles are global and the audited regions are the central deployment’s choice; the region is ' +
            'the only wildcard, and the account is pinned to this one, so only its own product and hub match.',
        });
      }
    }
  }
}
