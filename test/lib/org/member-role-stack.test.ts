import { Template } from 'aws-cdk-lib/assertions';
import { auditReadActions } from '../../../lib/network-auditor';
import { buildMemberStack, CENTRAL_ACCOUNT, ORG_ID } from './support';

const partition = { Ref: 'AWS::Partition' };
const account = { Ref: 'AWS::AccountId' };
const centralRole = {
  'Fn::Join': ['', ['arn:', partition, `:iam::${CENTRAL_ACCOUNT}:role/NetAuditOrgAuditor`]],
};
const securityHub = (region: string, resource: unknown[]) => ({
  'Fn::Join': ['', ['arn:', partition, `:securityhub:${region}:`, account, ...resource]],
});

function roleOf(template: Template) {
  const [role] = Object.values(template.findResources('AWS::IAM::Role'));
  return role!.Properties as {
    RoleName: string;
    MaxSessionDuration: number;
    AssumeRolePolicyDocument: { Statement: unknown[] };
    Policies: { PolicyName: string; PolicyDocument: { Statement: unknown[] } }[];
    ManagedPolicyArns?: unknown;
  };
}

describe('MemberRoleStack', () => {
  it('defines one role, trusted only by the central audit role of the organization', () => {
    const template = Template.fromStack(buildMemberStack());
    const role = roleOf(template);

    template.resourceCountIs('AWS::IAM::Role', 1);
    expect(role.RoleName).toBe('NetAuditMember');
    expect(role.MaxSessionDuration).toBe(3600);
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { AWS: centralRole },
        Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG_ID } },
      },
    ]);
    expect(role.ManagedPolicyArns).toBeUndefined();
  });

  it('may read the network, import its own findings and read findings, nothing else', () => {
    const role = roleOf(Template.fromStack(buildMemberStack()));

    expect(role.Policies).toEqual([
      {
        PolicyName: 'NetAuditMember',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            // The single-account role's explicit list: no ec2:Describe*, which would include user data.
            {
              Sid: 'ReadNetworkConfiguration',
              Action: [...auditReadActions()].sort(),
              Effect: 'Allow',
              Resource: '*',
            },
            {
              Sid: 'ImportOwnFindings',
              Action: 'securityhub:BatchImportFindings',
              Effect: 'Allow',
              Resource: securityHub('*', [':product/', account, '/default']),
            },
            {
              Sid: 'ReadFindings',
              Action: 'securityhub:GetFindings',
              Effect: 'Allow',
              Resource: securityHub('*', [':hub/default']),
            },
          ],
        },
      },
    ]);
    expect(auditReadActions()).toEqual(
      expect.arrayContaining([
        'sts:GetCallerIdentity',
        'ec2:DescribeSecurityGroups',
        'ec2:SearchTransitGatewayRoutes',
        'directconnect:DescribeVirtualInterfaces',
        'network-firewall:DescribeFirewall',
      ]),
    );
    // Read calls only, each named: no wildcard.
    expect(
      auditReadActions().every((a) =>
        /^(ec2|sts|directconnect|network-firewall):(Describe|Get|List|Search)[A-Z]\w+$/.test(a),
      ),
    ).toBe(true);
  });

  it('narrows Security Hub to the given regions, and requires the external id when one is set', () => {
    const role = roleOf(
      Template.fromStack(
        buildMemberStack({ regions: ['us-east-1', 'eu-west-1'], externalId: 'netaudit-ext-1' }),
      ),
    );

    expect(role.Policies[0]!.PolicyDocument.Statement[1]).toMatchObject({
      Resource: [
        securityHub('eu-west-1', [':product/', account, '/default']),
        securityHub('us-east-1', [':product/', account, '/default']),
      ],
    });
    expect(role.AssumeRolePolicyDocument.Statement[0]).toMatchObject({
      Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG_ID, 'sts:ExternalId': 'netaudit-ext-1' } },
    });
  });

  it('also trusts the extra principals given for the CLI, with the same organization condition', () => {
    const sso =
      'arn:aws:iam::999999999999:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_SecurityAudit_0a1b';
    const role = roleOf(Template.fromStack(buildMemberStack({ additionalTrustedPrincipalArns: [sso] })));

    // One statement (CDK merges principals under the same condition), both principals in it.
    expect(role.AssumeRolePolicyDocument.Statement).toEqual([
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { AWS: expect.arrayContaining([centralRole, sso]) },
        Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG_ID } },
      },
    ]);
  });

  it('synthesizes a template a StackSet can deploy to accounts that were never bootstrapped', () => {
    const json = Template.fromStack(buildMemberStack()).toJSON() as Record<string, Record<string, unknown>>;

    expect(json.Parameters ?? {}).not.toHaveProperty('BootstrapVersion');
    expect(json.Rules ?? {}).not.toHaveProperty('CheckBootstrapVersion');
    expect(Object.values(json.Resources ?? {}).map((r) => (r as { Type: string }).Type)).toEqual([
      'AWS::IAM::Role',
    ]);
  });

  it('rejects a bad central account, organization or principal', () => {
    expect(() => buildMemberStack({ centralAccountId: '123' })).toThrow(/centralAccountId/);
    expect(() => buildMemberStack({ organizationId: 'org' })).toThrow(/organizationId/);
    expect(() => buildMemberStack({ additionalTrustedPrincipalArns: ['me'] })).toThrow(/principal ARN/);
  });
});
