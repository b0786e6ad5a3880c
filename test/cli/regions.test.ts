import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirectConnectClient } from '@aws-sdk/client-direct-connect';
import {
  DescribeSecurityGroupsCommand,
  DescribeVpcsCommand,
  EC2Client,
  EC2ServiceException,
} from '@aws-sdk/client-ec2';
import { NetworkFirewallClient } from '@aws-sdk/client-network-firewall';
import { GetCallerIdentityCommand, STSClient, STSServiceException } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { validateSnapshot } from '../../lambda/snapshot/validate';
import { runCli } from '../support/cli';

/**
 * One account, three regions, through the real EC2 and STS clients with their `send` mocked: eu-west-1
 * and us-east-1 answer (us-east-1 has a group open to SSH), ap-east-1 is an opt-in region the account has
 * not enabled, so EC2 refuses every call there with AuthFailure.
 */
const ec2 = mockClient(EC2Client);
const sts = mockClient(STSClient);
const directConnect = mockClient(DirectConnectClient);
const networkFirewall = mockClient(NetworkFirewallClient);

const regionOf = async (getClient: () => { config: { region: () => Promise<string> } }) =>
  getClient().config.region();

const authFailure = () =>
  new EC2ServiceException({
    name: 'AuthFailure',
    message: 'AWS was not able to validate the provided access credentials',
    $fault: 'client',
    $metadata: { attempts: 1 },
  });

beforeEach(() => {
  for (const client of [ec2, sts, directConnect, networkFirewall]) client.reset();
  directConnect.onAnyCommand().resolves({ $metadata: { attempts: 1 } });
  networkFirewall.onAnyCommand().resolves({ $metadata: { attempts: 1 } });
  sts.on(GetCallerIdentityCommand).resolves({ Account: '123456789012', $metadata: { attempts: 1 } });
  ec2.onAnyCommand().callsFake(async (_input, getClient) => {
    if ((await regionOf(getClient)) === 'ap-east-1') throw authFailure();
    return { $metadata: { attempts: 1 } };
  });
  ec2.on(DescribeVpcsCommand).callsFake(async (_input, getClient) => {
    const region = await regionOf(getClient);
    if (region === 'ap-east-1') throw authFailure();
    return {
      Vpcs: [{ VpcId: `vpc-${region}`, CidrBlock: '10.0.0.0/16', State: 'available' }],
      $metadata: { attempts: 1 },
    };
  });
  ec2.on(DescribeSecurityGroupsCommand).callsFake(async (_input, getClient) => {
    const region = await regionOf(getClient);
    if (region === 'ap-east-1') throw authFailure();
    const open = region === 'us-east-1';
    return {
      SecurityGroups: [
        {
          GroupId: `sg-${region}`,
          GroupName: 'web',
          VpcId: `vpc-${region}`,
          IpPermissions: [
            {
              IpProtocol: 'tcp',
              FromPort: open ? 22 : 443,
              ToPort: open ? 22 : 443,
              IpRanges: [{ CidrIp: '0.0.0.0/0' }],
            },
          ],
          IpPermissionsEgress: [],
        },
      ],
      $metadata: { attempts: 1 },
    };
  });
});
afterAll(() => {
  for (const client of [ec2, sts, directConnect, networkFirewall]) client.restore();
});

interface JsonResult {
  ruleId: string;
  status: string;
  resourceId: string;
  region: string;
}

describe('netaudit scan --regions', () => {
  it('collects each region and reports them as one', async () => {
    const run = await runCli('scan', '--regions', 'eu-west-1,us-east-1', '--format', 'json');

    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout);
    expect(doc.snapshots.map((s: { region: string; source: string }) => [s.region, s.source])).toEqual([
      ['eu-west-1', 'aws://123456789012/eu-west-1'],
      ['us-east-1', 'aws://123456789012/us-east-1'],
    ]);
    const sg1 = (doc.results as JsonResult[]).filter((r) => r.ruleId === 'SG.1' && r.status === 'FAILED');
    expect(sg1.map((r) => `${r.region} ${r.resourceId}`)).toEqual(['us-east-1 sg-us-east-1']);
  });

  it('reports a region that is not enabled in one line, audits the others, and exits 2', async () => {
    const run = await runCli('scan', '--regions', 'ap-east-1,us-east-1', '--format', 'json');

    expect(run.code).toBe(2);
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe(
      'netaudit: ap-east-1 not audited: EC2 in ap-east-1 refused the credentials (AuthFailure): AWS was not able to validate the provided access credentials; if it is an opt-in region, enable it for the account (aws account list-regions)',
    );
    expect(lines.at(-1)).toBe('netaudit: 1 region(s) not audited: ap-east-1');
    const doc = JSON.parse(run.stdout);
    expect(doc.snapshot).toMatchObject({ region: 'us-east-1' });
    expect((doc.results as JsonResult[]).every((r) => r.region === 'us-east-1')).toBe(true);
  });

  it('names the region when STS rejects the credentials there', async () => {
    sts.on(GetCallerIdentityCommand).callsFake(async (_input, getClient) => {
      if ((await regionOf(getClient)) === 'ap-east-1') {
        throw new STSServiceException({
          name: 'InvalidClientTokenId',
          message: 'The security token included in the request is invalid.',
          $fault: 'client',
          $metadata: { attempts: 1 },
        });
      }
      return { Account: '123456789012', $metadata: { attempts: 1 } };
    });

    const run = await runCli('scan', '--regions', 'eu-west-1,ap-east-1', '--format', 'json');

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^netaudit: ap-east-1 not audited: AWS credentials were rejected \(InvalidClientTokenId\): .*\(in ap-east-1; if it is an opt-in region, enable it for the account/m,
    );
    expect(JSON.parse(run.stdout).snapshot.region).toBe('eu-west-1');
  });

  it('exits 2 with a line per region when none can be read, and prints no report', async () => {
    const run = await runCli('scan', '--regions', 'ap-east-1');

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^netaudit: ap-east-1 not audited: EC2 in ap-east-1 refused/);
    expect(run.stderr).toMatch(/netaudit: none of the 1 region\(s\) could be audited\n$/);
    expect(run.stdout).toBe('');
  });

  it('reports a profile that does not exist once, not once per region', async () => {
    const run = await runCli('scan', '--regions', 'eu-west-1,us-east-1', '--profile', 'no-such-profile');

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^netaudit: --profile no-such-profile: no such profile in .*\n$/);
    expect(ec2.calls()).toHaveLength(0);
  });

  it.each([
    [['--regions', 'eu-west-1,moon'], /--regions: "moon" is not an AWS region/],
    [['--regions', 'eu-west-1', '--region', 'us-east-1'], /give one of them/],
    [['--regions', 'eu-west-1', '--vpc', 'vpc-11111111'], /--vpc names VPCs of one region/],
    [
      ['--region', 'eu-west-1', '--region', 'us-east-1'],
      /--region takes one region: for several, use --regions eu-west-1,us-east-1/,
    ],
  ])('refuses %j before any call', async (args, message) => {
    const run = await runCli('scan', ...args);

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(ec2.calls()).toHaveLength(0);
  });
});

describe('netaudit snapshot --regions --out DIR', () => {
  it('writes <account>-<region>.json per region, prints each path, and goes on past a region it cannot read', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'netaudit-regions-')), 'snapshots');

    const run = await runCli('snapshot', '--regions', 'eu-west-1,ap-east-1,us-east-1', '--out', dir);

    const paths = [join(dir, '123456789012-eu-west-1.json'), join(dir, '123456789012-us-east-1.json')];
    expect(run.stdout).toBe(paths.map((p) => `${p}\n`).join(''));
    expect(run.stderr).toMatch(/^netaudit: ap-east-1 not audited: EC2 in ap-east-1 refused the credentials/);
    expect(run.code).toBe(2);
    for (const [i, region] of ['eu-west-1', 'us-east-1'].entries()) {
      const snapshot = validateSnapshot(JSON.parse(readFileSync(paths[i]!, 'utf8')));
      expect(snapshot).toMatchObject({
        accountId: '123456789012',
        region,
        vpcs: [{ VpcId: `vpc-${region}` }],
      });
    }
  });

  it('needs --out DIR', async () => {
    const run = await runCli('snapshot', '--regions', 'eu-west-1,us-east-1');

    expect(run.code).toBe(2);
    expect(run.stderr).toBe('netaudit: --regions writes one file per region: give --out DIR\n');
  });
});

describe('netaudit explain --regions', () => {
  it('collects every region and asks the question across them', async () => {
    // Both regions have a VPC 10.0.0.0/16: an address inside it is ambiguous between the two snapshots.
    const run = await runCli('explain', '10.0.0.5', '--regions', 'eu-west-1,us-east-1');

    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'netaudit: 10.0.0.5 is inside networks of 2 snapshots (account 123456789012, region eu-west-1; account 123456789012, region us-east-1): give an instance or interface id instead\n',
    );
  });

  it('refuses to answer when a region cannot be read, naming it', async () => {
    const run = await runCli('explain', 'internet', '--to', 'i-1', '--regions', 'eu-west-1,ap-east-1');

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^netaudit: ap-east-1 could not be read: EC2 in ap-east-1 refused the credentials/,
    );
  });
});
