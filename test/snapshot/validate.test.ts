import { InputError } from '../../lambda/errors';
import { PART_API, V1_PARTS } from '../../lambda/snapshot/types';
import { formatPath, validateSnapshot } from '../../lambda/snapshot/validate';
import { NetworkBuilder } from '../support/network-builder';

const base = {
  schemaVersion: 1,
  accountId: '123456789012',
  region: 'us-east-1',
  collectedAt: '2026-11-28T00:00:00Z',
};

function problems(data: unknown): string {
  try {
    validateSnapshot(data, 'snap.json');
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as Error).message;
  }
  throw new Error('expected the snapshot to be rejected');
}

describe('validateSnapshot', () => {
  it('names the exact path of a missing required id', () => {
    const message = problems({
      ...base,
      securityGroups: [{ GroupId: 'sg-0' }, { GroupId: 'sg-1' }, { GroupId: 'sg-2' }, { GroupName: 'web' }],
    });
    expect(message).toBe('snap.json: invalid snapshot\nsecurityGroups[3].GroupId: required');
  });

  it('names nested paths and wrong types', () => {
    expect(problems({ ...base, vpcs: [{ VpcId: 5 }] })).toContain('vpcs[0].VpcId: ');
    expect(problems({ ...base, vpcs: [{ VpcId: 5 }] })).toMatch(/expected string, received number/);
    expect(
      problems({
        ...base,
        networkAcls: [
          {
            NetworkAclId: 'acl-1',
            VpcId: 'vpc-1',
            Entries: [{ RuleNumber: '100', Egress: false, Protocol: '-1', RuleAction: 'allow' }],
          },
        ],
      }),
    ).toContain('networkAcls[0].Entries[0].RuleNumber: ');
    expect(
      problems({
        ...base,
        networkAcls: [
          {
            NetworkAclId: 'acl-1',
            VpcId: 'vpc-1',
            Entries: [{ RuleNumber: 100, Egress: false, Protocol: '-1', RuleAction: 'permit' }],
          },
        ],
      }),
    ).toContain('networkAcls[0].Entries[0].RuleAction: ');
    expect(problems({ ...base, securityGroups: {} })).toMatch(/^securityGroups: .*expected array/m);
    expect(problems({ ...base, vpcAttributes: { 'vpc-1': { EnableDnsSupport: 'yes' } } })).toContain(
      'vpcAttributes.vpc-1.EnableDnsSupport: ',
    );
  });

  it('lists at most five problems and says how many more there are', () => {
    const message = problems({ ...base, vpcs: Array.from({ length: 8 }, () => ({})) });
    const lines = message.split('\n');
    expect(lines.slice(1, 6)).toEqual([0, 1, 2, 3, 4].map((i) => `vpcs[${i}].VpcId: required`));
    expect(lines[6]).toBe('... and 3 more problems');
    expect(lines).toHaveLength(7);
  });

  it('records each absent version 1 part as not collected, after the errors of the file', () => {
    const fileError = { api: 'DescribeFlowLogs', code: 'AccessDenied', message: 'denied' };
    const snapshot = validateSnapshot({ ...base, vpcs: [], errors: [fileError] });
    const absent = V1_PARTS.filter((part) => part !== 'vpcs');
    expect(snapshot.errors).toEqual([
      fileError,
      ...absent.map((part) => ({
        api: PART_API[part],
        code: 'NotCollected',
        message: `the snapshot file has no ${part}`,
      })),
    ]);
    for (const part of absent) expect(snapshot[part]).toEqual(part === 'vpcAttributes' ? {} : []);
  });

  it('adds no error for a file that lists every version 1 part, and leaves absent version 2 lists absent', () => {
    const snapshot = validateSnapshot(new NetworkBuilder().snapshot());
    expect(snapshot.errors).toEqual([]);
    const { managedPrefixLists: _omit, ...withoutPrefixLists } = new NetworkBuilder().snapshot();
    const loaded = validateSnapshot(withoutPrefixLists);
    expect(loaded.managedPrefixLists).toBeUndefined();
    expect(loaded.errors).toEqual([]);
  });

  it('does not change the input it was given', () => {
    const input = { ...base, errors: [] };
    validateSnapshot(input);
    expect(input).toEqual({ ...base, errors: [] });
  });

  it('rejects a list that is present but null (only an absent list means empty)', () => {
    expect(problems({ ...base, securityGroups: null })).toMatch(/^securityGroups: /m);
    expect(problems({ ...base, errors: null })).toMatch(/^errors: /m);
    expect(problems({ ...base, vpcAttributes: null })).toMatch(/^vpcAttributes: /m);
  });

  it('keeps unknown fields, at the top and inside AWS shapes', () => {
    const snapshot = validateSnapshot({
      ...base,
      collector: 'custom',
      vpcs: [
        { VpcId: 'vpc-1', SomeNewAwsField: { nested: [1, 2] }, Tags: [{ Key: 'a', Value: 'b', Extra: 1 }] },
      ],
    });
    expect((snapshot as unknown as Record<string, unknown>).collector).toBe('custom');
    expect(snapshot.vpcs[0]).toEqual({
      VpcId: 'vpc-1',
      SomeNewAwsField: { nested: [1, 2] },
      Tags: [{ Key: 'a', Value: 'b', Extra: 1 }],
    });
  });

  it.each([
    ['accountId', '12345', 'accountId: must be a 12-digit AWS account id'],
    ['accountId', 123456789012, 'accountId: '],
    ['region', 'US-EAST-1', 'region: must be an AWS region such as us-east-1'],
    ['region', 'useast1', 'region: must be an AWS region'],
    ['collectedAt', 'yesterday', 'collectedAt: '],
    ['collectedAt', '2026-11-28', 'collectedAt: '],
    ['schemaVersion', 2, 'schemaVersion: this NetAudit reads schemaVersion 1 snapshots'],
  ])('rejects %s = %j', (field, value, expected) => {
    expect(problems({ ...base, [field]: value })).toContain(expected);
  });

  it('reports a missing header field as required', () => {
    const { accountId: _omit, ...rest } = base;
    expect(problems(rest)).toContain('accountId: required');
  });

  it.each(['us-east-1', 'cn-north-1', 'us-gov-west-1', 'ap-southeast-5', 'us-isob-east-1', 'eusc-de-east-1'])(
    'accepts the region %s',
    (region) => {
      expect(validateSnapshot({ ...base, region }).region).toBe(region);
    },
  );

  it('accepts collectedAt with an offset', () => {
    expect(validateSnapshot({ ...base, collectedAt: '2026-11-28T01:02:03+02:00' }).collectedAt).toBe(
      '2026-11-28T01:02:03+02:00',
    );
  });

  it('rejects a snapshot that is not a JSON object', () => {
    expect(problems([])).toBe('snap.json: a snapshot must be a JSON object');
    expect(problems(null)).toBe('snap.json: a snapshot must be a JSON object');
    expect(problems('text')).toBe('snap.json: a snapshot must be a JSON object');
  });

  it('validates collection errors (api required) and keeps their vpcId', () => {
    const snapshot = validateSnapshot({
      ...base,
      errors: [{ api: 'DescribeVpcAttribute', code: 'AccessDenied', message: 'no', vpcId: 'vpc-1' }],
    });
    expect(snapshot.errors[0]?.vpcId).toBe('vpc-1');
    expect(problems({ ...base, errors: [{ code: 'x', message: 'y' }] })).toContain('errors[0].api: required');
  });
});

describe('formatPath', () => {
  it('writes zod paths as an engineer writes them', () => {
    expect(formatPath(['securityGroups', 3, 'GroupId'])).toBe('securityGroups[3].GroupId');
    expect(formatPath(['a', 'b', 0, 1, 'c'])).toBe('a.b[0][1].c');
    expect(formatPath([])).toBe('');
  });
});
