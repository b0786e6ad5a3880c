import { stripVTControlCharacters } from 'node:util';
import { cleanShape } from '../../lambda/collect/clean';
import { errorCode, toCollectionError } from '../../lambda/collect/errors';
import { createLimiter } from '../../lambda/collect/limit';
import { formatStatsTable, formatSummary, ProgressDisplay } from '../../lambda/collect/progress';
import type { CollectionStats } from '../../lambda/collect/stats';

describe('cleanShape', () => {
  it('drops empty objects and undefined members, turns Dates into ISO strings, keeps empty arrays', () => {
    const shape = {
      Association: {},
      Attachment: { AttachTime: new Date('2026-01-01T00:00:00Z'), Nested: { Empty: {} } },
      Groups: [],
      Tags: [{ Key: 'a', Value: undefined }],
      Description: undefined,
    };

    expect(cleanShape(shape)).toStrictEqual({
      Attachment: { AttachTime: '2026-01-01T00:00:00.000Z' },
      Groups: [],
      Tags: [{ Key: 'a' }],
    });
  });

  it('keeps a member named __proto__ as data, never as a prototype', () => {
    const shape = JSON.parse('{"__proto__":{"Polluted":true},"VpcId":"vpc-1"}') as Record<string, unknown>;

    const cleaned = cleanShape(shape);

    expect(Object.getPrototypeOf(cleaned)).toBe(Object.prototype);
    expect(Object.keys(cleaned)).toEqual(['__proto__', 'VpcId']);
    expect(JSON.stringify(cleaned)).toBe('{"__proto__":{"Polluted":true},"VpcId":"vpc-1"}');
    expect(({} as Record<string, unknown>).Polluted).toBeUndefined();
  });
});

describe('createLimiter', () => {
  it('runs tasks in order with at most `concurrency` at once', async () => {
    const limit = createLimiter(2);
    const started: number[] = [];
    let active = 0;
    let peak = 0;
    const task = (i: number) => async () => {
      started.push(i);
      active += 1;
      peak = Math.max(peak, active);
      await new Promise((resolve) => setImmediate(resolve));
      active -= 1;
      return i;
    };

    const results = await Promise.all([0, 1, 2, 3, 4].map((i) => limit(task(i))));

    expect(results).toEqual([0, 1, 2, 3, 4]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(2);
  });

  it('frees the slot of a failed task', async () => {
    const limit = createLimiter(1);
    await expect(limit(() => Promise.reject(new Error('no')))).rejects.toThrow('no');
    await expect(limit(() => Promise.resolve('next'))).resolves.toBe('next');
  });

  it('rejects a concurrency below one', () => {
    expect(() => createLimiter(0)).toThrow(RangeError);
  });
});

describe('collection errors', () => {
  it('reads the code from an SDK error name, a Code field, or a Node error code', () => {
    expect(errorCode(Object.assign(new Error('x'), { name: 'UnauthorizedOperation' }))).toBe(
      'UnauthorizedOperation',
    );
    expect(errorCode(Object.assign(new Error('x'), { Code: 'AuthFailure' }))).toBe('AuthFailure');
    expect(errorCode(Object.assign(new Error('x'), { code: 'ENOTFOUND' }))).toBe('ENOTFOUND');
    expect(errorCode('a string')).toBe('UnknownError');
  });

  it('keeps messages on one bounded line', () => {
    const error = toCollectionError(
      'DescribeVpcs',
      new Error(`line one\nline two ${'x'.repeat(600)}`),
      'vpc-1',
    );
    expect(error.message).not.toContain('\n');
    expect(error.message.length).toBeLessThanOrEqual(500);
    expect(error.vpcId).toBe('vpc-1');
  });
});

const stats: CollectionStats = {
  apis: [
    {
      api: 'DescribeSecurityGroups',
      calls: 3,
      pages: 3,
      retries: 1,
      items: 3000,
      errors: 0,
      elapsedMs: 1234,
    },
    { api: 'DescribeFlowLogs', calls: 1, pages: 0, retries: 0, items: 0, errors: 1, elapsedMs: 40 },
  ],
  totals: { calls: 4, pages: 3, retries: 1, items: 3000, errors: 1, elapsedMs: 1500 },
};

describe('stats output', () => {
  it('prints one aligned row per API and a total', () => {
    const lines = formatStatsTable(stats).trimEnd().split('\n');

    expect(lines[0]).toMatch(/^API\s+calls\s+pages\s+retries\s+items\s+errors\s+time$/);
    expect(lines[2]).toMatch(/^DescribeSecurityGroups\s+3\s+3\s+1\s+3000\s+0\s+1\.2 s$/);
    expect(lines[lines.length - 1]).toMatch(/^total\s+4\s+3\s+1\s+3000\s+1\s+1\.5 s wall$/);
    expect(new Set(lines.map((l) => l.length)).size).toBeLessThanOrEqual(2);
    // The header and the total are ruled off.
    expect(formatStatsTable(stats)).toBe(
      [
        'API                     calls  pages  retries  items  errors        time',
        '----------------------  -----  -----  -------  -----  ------  ----------',
        'DescribeSecurityGroups      3      3        1   3000       0       1.2 s',
        'DescribeFlowLogs            1      0        0      0       1       0.0 s',
        '----------------------  -----  -----  -------  -----  ------  ----------',
        'total                       4      3        1   3000       1  1.5 s wall',
        '',
      ].join('\n'),
    );
  });

  it('summarises a collection in one line', () => {
    expect(formatSummary(stats)).toBe('collected 2 APIs: 4 calls, 3,000 items, 1 error in 1.5 s');
  });
});

describe('ProgressDisplay', () => {
  it('redraws per-API counters in place and erases them when finished', () => {
    const writes: string[] = [];
    let now = 0;
    const display = new ProgressDisplay({ write: (t) => writes.push(t) }, 100, () => now);
    const api = stats.apis[0]!;

    display.update({ api: api.api, stats: { ...api, calls: 1 } });
    now = 50;
    display.update({ api: api.api, stats: { ...api, calls: 2 } }); // throttled: not drawn
    now = 200;
    display.update({
      api: 'DescribeFlowLogs',
      stats: stats.apis[1]!,
      error: { api: 'x', code: 'AccessDenied', message: '' },
    });
    display.finish();

    expect(writes).toHaveLength(3);
    expect(writes[0]).toContain('DescribeSecurityGroups');
    expect(writes[0]).toContain('1 call, 3,000 items, 1 retry');
    expect(writes[1]!.startsWith('\x1b[1A')).toBe(true);
    expect(writes[1]).toContain('FAILED AccessDenied');
    expect(writes[2]).toBe('\x1b[2A' + '\x1b[2K\n'.repeat(2) + '\x1b[2A');
  });

  it('lines the counters up in one column, past the longest API name', () => {
    const writes: string[] = [];
    const display = new ProgressDisplay({ write: (t) => writes.push(t) }, 0, () => 0);
    const api = stats.apis[0]!;

    display.update({ api: 'DescribeVpcs', stats: { ...api, api: 'DescribeVpcs', retries: 0 } });
    display.update({
      api: 'DescribeTransitGatewayPeeringAttachments',
      stats: { ...api, api: 'DescribeTransitGatewayPeeringAttachments', items: 1 },
    });

    const lines = writes[1]!.split('\n').map(stripVTControlCharacters);
    expect(lines).toEqual([
      '  DescribeTransitGatewayPeeringAttachments 3 calls, 1 item, 1 retry',
      '  DescribeVpcs                             3 calls, 3,000 items',
      '',
    ]);
    // A short name alone keeps the 30-character column.
    expect(stripVTControlCharacters(writes[0]!)).toBe(
      `  ${'DescribeVpcs'.padEnd(30)} 3 calls, 3,000 items\n`,
    );
  });
});
