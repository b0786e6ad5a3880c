import { CommanderError } from 'commander';
import { InputError } from '../errors';
import { quietBrokenPipe } from './output';
import { buildProgram } from './program';

/**
 * Entry point of the `netaudit` CLI. Exit codes (docs/cli.md): 0 success, 1 findings at or above
 * --fail-on (or, for explain, a broken path), 2 bad usage, input, credentials or permissions (one line
 * naming the problem), 3 an unexpected error; commands set 4 (explain unverifiable) and 5 (publish refused).
 * No stack trace reaches the user unless NETAUDIT_DEBUG is set. A reader that stops reading (`| head`)
 * changes nothing: the command ends quietly with the code its work earned.
 */
export async function main(argv: string[]): Promise<number> {
  quietBrokenPipe(process.stdout);
  quietBrokenPipe(process.stderr);
  try {
    await buildProgram().parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Commander already printed its message (or the help/version text).
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof InputError) {
      process.stderr.write(`netaudit: ${err.message}\n`);
      return 2;
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`netaudit: unexpected error: ${message}\n`);
    if (process.env.NETAUDIT_DEBUG) process.stderr.write(`${(err as Error).stack ?? ''}\n`);
    else process.stderr.write('netaudit: set NETAUDIT_DEBUG=1 to see the details\n');
    return 3;
  }
}

if (require.main === module) {
  void main(process.argv).then((code) => {
    process.exitCode = code;
  });
}
