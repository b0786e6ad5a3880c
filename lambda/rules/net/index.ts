import type { Rule } from '../../engine/rule';

export const reachabilityRules: Rule[] = [];
