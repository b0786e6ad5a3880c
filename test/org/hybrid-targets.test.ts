import { OrganizationsClient, type Account } from '@aws-sdk/client-organizations';
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { ConfiguredRetryStrategy } from '@smithy/util-retry';
import { mockClient } from 'aws-sdk-client-mock';
import { Template } from 'aws-cdk-lib/assertions';
import { scanOrganization } from '../../lambda/cli/org';
import { parseConfig } from '../../lambda/config/config';
import { parseOrgEnv } from '../../lambda/org/env';
import { createAuditTargetHandler } from '../../lambda/org/lambda';
import { RULE_IDS } from '../../lambda/rules/registry';
import { PART_API, PART_MORE_APIS, V2_PARTS } from '../../lambda/snapshot/types';
import { buildMemberStack } from '../lib/org/support';
import { fakeTime } from '../publish/fake-security-hub';
import { fakeOrganization } from './fake-organization';
import { hybridAccount } from './hybrid-account';
import { fakeMembers, type MemberImport } from './member-fakes';

const PROD = '222222222222';
const DEV = '333333333333';

/**
 * prod's eu-west-1 has a transit gateway blackhole and a VPN with both tunnels down; prod's us-east-1 is
 * healthy; dev (both regions) has one tunnel down.
 */
const NETWORKS = {
  [`${PROD}/eu-west-1`]: hybridAccount({ blackhole: true, tunnels: ['DOWN', 'DOWN'] }),
  [`${PROD}/us-east-1`]: hybridAccount(),
  [DEV]: hybridAccount({ tunnels: ['UP', 'DOWN'] }),
};

/** The failures imported, as `account region rule resource-ARN`, with the caller checked against the finding. */
function failuresOf(imports: MemberImport[], rules: string[]): string[] {
  const lines: string[] = [];
  for (const i of imports) {
    for (const f of i.findings.filter((x: AwsSecurityFinding) => x.Compliance?.Status === 'FAILED')) {
      const rule = f.GeneratorId!.replace('netaudit/', '');
      if (!rules.includes(rule)) continue;
      // Imported by the member itself, into its own hub in the target region.
      expect([f.AwsAccountId, f.Resources![0]!.Region]).toEqual([i.account, i.region]);
      lines.push(`${i.account} ${i.region} ${rule} ${f.Resources![0]!.Id}`);
    }
  }
  return lines.sort();
}

describe('organization runs over hybrid networks', () => {
  let members: ReturnType<typeof fakeMembers>;
  beforeEach(() => {
    members = fakeMembers({ networks: NETWORKS });
  });
  afterEach(() => members.restore());

  it('scan --org evaluates each target’s own transit gateway and VPN: TGW.1 and VPN.1 fail for that account and region only', async () => {
    // Prepare
    const organizations = new OrganizationsClient({ region: 'us-east-1' });
    const active = (Id: string) => ({ Id, Name: Id, State: 'ACTIVE' }) as Account;
    fakeOrganization(mockClient(organizations), {
      'r-a1b2': { accounts: [active(PROD), active(DEV)], ous: [] },
    });

    // Act: the CLI's own audit, through the member role of each account, three targets at once.
    const { failed } = await scanOrganization(
      {
        roleName: 'NetAuditMember',
        regions: ['eu-west-1', 'us-east-1'],
        concurrency: 4,
        publish: true,
        quiet: true,
        config: parseConfig({}, RULE_IDS),
      },
      { organizations, stderr: { write: () => true } },
    );

    // Assess
    expect(failed).toBe(0);
    expect(failuresOf(members.imports, ['TGW.1', 'VPN.1', 'VPN.2'])).toEqual([
      `${PROD} eu-west-1 TGW.1 arn:aws:ec2:eu-west-1:${PROD}:transit-gateway-route-table/tgw-rtb-1`,
      `${PROD} eu-west-1 VPN.1 arn:aws:ec2:eu-west-1:${PROD}:vpn-connection/vpn-tgw`,
      // As Security Hub EC2.20 does, VPN.2 also counts a connection with every tunnel down.
      `${PROD} eu-west-1 VPN.2 arn:aws:ec2:eu-west-1:${PROD}:vpn-connection/vpn-tgw`,
      `${DEV} eu-west-1 VPN.2 arn:aws:ec2:eu-west-1:${DEV}:vpn-connection/vpn-tgw`,
      `${DEV} us-east-1 VPN.2 arn:aws:ec2:us-east-1:${DEV}:vpn-connection/vpn-tgw`,
    ]);
    // Every target collected its hybrid lists with its own credentials, in its own region.
    const searched = members.calls().filter((c) => c.api === 'SearchTransitGatewayRoutes');
    expect(new Set(searched.map((c) => `${c.account} ${c.region}`))).toEqual(
      new Set([`${PROD} eu-west-1`, `${PROD} us-east-1`, `${DEV} eu-west-1`, `${DEV} us-east-1`]),
    );
  });

  it('the Step Functions audit step does the same for the one target it is given', async () => {
    // Prepare
    const time = fakeTime();
    const env = parseOrgEnv(
      {
        AWS_REGION: 'us-east-1',
        ORG_REGIONS: 'eu-west-1,us-east-1',
        MEMBER_ROLE_NAME: 'NetAuditMember',
        ALERT_TOPIC_ARN: 'arn:aws:sns:us-east-1:999999999999:alerts',
      },
      RULE_IDS,
    );
    const handler = createAuditTargetHandler({
      env,
      logger: { info: jest.fn(), warn: jest.fn(), error: jest.fn() },
      metrics: { addMetric: jest.fn(), publishStoredMetrics: jest.fn() },
      audit: {
        retryStrategy: new ConfiguredRetryStrategy(1),
        now: () => new Date('2026-11-28T01:00:00Z'),
        sleep: time.sleep,
        clock: time.clock,
      },
    });

    // Act: the Map runs each target in its own invocation.
    const results = [
      await handler({ accountId: PROD, region: 'eu-west-1' }),
      await handler({ accountId: PROD, region: 'us-east-1' }),
    ];

    // Assess
    expect(results.map((r) => r.status)).toEqual(['AUDITED', 'AUDITED']);
    expect(failuresOf(members.imports, ['TGW.1', 'VPN.1', 'VPN.2'])).toEqual([
      `${PROD} eu-west-1 TGW.1 arn:aws:ec2:eu-west-1:${PROD}:transit-gateway-route-table/tgw-rtb-1`,
      `${PROD} eu-west-1 VPN.1 arn:aws:ec2:eu-west-1:${PROD}:vpn-connection/vpn-tgw`,
      // As Security Hub EC2.20 does, VPN.2 also counts a connection with every tunnel down.
      `${PROD} eu-west-1 VPN.2 arn:aws:ec2:eu-west-1:${PROD}:vpn-connection/vpn-tgw`,
    ]);
    // TGW.1 and VPN.1 are HIGH: the faulty region has exactly two more.
    expect(results[0]!.bySeverity!.HIGH! - results[1]!.bySeverity!.HIGH!).toBe(2);
  });

  it('the member role allows every call the collector makes for the hybrid lists, and every other one', async () => {
    // Prepare
    const handler = createAuditTargetHandler({
      env: parseOrgEnv(
        {
          AWS_REGION: 'us-east-1',
          ORG_REGIONS: 'us-east-1',
          MEMBER_ROLE_NAME: 'NetAuditMember',
          SECURITY_HUB_ENABLED: 'false',
        },
        RULE_IDS,
      ),
      logger: { info: jest.fn(), warn: jest.fn(), error: jest.fn() },
      metrics: { addMetric: jest.fn(), publishStoredMetrics: jest.fn() },
      audit: { retryStrategy: new ConfiguredRetryStrategy(1) },
    });
    const [role] = Object.values(Template.fromStack(buildMemberStack()).findResources('AWS::IAM::Role'));
    const statements = (
      role!.Properties as {
        Policies: { PolicyDocument: { Statement: { Sid: string; Action: string[] }[] } }[];
      }
    ).Policies[0]!.PolicyDocument.Statement;
    const allowed = new Set(statements.find((s) => s.Sid === 'ReadNetworkConfiguration')!.Action);

    // Act
    const result = await handler({ accountId: DEV, region: 'us-east-1' });

    // Assess
    expect(result).toMatchObject({ status: 'AUDITED', collectionErrors: 0 });
    const made = new Set(members.calls().map((c) => `${c.service}:${c.api}`));
    // The hybrid (version 2) lists were all read, each by its own calls...
    const hybridApis = V2_PARTS.flatMap((part) => [PART_API[part], ...(PART_MORE_APIS[part] ?? [])]);
    const madeApis = new Set([...made].map((a) => a.split(':')[1]));
    expect(hybridApis.filter((api) => !madeApis.has(api))).toEqual([]);
    // ...and the member role grants every call that was made.
    expect([...made].filter((action) => !allowed.has(action))).toEqual([]);
  });
});
