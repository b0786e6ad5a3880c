import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../../lambda/errors';
import { loadSnapshotFile, parseJson, readTextFile } from '../../lambda/snapshot/load';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'netaudit-load-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function errorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error('expected an InputError');
}

const valid = {
  schemaVersion: 1,
  accountId: '123456789012',
  region: 'cn-north-1',
  collectedAt: '2026-11-28T00:00:00Z',
  vpcs: [{ VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16' }],
};

describe('loadSnapshotFile', () => {
  it('loads a valid file, recording its absent lists as not collected', () => {
    const path = join(dir, 'snap.json');
    writeFileSync(path, JSON.stringify(valid, null, 2));
    const snapshot = loadSnapshotFile(path);
    expect(snapshot.region).toBe('cn-north-1');
    expect(snapshot.vpcs).toEqual([{ VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16' }]);
    expect(snapshot.subnets).toEqual([]);
    expect(snapshot.errors).toContainEqual({
      api: 'DescribeSubnets',
      code: 'NotCollected',
      message: 'the snapshot file has no subnets',
    });
    expect(snapshot.errors.map((e) => e.api)).not.toContain('DescribeVpcs');
  });

  it('says when the file does not exist', () => {
    const path = join(dir, 'nope.json');
    expect(errorOf(() => loadSnapshotFile(path)).message).toBe(`snapshot file not found: ${path}`);
  });

  it('says when the path is a directory', () => {
    const sub = join(dir, 'sub');
    mkdirSync(sub);
    expect(errorOf(() => loadSnapshotFile(sub)).message).toBe(
      `snapshot file is a directory, not a file: ${sub}`,
    );
  });

  it('gives line and column of invalid JSON', () => {
    const path = join(dir, 'x.json');
    writeFileSync(path, '{\n  "a" 1\n}\n');
    expect(errorOf(() => loadSnapshotFile(path)).message).toBe(`${path}:2:7: invalid JSON: colon expected`);
  });

  it('gives the position of a trailing comma', () => {
    const path = join(dir, 'x.json');
    writeFileSync(path, '{"schemaVersion": 1,\n "vpcs": [],\n}');
    expect(errorOf(() => loadSnapshotFile(path)).message).toBe(
      `${path}:3:1: invalid JSON: property name expected`,
    );
  });

  it('counts columns after CRLF line ends from the start of the line', () => {
    expect(errorOf(() => parseJson('{\r\n  "a": x\r\n}', 'w.json')).message).toBe(
      'w.json:2:8: invalid JSON: invalid symbol',
    );
  });

  it('rejects an empty file as invalid JSON at 1:1', () => {
    const path = join(dir, 'empty.json');
    writeFileSync(path, '');
    expect(errorOf(() => loadSnapshotFile(path)).message).toBe(`${path}:1:1: invalid JSON: value expected`);
  });

  it('rejects comments (snapshots are strict JSON)', () => {
    expect(errorOf(() => parseJson('{ // no\n}', 'c.json')).message).toMatch(/^c\.json:1:3: invalid JSON: /);
  });

  it('reads a file saved with a UTF-8 byte order mark (Windows editors and shells write one)', () => {
    const path = join(dir, 'bom.json');
    writeFileSync(path, `\uFEFF${JSON.stringify(valid)}`);
    expect(loadSnapshotFile(path).accountId).toBe('123456789012');
  });

  it('names the file and the path of a schema problem', () => {
    const path = join(dir, 'bad.json');
    writeFileSync(path, JSON.stringify({ ...valid, vpcs: [{}] }));
    expect(errorOf(() => loadSnapshotFile(path)).message).toBe(
      `${path}: invalid snapshot\nvpcs[0].VpcId: required`,
    );
  });
});

describe('readTextFile', () => {
  it('decodes ASCII, UTF-8 (tag values in any language) and invalid bytes as readFileSync would', () => {
    const samples: [string, Buffer][] = [
      ['ascii.json', Buffer.from('{"Key":"Name","Value":"web"}')],
      ['utf8.json', Buffer.from('\ufeff{"Value":"équipe 東京 🚀"}', 'utf8')],
      ['latin1-bytes.json', Buffer.from([0x7b, 0x22, 0xe9, 0x22, 0x7d])],
    ];
    for (const [name, bytes] of samples) {
      writeFileSync(join(dir, name), bytes);
      expect(readTextFile(join(dir, name))).toBe(bytes.toString('utf8'));
    }
    expect(readTextFile(join(dir, 'utf8.json'))).toContain('équipe 東京 🚀');
  });

  it('names what it was reading', () => {
    expect(errorOf(() => readTextFile(join(dir, 'c.json'), 'config file')).message).toMatch(
      /^config file not found: /,
    );
  });
});
