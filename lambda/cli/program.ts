import { Command } from 'commander';
import { NETAUDIT_VERSION } from '../version';
import { registerExplainCommand } from './commands/explain';
import { registerRulesCommand } from './commands/rules';
import { registerScanCommand } from './commands/scan';
import { registerSnapshotCommand } from './commands/snapshot';

/** The `netaudit` command tree; main.ts runs it, tests drive it directly. */
export function buildProgram(): Command {
  const program = new Command('netaudit')
    .description('Audit AWS network configuration: exposure, broken connectivity, waste')
    .version(NETAUDIT_VERSION)
    .enablePositionalOptions()
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerScanCommand(program);
  registerExplainCommand(program);
  registerSnapshotCommand(program);
  registerRulesCommand(program);
  for (const command of program.commands) command.exitOverride();
  return program;
}
