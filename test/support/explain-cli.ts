import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { registerExplainCommand } from '../../lambda/cli/commands/explain';
import type { Snapshot } from '../../lambda/snapshot/types';

export interface ExplainRun {
  stdout: string;
  exitCode: number;
  /** The error the command threw (an InputError means exit 2 in the real CLI). */
  error?: Error;
}

/**
 * Runs `netaudit explain <args>` the way main.ts will: a fresh commander program with the command
 * registered, the snapshot written to a temporary file, stdout captured, and the exit code read from
 * process.exitCode (2 when the command throws, as main.ts maps InputError).
 */
export async function runExplainCli(snapshot: Snapshot | undefined, args: string[]): Promise<ExplainRun> {
  const dir = mkdtempSync(join(tmpdir(), 'netaudit-explain-'));
  const file = join(dir, 'snapshot.json');
  if (snapshot) writeFileSync(file, JSON.stringify(snapshot));
  let stdout = '';
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return true;
  });
  const previous = process.exitCode;
  process.exitCode = undefined;
  const program = new Command('netaudit').exitOverride();
  registerExplainCommand(program);
  try {
    const snapshotArgs = snapshot ? ['--snapshot', file] : [];
    await program.parseAsync(['node', 'netaudit', 'explain', ...args, ...snapshotArgs]);
    const code = typeof process.exitCode === 'number' ? process.exitCode : 0;
    return { stdout, exitCode: code };
  } catch (error) {
    return { stdout, exitCode: 2, error: error as Error };
  } finally {
    process.exitCode = previous;
    write.mockRestore();
    rmSync(dir, { recursive: true, force: true });
  }
}
