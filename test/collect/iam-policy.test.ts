import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COLLECTION_APIS } from '../../lambda/collect';

describe('docs/iam-permissions.md', () => {
  it('grants exactly the APIs collection calls, read-only', () => {
    const doc = readFileSync(join(__dirname, '../../docs/iam-permissions.md'), 'utf8');
    const json = /```json\n([\s\S]*?)\n```/.exec(doc)?.[1];
    const policy = JSON.parse(json ?? '{}') as {
      Statement: { Effect: string; Action: string[]; Resource: string }[];
    };

    const actions = policy.Statement.flatMap((s) => s.Action);
    const expected = COLLECTION_APIS.map((api) =>
      api === 'GetCallerIdentity' ? `sts:${api}` : `ec2:${api}`,
    );
    expect([...actions].sort()).toEqual([...expected].sort());
    expect(actions.every((a) => /^(ec2:Describe|sts:Get)/.test(a))).toBe(true);
    expect(policy.Statement.every((s) => s.Effect === 'Allow' && s.Resource === '*')).toBe(true);
  });
});
