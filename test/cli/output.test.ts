import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeOutput } from '../../lambda/cli/output';
import { InputError } from '../../lambda/errors';

describe('writeOutput', () => {
  const dir = mkdtempSync(join(tmpdir(), 'netaudit-output-'));

  it('writes text, or pieces as they come, to the file', () => {
    const file = join(dir, 'whole.txt');
    writeOutput('héllo\n', file);
    expect(readFileSync(file, 'utf8')).toBe('héllo\n');

    const pieces = Array.from({ length: 5000 }, (_, i) => `piece ${i} ${'x'.repeat(500)} ✓\n`);
    function* generate() {
      yield* pieces;
    }
    const chunked = join(dir, 'chunked.txt');
    writeOutput(generate(), chunked);
    expect(readFileSync(chunked, 'utf8')).toBe(pieces.join(''));
  });

  it('names the file it cannot write, as a user error', () => {
    const file = join(dir, 'missing-dir', 'out.json');
    expect(() => writeOutput(['a', 'b'], file)).toThrow(InputError);
    expect(() => writeOutput('a', file)).toThrow(`cannot write ${file}`);
  });

  it('lets a failure of the producer through as it is (it is not a write error)', () => {
    function* failing(): Generator<string> {
      yield 'start';
      throw new Error('bug in a formatter');
    }
    expect(() => writeOutput(failing(), join(dir, 'partial.txt'))).toThrow('bug in a formatter');
  });
});
