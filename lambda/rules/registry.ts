import { compareRuleIds } from '../engine/evaluate';
import type { Rule } from '../engine/rule';
import { securityGroupRules } from './sg';

/**
 * Every rule NetAudit runs, explicitly listed (bundlers cannot scan folders at run time), in id order.
 * The catalogue test holds this list to RULES.md.
 */
export const RULES: readonly Rule[] = [...securityGroupRules].sort((a, b) => compareRuleIds(a.id, b.id));

export const RULE_IDS: readonly string[] = RULES.map((r) => r.id);

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.id === id);
}
