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
import {
  fakeDirectConnect,
  fakeEc2,
  fakeNetworkFirewall,
  type FakeAccount,
  type Failure,
} from '../collect/fake-account';
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

/** One member account's network behind the three collection APIs, each a client with its own mock. */
function memberNetwork(network: FakeAccount, failures: Failure[]) {
  return {
    ec2: fakeEc2(network, failures),
    directConnect: fakeDirectConnect(network, failures),
    networkFirewall: fakeNetworkFirewall(network, failures),
  };
}

type Sender = { send: (command: unknown) => Promise<unknown> };

/**
 * Sends every call made on any client of `prototype` to the client of the account whose credentials made
 * it: the audit builds its own clients, and each target must see its own network.
 */
function routeByCaller(
  prototype: object,
  clientOf: (account: string, region: string) => Sender,
): jest.SpyInstance {
  const spy = jest.spyOn(prototype as Sender, 'send');
  return spy.mockImplementation(async function (this: unknown, command: unknown) {
    const { account, region } = await callerOf(this as Parameters<typeof callerOf>[0]);
    return clientOf(account, region).send(command);
  });
}

/** One API call a member's collection made: with whose credentials, where, to which service. */
export interface MemberCall {
  account: string;
  region: string;
  service: 'ec2' | 'directconnect' | 'network-firewall' | 'sts';
  api: string;
}

const apiOf = (command: unknown): string => (command as object).constructor.name.replace(/Command$/, '');

/**
 * Every member account of a test organization, behind prototype-level fakes (the audit builds its own
 * clients): STS AssumeRole hands out credentials whose key names the account (or AccessDenied for the
 * accounts listed), GetCallerIdentity answers with the account of the credentials it is called with,
 * EC2, Direct Connect and Network Firewall serve each account and region its own network (`networks`, by
 * `account/region` or `account`, else the same two-VPC network), failing the EC2 calls listed in every
 * account, and Security Hub records which account imported what.
 */
export function fakeMembers(
  options: { denied?: string[]; ec2Failures?: Failure[]; networks?: Record<string, FakeAccount> } = {},
) {
  const assumeRole = mockClient(RoleAssumingStsClient);
  const sts = mockClient(STSClient);
  const hub = mockClient(SecurityHubClient);
  const members = new Map<string, ReturnType<typeof memberNetwork>>();
  const member = (account: string, region: string) => {
    const key = `${account}/${region}`;
    let found = members.get(key);
    if (!found) {
      const network = options.networks?.[key] ?? options.networks?.[account] ?? twoVpcAccount();
      found = memberNetwork(network, options.ec2Failures ?? []);
      members.set(key, found);
    }
    return found;
  };
  const routes = [
    routeByCaller(EC2Client.prototype, (a, r) => member(a, r).ec2.ec2 as unknown as Sender),
    routeByCaller(
      DirectConnectClient.prototype,
      (a, r) => member(a, r).directConnect.directConnect as unknown as Sender,
    ),
    routeByCaller(
      NetworkFirewallClient.prototype,
      (a, r) => member(a, r).networkFirewall.networkFirewall as unknown as Sender,
    ),
  ];
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
  const identityCalls: MemberCall[] = [];
  sts.on(GetCallerIdentityCommand).callsFake(async (_input, getClient) => {
    const { account, region } = await callerOf(getClient() as unknown as Parameters<typeof callerOf>[0]);
    identityCalls.push({ account, region, service: 'sts', api: 'GetCallerIdentity' });
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
    /** Every call each member's collection made, in order per client. */
    calls: (): MemberCall[] => [
      ...identityCalls,
      ...[...members].flatMap(([key, m]) => {
        const [account = '', region = ''] = key.split('/');
        const made = (service: MemberCall['service']) => (c: { args: unknown[] }) => ({
          account,
          region,
          service,
          api: apiOf(c.args[0]),
        });
        return [
          ...m.ec2.mock.calls().map(made('ec2')),
          ...m.directConnect.mock.calls().map(made('directconnect')),
          ...m.networkFirewall.mock.calls().map(made('network-firewall')),
        ];
      }),
    ],
    restore: () => {
      for (const m of [assumeRole, sts, hub]) m.restore();
      for (const r of routes) r.mockRestore();
      for (const m of members.values()) {
        for (const f of [m.ec2.mock, m.directConnect.mock, m.networkFirewall.mock]) f.restore();
      }
    },
  };
}
