import { writeFileSync } from 'node:fs';
import { InputError } from '../errors';

/** Writes a command's output to a file (`--output`) or stdout. */
export function writeOutput(text: string, file?: string): void {
  if (!file) {
    process.stdout.write(text);
    return;
  }
  try {
    writeFileSync(file, text);
  } catch (err) {
    throw new InputError(`cannot write ${file}: ${(err as Error).message}`);
  }
}
