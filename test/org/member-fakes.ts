import { DirectConnectClient } from '@aws-sdk/client-direct-connect';
import { EC2Client } from '@aws-sdk/client-ec2';
import { NetworkFirewallClient } from '@aws-sdk/client-network-firewall';
import {
  BatchImportFindingsCommand,
  GetFindingsCommand,
  SecurityHubClient,
  type AwsSecurityFinding,
} from '@aws-sdk/client-securityhub';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
// fromTemporaryCredentials assumes roles with the SDK's internal STS client, not @aws-sdk/client-sts.
import { AssumeRoleCommand, STSClient as RoleAssumingStsClient } from '@aws-sdk/nested-clients/sts';
import { mockClient } from 'aws-sdk-client-mock';
import { fakeDirectConnect, fakeEc2, fakeNetworkFirewall, type Failure } from '../collect/fake-account';
import { twoVpcAccount } from '../collect/account-fixture';

/** Who made an SDK call: the account is encoded in the access key the fake AssumeRole hands out. */
async function callerOf(client: {
  config: { credentials: () => Promise<{ accessKeyId: string }>; region: () => Promise<string> };
}) {
  const credentials = await client.config.credentials();
  return { account: credentials.accessKeyId.replace(/^ASIA/, ''), region: await client.config.region() };
}

export interface MemberImport {
  /** The account whose credentials made the call. */
  account: string;
  /** The region of the client that made the call. */
  region: string;
  findings: AwsSecurityFinding[];
}

/**
 * Every member account of a test organization, behind prototype-level mocks (the audit builds its own
 * clients): STS AssumeRole hands out credentials whose key names the account (or AccessDenied for the
 * accounts listed), GetCallerIdentity answers with the account of the credentials it is called with,
 * EC2 serves the same two-VPC network everywhere (failing the calls listed in every account), and
 * Security Hub records which account imported what.
 */
export function fakeMembers(options: { denied?: string[]; ec2Failures?: Failure[] } = {}) {
  const assumeRole = mockClient(RoleAssumingStsClient);
  const sts = mockClient(STSClient);
  const hub = mockClient(SecurityHubClient);
  const ec2 = fakeEc2(twoVpcAccount(), options.ec2Failures ?? [], EC2Client.prototype);
  const directConnect = fakeDirectConnect(twoVpcAccount(), [], DirectConnectClient.prototype);
  const networkFirewall = fakeNetworkFirewall(twoVpcAccount(), [], NetworkFirewallClient.prototype);
  const imports: MemberImport[] = [];

  assumeRole.on(AssumeRoleCommand).callsFake((input: { RoleArn: string }) => {
    const account = input.RoleArn.split(':')[4]!;
    if (options.denied?.includes(account)) {
      throw Object.assign(
        new Error(
          `User: arn:aws:sts::999999999999:assumed-role/NetAuditOrgAuditor/x is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`,
        ),
        { name: 'AccessDenied', $fault: 'client', $metadata: { httpStatusCode: 403, attempts: 1 } },
      );
    }
    return {
      Credentials: {
        AccessKeyId: `ASIA${account}`,
        SecretAccessKey: 'secret',
        SessionToken: 'token',
        Expiration: new Date(Date.now() + 3_600_000),
      },
    };
  });
  sts.on(GetCallerIdentityCommand).callsFake(async (_input, getClient) => {
    const { account } = await callerOf(getClient() as unknown as Parameters<typeof callerOf>[0]);
    return {
      Account: account,
      Arn: `arn:aws:sts::${account}:assumed-role/NetAuditMember/netaudit`,
      UserId: 'AROA:x',
      $metadata: { attempts: 1 },
    };
  });
  hub.on(GetFindingsCommand).resolves({ Findings: [] });
  hub
    .on(BatchImportFindingsCommand)
    .callsFake(async (input: { Findings: AwsSecurityFinding[] }, getClient) => {
      const caller = await callerOf(getClient() as unknown as Parameters<typeof callerOf>[0]);
      imports.push({ ...caller, findings: input.Findings });
      return { FailedCount: 0, SuccessCount: input.Findings.length, FailedFindings: [] };
    });

  return {
    imports,
    assumeRole,
    restore: () => {
      for (const m of [assumeRole, sts, hub, ec2.mock, directConnect.mock, networkFirewall.mock]) m.restore();
    },
  };
}
