import { Command, Option } from 'commander';
import type { Rule } from '../../engine/rule';
import { RULES } from '../../rules/registry';
import { oneOf } from '../options';
import { writeOutput } from '../output';

const FORMATS = ['table', 'json', 'markdown'] as const;

/** The rule table of the README, generated from the registry so docs and code never disagree. */
export function rulesMarkdown(rules: readonly Rule[] = RULES): string {
  const lines = [
    '| id | severity | resource | fails when | references |',
    '|---|---|---|---|---|',
    ...rules.map(
      (r) =>
        `| ${r.id} | ${r.severity} | ${r.resourceType} | ${r.title} | ${r.references.join(', ') || '—'} |`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

function rulesTable(rules: readonly Rule[]): string {
  const width = Math.max(...rules.map((r) => r.id.length));
  return `${rules.map((r) => `${r.id.padEnd(width)}  ${r.severity.padEnd(13)}  ${r.title}`).join('\n')}\n`;
}

function rulesJson(rules: readonly Rule[]): string {
  const metadata = rules.map(({ evaluate: _evaluate, ...meta }) => meta);
  return `${JSON.stringify(metadata, null, 2)}\n`;
}

export function registerRulesCommand(program: Command): void {
  program
    .command('rules')
    .description('List the rule catalogue')
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(FORMATS)
        .default('table')
        .argParser(oneOf(FORMATS)),
    )
    .action((options: { format: (typeof FORMATS)[number] }) => {
      const text =
        options.format === 'json'
          ? rulesJson(RULES)
          : options.format === 'markdown'
            ? rulesMarkdown(RULES)
            : rulesTable(RULES);
      writeOutput(text);
    });
}
