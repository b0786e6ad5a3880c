import { Command, Option } from 'commander';
import type { Rule } from '../../engine/rule';
import { RULES } from '../../rules/registry';
import { oneOf } from '../options';
import { writeOutput } from '../output';

const FORMATS = ['table', 'json', 'markdown'] as const;

/** Families in the order RULES.md presents them. */
const FAMILY_ORDER = [
  'SG',
  'RT',
  'NAT',
  'EIP',
  'IGW',
  'NACL',
  'VPC',
  'TGW',
  'VPN',
  'VGW',
  'DX',
  'NET',
  'AUDIT',
];

function inCatalogueOrder(rules: readonly Rule[]): Rule[] {
  const rank = (r: Rule) => {
    const i = FAMILY_ORDER.indexOf(r.id.split('.')[0]!);
    return i < 0 ? FAMILY_ORDER.length : i;
  };
  return [...rules].sort(
    (a, b) => rank(a) - rank(b) || Number(a.id.split('.')[1]) - Number(b.id.split('.')[1]),
  );
}

/** The rule table of the README, generated from the registry so docs and code never disagree. */
export function rulesMarkdown(rules: readonly Rule[] = RULES): string {
  const lines = [
    '| id | severity | resource | fails when | references |',
    '|---|---|---|---|---|',
    ...inCatalogueOrder(rules).map(
      (r) =>
        `| ${r.id} | ${r.severity} | ${r.resourceType} | ${r.title} | ${r.references.join(', ') || '—'} |`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}

function rulesTable(rules: readonly Rule[]): string {
  const width = Math.max(...rules.map((r) => r.id.length));
  return `${inCatalogueOrder(rules)
    .map((r) => `${r.id.padEnd(width)}  ${r.severity.padEnd(13)}  ${r.title}`)
    .join('\n')}\n`;
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
