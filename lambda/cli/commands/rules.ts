import type { Command } from 'commander';
import type { Rule, RuleMetadata } from '../../engine/rule';
import { tableLines } from '../../findings/text-table';
import { InputError } from '../../errors';
import { RULES } from '../../rules/registry';
import { addOutputOptions, resolveFormat, type FormatOptions } from '../options';
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
  'VPCE',
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
  // The severity column is as wide as the widest severity, whichever rules are listed.
  const rows = inCatalogueOrder(rules).map((r) => [r.id, r.severity, r.title]);
  const width = Math.max(...rules.map((r) => r.id.length));
  return `${tableLines(rows, { widths: [width, 'INFORMATIONAL'.length] }).join('\n')}\n`;
}

function metadataOf({ evaluate: _evaluate, ...meta }: Rule): RuleMetadata {
  return meta;
}

function rulesJson(rules: readonly Rule[]): string {
  return `${JSON.stringify(rules.map(metadataOf), null, 2)}\n`;
}

/** One rule's full text, for `netaudit rules SG.1`. */
export function ruleText(rule: Rule): string {
  const lines = [
    `${rule.id}  ${rule.title}`,
    '',
    `severity       ${rule.severity} (default; --config severityOverrides can change it)`,
    `resource       ${rule.resourceType}`,
    `category       ${rule.category}`,
    `references     ${rule.references.join(', ') || '—'}`,
    `requires       ${rule.requires.join(', ')} (NOT_EVALUATED when any could not be collected)`,
    '',
    rule.description,
    '',
    `Remediation: ${rule.remediation.text}`,
    rule.remediation.url,
  ];
  return `${lines.join('\n')}\n`;
}

/** `rules SG.1` or `rules sg.1`; an unknown id names the ids of its family, or the families. */
function findRule(id: string, rules: readonly Rule[]): Rule {
  const rule = rules.find((r) => r.id === id.toUpperCase());
  if (rule) return rule;
  const family = id.toUpperCase().split('.')[0]!;
  const siblings = rules.filter((r) => r.id.split('.')[0] === family).map((r) => r.id);
  const known = siblings.length
    ? `${family} has ${siblings.join(', ')}`
    : `families: ${[...new Set(rules.map((r) => r.id.split('.')[0]))].join(', ')}`;
  throw new InputError(`no rule "${id}" (${known})`);
}

export function registerRulesCommand(program: Command): void {
  const rules = program
    .command('rules [id]')
    .description('List the rule catalogue, or show one rule in full (netaudit rules SG.1)');
  addOutputOptions(rules, FORMATS, 'table').action(
    async (id: string | undefined, options: FormatOptions & { out?: string }) => {
      const format = resolveFormat(options, FORMATS, 'table');
      await writeOutput(id ? oneRule(findRule(id, RULES), format) : catalogue(format), options.out);
    },
  );
}

function catalogue(format: (typeof FORMATS)[number]): string {
  if (format === 'json') return rulesJson(RULES);
  if (format === 'markdown') return rulesMarkdown(RULES);
  return rulesTable(RULES);
}

function oneRule(rule: Rule, format: (typeof FORMATS)[number]): string {
  if (format === 'json') return `${JSON.stringify(metadataOf(rule), null, 2)}\n`;
  if (format === 'markdown') {
    throw new InputError('one rule comes as table or json: --output markdown is for the whole catalogue');
  }
  return ruleText(rule);
}
