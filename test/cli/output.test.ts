import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { writeOutput } from '../../lambda/cli/output';
import { InputError } from '../../lambda/errors';

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`write ${code}`), { code });
}

/** A reader that takes one chunk at a time (so every write waits for drain), failing with `fail` after `ok`. */
function reader(options: { ok?: number; fail?: string; onWrite?: () => void } = {}) {
  const written: string[] = [];
  const stream = new Writable({
    highWaterMark: 1,
    decodeStrings: false,
    write(chunk: string, _encoding, callback) {
      options.onWrite?.();
      if (options.fail && written.length >= (options.ok ?? 0)) {
        setImmediate(() => callback(errno(options.fail!)));
        return;
      }
      written.push(chunk);
      setImmediate(callback);
    },
  });
  return { stream, written };
}

/** Pieces of 600,000 characters by default: large enough to be written each as it is. */
function* pieces(count: number, produced: { count: number }, length = 600_000): Generator<string> {
  for (let i = 0; i < count; i++) {
    produced.count++;
    yield `${i}`.padEnd(length, '.');
  }
}

describe('writeOutput to a file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'netaudit-output-'));

  it('writes text, or pieces as they come', async () => {
    const file = join(dir, 'whole.txt');
    await writeOutput('héllo\n', file);
    expect(readFileSync(file, 'utf8')).toBe('héllo\n');

    const many = Array.from({ length: 5000 }, (_, i) => `piece ${i} ${'x'.repeat(500)} ✓\n`);
    const chunked = join(dir, 'chunked.txt');
    await writeOutput(many.values(), chunked);
    expect(readFileSync(chunked, 'utf8')).toBe(many.join(''));
  });

  it('names the file it cannot write, as a user error', async () => {
    const file = join(dir, 'missing-dir', 'out.json');
    await expect(writeOutput(['a', 'b'], file)).rejects.toThrow(InputError);
    await expect(writeOutput('a', file)).rejects.toThrow(`cannot write ${file}`);
  });

  it('lets a failure of the producer through as it is (it is not a write error)', async () => {
    function* failing(): Generator<string> {
      yield 'start';
      throw new Error('bug in a formatter');
    }
    await expect(writeOutput(failing(), join(dir, 'partial.txt'))).rejects.toThrow('bug in a formatter');
  });
});

describe('writeOutput to stdout', () => {
  it('writes everything, producing each batch only once the reader has taken the last', async () => {
    const produced = { count: 0 };
    const atWrite: number[] = [];
    const { stream, written } = reader({ onWrite: () => atWrite.push(produced.count) });
    await writeOutput(pieces(40, produced, 60_000), undefined, stream);
    expect(written.join('')).toBe([...pieces(40, { count: 0 }, 60_000)].join(''));
    // Small pieces are gathered to about a megabyte (18 of 60,000 characters) per write, each batch
    // written when at most its own pieces have been produced; the rest goes at the end.
    expect(atWrite).toEqual([18, 36, 40]);
  });

  it('writes a large piece as it is, after what was gathered before it', async () => {
    const produced = { count: 0 };
    const atWrite: number[] = [];
    const { stream, written } = reader({ onWrite: () => atWrite.push(produced.count) });
    function* mixed(): Generator<string> {
      yield 'head,';
      yield* pieces(3, produced);
      yield 'tail';
    }
    await writeOutput(mixed(), undefined, stream);
    expect(written.map((chunk) => chunk.length)).toEqual([5, 600_000, 600_000, 600_000, 4]);
    expect(written.join('')).toBe(['head,', ...pieces(3, { count: 0 }), 'tail'].join(''));
    expect(atWrite).toEqual([1, 1, 2, 3, 3]);
  });

  it('stops quietly, producing no more, when the reader goes away (| head)', async () => {
    const produced = { count: 0 };
    const { stream, written } = reader({ ok: 1, fail: 'EPIPE' });
    await expect(writeOutput(pieces(1000, produced), undefined, stream)).resolves.toBeUndefined();
    expect(written).toHaveLength(1);
    expect(produced.count).toBeLessThan(10);
    // Later output to the same closed stream is dropped, not an error.
    await expect(writeOutput('more', undefined, stream)).resolves.toBeUndefined();
  });

  it('reports any other write error as one line', async () => {
    const { stream } = reader({ fail: 'EIO' });
    await expect(writeOutput(pieces(4, { count: 0 }), undefined, stream)).rejects.toThrow(
      'cannot write the output: write EIO',
    );
  });
});
