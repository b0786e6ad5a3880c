import type { Rule } from '../../engine/rule';

export const vpcRules: Rule[] = [];
