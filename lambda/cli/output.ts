import { closeSync, openSync, writeFileSync } from 'node:fs';
import { InputError } from '../errors';

/** Pieces are gathered to about this many characters before each write: one syscall per result is slow. */
const BATCH_CHARS = 1 << 20;

/** What writeOutput needs of stdout; tests pass their own stream. */
export interface OutputStream {
  write(chunk: string): boolean;
  once(event: 'drain' | 'close' | 'error', listener: () => void): unknown;
  off(event: 'drain' | 'close' | 'error', listener: () => void): unknown;
  on(event: 'error', listener: (err: NodeJS.ErrnoException) => void): unknown;
  readonly destroyed: boolean;
}

/**
 * Whether to colour what goes to `stream`. FORCE_COLOR set (and not 0 or false) forces it on, as for
 * Node itself; otherwise NO_COLOR (no-color.org) or TERM=dumb turns it off, and a terminal turns it on.
 */
export function colorFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '') return force !== '0' && force.toLowerCase() !== 'false';
  if (env.NO_COLOR) return false;
  return Boolean(stream.isTTY) && env.TERM !== 'dumb';
}

/** Streams whose reader went away (`netaudit scan | head`), and the error that says so. */
const brokenPipes = new WeakSet<OutputStream>();
const writeErrors = new WeakMap<OutputStream, Error>();
const watched = new WeakSet<OutputStream>();

/**
 * Makes a closed pipe on `stream` quiet: `netaudit scan | head` is a reader that has seen enough, not a
 * failure, so the command ends with the exit code its work earned instead of crashing on EPIPE. Any
 * other write error is kept for writeOutput to report. Idempotent; main() calls it for stdout and stderr.
 */
export function quietBrokenPipe(stream: OutputStream): void {
  if (watched.has(stream)) return;
  watched.add(stream);
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') brokenPipes.add(stream);
    else writeErrors.set(stream, err);
  });
}

/**
 * Writes a command's output to a file (`--out`) or stdout. Output given in pieces (a large report) is
 * written as it is produced, waiting for stdout to drain after each batch, so it is never held whole in
 * memory; the file is therefore replaced from the first piece, and a failure part-way leaves it
 * incomplete (the command then exits non-zero). When stdout's reader has gone, the rest is not produced.
 */
export async function writeOutput(
  output: string | Iterable<string>,
  file?: string,
  stdout: OutputStream = process.stdout,
): Promise<void> {
  const pieces = typeof output === 'string' ? [output] : output;
  if (!file) return writeStream(pieces, stdout);
  const fd = io(file, () => openSync(file, 'w'));
  try {
    // writeFileSync on a descriptor writes the whole batch (writeSync may write part of it).
    for (const batch of batches(pieces)) io(file, () => writeFileSync(fd, batch));
  } finally {
    closeSync(fd);
  }
}

async function writeStream(pieces: Iterable<string>, stream: OutputStream): Promise<void> {
  quietBrokenPipe(stream);
  for (const batch of batches(pieces)) {
    const error = writeErrors.get(stream);
    if (error) throw new InputError(`cannot write the output: ${error.message}`);
    if (brokenPipes.has(stream) || stream.destroyed) return;
    if (!stream.write(batch)) await drained(stream);
  }
}

/** Resolves when the stream can take more, or will never take more (closed, failed). */
function drained(stream: OutputStream): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      stream.off('error', done);
      resolve();
    };
    stream.once('drain', done);
    stream.once('close', done);
    stream.once('error', done);
  });
}

/** A file system call whose failure is the user's to fix (a missing directory, a full disk): one line. */
function io<T>(file: string, call: () => T): T {
  try {
    return call();
  } catch (err) {
    throw new InputError(`cannot write ${file}: ${(err as Error).message}`);
  }
}

/**
 * The pieces gathered to about BATCH_CHARS characters per write. A piece of at least a sixteenth of that
 * (a report's few hundred results) is written as it is: joining it to its neighbours would copy it once
 * more before it is encoded.
 */
function* batches(pieces: Iterable<string>): Generator<string> {
  let pending: string[] = [];
  let size = 0;
  for (const piece of pieces) {
    if (piece.length >= BATCH_CHARS / 16) {
      if (pending.length > 0) yield pending.join('');
      pending = [];
      size = 0;
      yield piece;
      continue;
    }
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
