import { closeSync, openSync, writeFileSync } from 'node:fs';
import { InputError } from '../errors';

/** Pieces are gathered to about this many characters before each write: one syscall per result is slow. */
const BATCH_CHARS = 1 << 20;

/**
 * Writes a command's output to a file (`--output`) or stdout. Output given in pieces (a large report) is
 * written as it is produced, so it is never held whole in memory; the file is therefore replaced from
 * the first piece, and a failure part-way leaves it incomplete (the command then exits non-zero).
 */
export function writeOutput(output: string | Iterable<string>, file?: string): void {
  const pieces = typeof output === 'string' ? [output] : output;
  if (!file) {
    for (const batch of batches(pieces)) process.stdout.write(batch);
    return;
  }
  const fd = io(file, () => openSync(file, 'w'));
  try {
    // writeFileSync on a descriptor writes the whole batch (writeSync may write part of it).
    for (const batch of batches(pieces)) io(file, () => writeFileSync(fd, batch));
  } finally {
    closeSync(fd);
  }
}

/** A file system call whose failure is the user's to fix (a missing directory, a full disk): one line. */
function io<T>(file: string, call: () => T): T {
  try {
    return call();
  } catch (err) {
    throw new InputError(`cannot write ${file}: ${(err as Error).message}`);
  }
}

function* batches(pieces: Iterable<string>): Generator<string> {
  let pending: string[] = [];
  let size = 0;
  for (const piece of pieces) {
    pending.push(piece);
    size += piece.length;
    if (size >= BATCH_CHARS) {
      yield pending.join('');
      pending = [];
      size = 0;
    }
  }
  if (pending.length > 0) yield pending.join('');
}
