import type { Rule } from '../../engine/rule';

export const natRules: Rule[] = [];
