import {
  BatchImportFindingsCommand,
  GetFindingsCommand,
  SecurityHubClient,
  type BatchImportFindingsCommandInput,
} from '@aws-sdk/client-securityhub';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli';

const DEMO = join(__dirname, '..', '..', 'examples', 'demo.json');
const dir = mkdtempSync(join(tmpdir(), 'netaudit-publish-exit-'));

describe('netaudit scan --publish: exit code when Security Hub refuses findings', () => {
  const hub = mockClient(SecurityHubClient);
  // The CLI checks the credentials before it prints the report it is going to publish.
  const sts = mockClient(STSClient);
  sts.on(GetCallerIdentityCommand).resolves({ Account: '111122223333' });
  afterAll(() => {
    hub.restore();
    sts.restore();
  });
  beforeEach(() => {
    hub.reset();
    hub.on(GetFindingsCommand).resolves({ Findings: [] });
  });

  const scan = () =>
    runCli('scan', '--snapshot', DEMO, '--publish', 'securityhub', '--out', join(dir, 'out.txt'));

  it('exits 5 and prints the count when every finding is refused', async () => {
    let sent = 0;
    hub.on(BatchImportFindingsCommand).callsFake((input: BatchImportFindingsCommandInput) => {
      const findings = input.Findings ?? [];
      sent = Math.max(sent, new Set(findings.map((f) => f.Id)).size);
      return {
        SuccessCount: 0,
        FailedCount: findings.length,
        FailedFindings: findings.map((f) => ({ Id: f.Id, ErrorCode: 'InvalidInput', ErrorMessage: 'no' })),
      };
    });

    const run = await scan();

    expect(sent).toBeGreaterThan(0);
    expect(run.code).toBe(5);
    expect(run.stderr).toMatch(/Security Hub did not take (\d+) finding\(s\)/);
    const refused = Number(/did not take (\d+)/.exec(run.stderr)![1]);
    expect(run.stderr).toContain(`, ${refused} failed;`);
  });

  it('exits 0 when every finding is taken', async () => {
    hub.on(BatchImportFindingsCommand).callsFake((input: BatchImportFindingsCommandInput) => ({
      SuccessCount: input.Findings?.length ?? 0,
      FailedCount: 0,
      FailedFindings: [],
    }));

    const run = await scan();

    expect(run.code).toBe(0);
    expect(run.stderr).toContain(' 0 failed;');
    expect(run.stderr).not.toContain('did not take');
  });
});
