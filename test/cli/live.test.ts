import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DirectConnectClient } from '@aws-sdk/client-direct-connect';
import {
  DescribeFlowLogsCommand,
  DescribeVpcsCommand,
  EC2Client,
  EC2ServiceException,
} from '@aws-sdk/client-ec2';
import { NetworkFirewallClient } from '@aws-sdk/client-network-firewall';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient, type AwsClientStub } from 'aws-sdk-client-mock';
import { collectLive, parseVpcIds, resolveRegion, vpcOption } from '../../lambda/cli/live';
import { InputError } from '../../lambda/errors';
import { validateSnapshot } from '../../lambda/snapshot/validate';

const ENV_KEYS = [
  'AWS_REGION',
  'AWS_DEFAULT_REGION',
  'AWS_PROFILE',
  'AWS_CONFIG_FILE',
  'AWS_SHARED_CREDENTIALS_FILE',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_EC2_METADATA_DISABLED',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_ROLE_ARN',
] as const;

/** No region and no credentials anywhere: shared files point at an empty folder, IMDS is off. */
function bareEnvironment(config = ''): string {
  const dir = mkdtempSync(join(tmpdir(), 'netaudit-live-'));
  for (const key of ENV_KEYS) delete process.env[key];
  process.env.AWS_CONFIG_FILE = join(dir, 'config');
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  writeFileSync(process.env.AWS_CONFIG_FILE, config);
  return dir;
}

class Recorder {
  text = '';
  constructor(readonly isTTY: boolean) {}
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
}

describe('collectLive and its helpers', () => {
  const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
  afterEach(() => {
    for (const key of ENV_KEYS) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });

  describe('resolveRegion', () => {
    it('takes --region first, then AWS_REGION, then AWS_DEFAULT_REGION, then the profile', async () => {
      bareEnvironment('[default]\nregion = ap-south-1\n[profile audit]\nregion = eu-west-3\n');
      expect(await resolveRegion(undefined, 'audit')).toBe('eu-west-3');
      expect(await resolveRegion()).toBe('ap-south-1');
      process.env.AWS_DEFAULT_REGION = 'us-west-2';
      expect(await resolveRegion(undefined, 'audit')).toBe('us-west-2');
      process.env.AWS_REGION = 'eu-central-1';
      expect(await resolveRegion(undefined, 'audit')).toBe('eu-central-1');
      expect(await resolveRegion('cn-north-1', 'audit')).toBe('cn-north-1');
    });

    it('accepts the region names of every partition, as a snapshot does (eusc-, us-isob-...)', async () => {
      bareEnvironment();
      for (const region of ['eusc-de-east-1', 'us-isob-east-1', 'us-gov-west-1', 'ap-southeast-5']) {
        expect(await resolveRegion(region)).toBe(region);
      }
    });

    it('says how to fix a missing region in one line', async () => {
      bareEnvironment();
      await expect(resolveRegion()).rejects.toThrow(
        new InputError('no AWS region: pass --region or set AWS_REGION'),
      );
      await expect(resolveRegion(undefined, 'nope')).rejects.toThrow(
        'no AWS region: pass --region or set AWS_REGION, or set region in profile nope',
      );
    });

    it('rejects something that is not a region', async () => {
      await expect(resolveRegion('Frankfurt')).rejects.toThrow(
        new InputError('invalid AWS region "Frankfurt": expected a region such as us-east-1'),
      );
    });
  });

  describe('--vpc values', () => {
    it('accepts repeats and comma lists, sorted without duplicates', () => {
      expect(parseVpcIds(['vpc-0123456789abcdef0,vpc-11111111', 'vpc-11111111'])).toEqual([
        'vpc-0123456789abcdef0',
        'vpc-11111111',
      ]);
      expect(vpcOption('vpc-22222222', vpcOption('vpc-11111111'))).toEqual(['vpc-11111111', 'vpc-22222222']);
    });

    it('rejects what is not a VPC id', () => {
      expect(() => parseVpcIds(['subnet-11111111'])).toThrow(
        new InputError('invalid --vpc "subnet-11111111": expected a VPC id such as vpc-0a1b2c3d'),
      );
    });
  });

  describe('without credentials', () => {
    it('fails with one clear InputError line and no EC2 call', async () => {
      bareEnvironment();

      const run = collectLive({ region: 'us-east-1', quiet: true }, { stderr: new Recorder(false) });

      await expect(run).rejects.toThrow(InputError);
      await expect(run).rejects.toThrow(/^no AWS credentials \(.+\): pass --profile, run aws configure/);
    });

    it('names the profile whose credentials are missing', async () => {
      bareEnvironment('[profile audit]\nregion = eu-west-3\n');

      await expect(collectLive({ profile: 'audit' }, { stderr: new Recorder(false) })).rejects.toThrow(
        /^no AWS credentials for profile audit/,
      );
    });
  });

  describe('with an account', () => {
    let ec2: AwsClientStub<EC2Client>;
    let sts: AwsClientStub<STSClient>;
    let others: { restore(): void }[];
    beforeEach(() => {
      // Class-level mocks: collectLive builds its own clients.
      ec2 = mockClient(EC2Client);
      sts = mockClient(STSClient);
      const directConnect = mockClient(DirectConnectClient);
      const networkFirewall = mockClient(NetworkFirewallClient);
      directConnect.onAnyCommand().resolves({ $metadata: { attempts: 1 } });
      networkFirewall.onAnyCommand().resolves({ $metadata: { attempts: 1 } });
      others = [directConnect, networkFirewall];
      ec2.onAnyCommand().resolves({ $metadata: { attempts: 1 } });
      ec2.on(DescribeVpcsCommand).resolves({ Vpcs: [{ VpcId: 'vpc-11111111' }], $metadata: { attempts: 1 } });
      ec2.on(DescribeFlowLogsCommand).rejects(
        new EC2ServiceException({
          name: 'UnauthorizedOperation',
          message: 'You are not authorized to perform this operation.',
          $fault: 'client',
          $metadata: { attempts: 1 },
        }),
      );
      sts.on(GetCallerIdentityCommand).resolves({ Account: '123456789012', $metadata: { attempts: 1 } });
    });
    afterEach(() => {
      ec2.restore();
      sts.restore();
      for (const other of others) other.restore();
    });

    it('returns a valid snapshot and warns about the APIs it could not read', async () => {
      const stderr = new Recorder(false);

      const snapshot = await collectLive({ region: 'eu-west-1', vpcIds: ['vpc-11111111'] }, { stderr });

      expect(validateSnapshot(snapshot)).toEqual(snapshot);
      expect(snapshot).toMatchObject({
        accountId: '123456789012',
        region: 'eu-west-1',
        scope: { vpcIds: ['vpc-11111111'] },
        vpcs: [{ VpcId: 'vpc-11111111' }],
      });
      expect(snapshot.errors.map((e) => e.api)).toEqual(['DescribeFlowLogs']);
      expect(stderr.text).toBe(
        'netaudit: warning: DescribeFlowLogs failed (UnauthorizedOperation): You are not authorized to perform this operation.\n',
      );
    });

    it('shows progress only on a terminal and not with --quiet', async () => {
      const terminal = new Recorder(true);
      await collectLive({ region: 'eu-west-1' }, { stderr: terminal });
      expect(terminal.text).toContain('\x1b[2K');
      expect(terminal.text).toMatch(/netaudit: collected 32 APIs: \d+ calls, \d+ items, 1 error in/);

      const quiet = new Recorder(true);
      await collectLive({ region: 'eu-west-1', quiet: true }, { stderr: quiet });
      expect(quiet.text).toBe('');
    });

    it('prints the per-API stats table with --stats, even when quiet', async () => {
      const stderr = new Recorder(false);

      await collectLive({ region: 'eu-west-1', quiet: true, stats: true }, { stderr });

      const lines = stderr.text.trimEnd().split('\n');
      expect(lines[0]).toMatch(/^API\s+calls\s+pages\s+retries\s+items\s+errors\s+time$/);
      expect(lines.some((l) => /^DescribeSecurityGroups\s+1\s+1\s+0\s+0\s+0\s/.test(l))).toBe(true);
      expect(lines[lines.length - 1]).toMatch(/^total\s+/);
    });
  });
});
