import { collectSnapshot } from '../../lambda/collect';
import { defaultConfig } from '../../lambda/config/config';
import { evaluate } from '../../lambda/engine/evaluate';
import { RULES } from '../../lambda/rules/registry';
import { validateSnapshot } from '../../lambda/snapshot/validate';
import { twoVpcAccount } from './account-fixture';
import { awsError, fakeClients } from './fake-account';

describe('a collected snapshot written to a file and loaded back', () => {
  it('is unchanged and gives exactly the same findings (snapshot then scan --snapshot = scan --region)', async () => {
    // Prepare: a live collection with one denied API, so NOT_EVALUATED results are compared too.
    const { clients } = fakeClients(twoVpcAccount(), [
      { api: 'DescribeFlowLogs', error: awsError('UnauthorizedOperation', 'denied') },
    ]);
    const { snapshot: live } = await collectSnapshot(clients, {
      region: 'us-east-1',
      now: () => new Date('2026-11-28T00:00:00Z'),
    });

    // Act: what `netaudit snapshot --out FILE` writes and `netaudit scan --snapshot FILE` reads.
    const loaded = validateSnapshot(JSON.parse(`${JSON.stringify(live, null, 2)}\n`), 'snapshot.json');

    // Assess
    expect(loaded).toStrictEqual(live);
    const config = defaultConfig();
    const fromLive = evaluate(live, config, RULES);
    expect(fromLive.results.length).toBeGreaterThan(0);
    expect(JSON.stringify(evaluate(loaded, config, RULES))).toBe(JSON.stringify(fromLive));
  });
});
