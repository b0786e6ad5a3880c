import { OrganizationsClient, type Account } from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { orgExitCode, scanOrganization } from '../../lambda/cli/org';
import { parseConfig } from '../../lambda/config/config';
import { InputError } from '../../lambda/errors';
import type { OrgTarget, TargetResult } from '../../lambda/org/types';
import { RULE_IDS } from '../../lambda/rules/registry';
import { fakeOrganization } from './fake-organization';

const active = (id: string, name: string) => ({ Id: id, Name: name, State: 'ACTIVE' }) as Account;
const ORG = {
  'r-a1b2': { accounts: [active('111111111111', 'management')], ous: ['ou-a1b2-11111111'] },
  'ou-a1b2-11111111': {
    accounts: [active('222222222222', 'prod'), active('333333333333', 'broken')],
    ous: [],
  },
};

describe('netaudit scan --org (scanOrganization)', () => {
  const organizations = new OrganizationsClient({ region: 'us-east-1' });
  const mock = mockClient(organizations);
  const config = parseConfig({}, RULE_IDS);
  const stderr = { write: jest.fn(), isTTY: false };

  beforeEach(() => {
    fakeOrganization(mock, ORG);
    stderr.write.mockClear();
    audit.mockClear();
  });

  /** A fake audit that fails account 333333333333 the way a missing member role does. */
  const audit = jest.fn(async (t: OrgTarget): Promise<TargetResult> => {
    if (t.accountId === '333333333333') {
      return {
        ...t,
        status: 'FAILED',
        error: { name: 'AccessDenied', message: 'not authorized to perform: sts:AssumeRole' },
      };
    }
    return { ...t, status: 'AUDITED', bySeverity: { HIGH: 2, MEDIUM: 1 }, collectionErrors: 0 };
  });

  it('audits every account × region of the OU with a bounded pool and prints one row per target', async () => {
    // Prepare
    let running = 0;
    let peak = 0;
    const slowAudit = async (t: OrgTarget) => {
      peak = Math.max(peak, ++running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      return audit(t);
    };

    // Act
    const { text, failed } = await scanOrganization(
      {
        ouIds: ['ou-a1b2-11111111'],
        roleName: 'NetAuditMember',
        regions: ['us-east-1', 'eu-west-1'],
        concurrency: 2,
        config,
      },
      { organizations, audit: slowAudit, stderr },
    );

    // Assess
    expect(peak).toBe(2);
    expect(failed).toBe(2);
    const rows = text.split('\n');
    expect(rows[0]).toMatch(/^ACCOUNT\s+NAME\s+REGION\s+STATUS\s+CRIT\s+HIGH\s+MED\s+LOW\s+INFO\s+NOTES$/);
    expect(rows.slice(1, 5)).toEqual([
      expect.stringMatching(/^222222222222\s+prod\s+eu-west-1\s+AUDITED\s+0\s+2\s+1\s+0\s+0$/),
      expect.stringMatching(/^222222222222\s+prod\s+us-east-1\s+AUDITED/),
      expect.stringMatching(
        /^333333333333\s+broken\s+eu-west-1\s+FAILED\s+-\s+-\s+-\s+-\s+-\s+AccessDenied: not authorized/,
      ),
      expect.stringMatching(/^333333333333\s+broken\s+us-east-1\s+FAILED/),
    ]);
    expect(text).toContain('4 target(s) in 2 account(s): 2 audited, 2 failed.');
    // Failures are reported as they happen, on stderr.
    expect(stderr.write).toHaveBeenCalledWith(
      expect.stringContaining('333333333333 us-east-1 failed: AccessDenied'),
    );
  });

  it('rejects bad options before calling AWS', async () => {
    const base = { roleName: 'NetAuditMember', regions: ['us-east-1'], concurrency: 4, config };
    const run = (o: Partial<typeof base> & { ouIds?: string[] }) =>
      scanOrganization({ ...base, ...o }, { organizations, audit, stderr });

    await expect(run({ concurrency: 0 })).rejects.toThrow(
      /--concurrency must be a whole number from 1 to 100/,
    );
    await expect(run({ regions: ['moon-1'] })).rejects.toThrow(InputError);
    await expect(run({ roleName: 'bad role' })).rejects.toThrow(/not an IAM role name/);
    await expect(run({ ouIds: ['prod'] })).rejects.toThrow(/not an OU id/);
    expect(mock.calls()).toHaveLength(0);
    expect(audit).not.toHaveBeenCalled();
  });

  it('says so when no active account matches the filters', async () => {
    await expect(
      scanOrganization(
        {
          accountIds: ['444444444444'],
          roleName: 'NetAuditMember',
          regions: ['us-east-1'],
          concurrency: 1,
          config,
        },
        { organizations, audit, stderr },
      ),
    ).rejects.toThrow(/no active account matches/);
  });

  it('exits 1 when a target failed, or with --fail-on when an audited target has failures at or above it', () => {
    const audited = (HIGH: number): TargetResult => ({
      accountId: '222222222222',
      region: 'us-east-1',
      status: 'AUDITED',
      bySeverity: { HIGH, LOW: 3 },
    });
    const failed: TargetResult = { accountId: '333333333333', region: 'us-east-1', status: 'FAILED' };

    expect(orgExitCode([audited(1)], undefined)).toBe(0);
    expect(orgExitCode([audited(1), failed], undefined)).toBe(1);
    expect(orgExitCode([audited(1)], 'HIGH')).toBe(1);
    expect(orgExitCode([audited(0)], 'HIGH')).toBe(0);
    expect(orgExitCode([audited(0)], 'LOW')).toBe(1);
  });

  it('exits with --fail-on as the single-account scan does when a target lost API calls', () => {
    const incomplete: TargetResult = {
      accountId: '222222222222',
      region: 'us-east-1',
      status: 'AUDITED',
      bySeverity: { MEDIUM: 1 },
      collectionErrors: 1,
    };
    const blind: TargetResult = {
      accountId: '333333333333',
      region: 'us-east-1',
      status: 'FAILED',
      bySeverity: { HIGH: 7 },
      error: { name: 'NothingEvaluated', message: 'every core EC2 API failed (AccessDenied): ...' },
    };

    expect(orgExitCode([incomplete], 'CRITICAL')).toBe(1);
    expect(orgExitCode([incomplete], undefined)).toBe(0);
    expect(orgExitCode([blind], undefined)).toBe(1);
    expect(orgExitCode([{ ...incomplete, collectionErrors: 0 }], 'CRITICAL')).toBe(0);
  });
});
