import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { toAsffFinding } from '../../lambda/findings/asff';
import { rateLimiter } from '../../lambda/publish/pacing';
import { batches, importFindings, type ApiContext } from '../../lambda/publish/security-hub-api';
import { FakeSecurityHub, fakeTime } from './fake-security-hub';
import { aResult, COLLECTED_AT } from './fixtures';

/** A finding padded to about `kb` kilobytes through its (otherwise valid) ProductFields. */
function findingOfSize(i: number, kb: number): AwsSecurityFinding {
  const f = toAsffFinding(aResult({ resourceId: `sg-${i}` }), { updatedAt: COLLECTED_AT });
  const fields = Math.ceil((kb * 1024) / 2000);
  for (let k = 0; k < fields; k++) f.ProductFields![`pad/${k}`] = 'x'.repeat(2000);
  return f;
}

const bytes = (list: AwsSecurityFinding[]) => Buffer.byteLength(JSON.stringify(list), 'utf8');

describe('BatchImportFindings batches', () => {
  it('holds at most 100 findings per call', () => {
    const findings = Array.from({ length: 250 }, (_, i) => findingOfSize(i, 0));
    expect(batches(findings).map((b) => b.length)).toEqual([100, 100, 50]);
  });

  it('stays under 6 MB per call when findings are large', () => {
    const findings = Array.from({ length: 60 }, (_, i) => findingOfSize(i, 200));

    const result = batches(findings);

    expect(result.length).toBeGreaterThan(1);
    expect(result.flat()).toHaveLength(60);
    for (const batch of result) expect(bytes(batch)).toBeLessThan(6 * 1024 * 1024);
  });

  it('reports a finding over 240 KB as failed instead of sending it', async () => {
    const hub = new FakeSecurityHub();
    const time = fakeTime();
    const ctx: ApiContext = {
      client: hub.client,
      accountId: '123456789012',
      region: 'us-east-1',
      sleep: time.sleep,
      readPace: rateLimiter(3, time.sleep, time.clock),
      writePace: rateLimiter(10, time.sleep, time.clock),
      calls: { getFindings: 0, batchImportFindings: 0 },
    };

    const { imported, failures } = await importFindings(ctx, [findingOfSize(1, 1), findingOfSize(2, 300)]);

    expect([...imported]).toEqual([aResult({ resourceId: 'sg-1' }).findingId]);
    expect(failures).toEqual([
      expect.objectContaining({
        findingId: aResult({ resourceId: 'sg-2' }).findingId,
        code: 'FindingTooLarge',
      }),
    ]);
  });
});
