import type { Rule } from '../../engine/rule';

export const routeRules: Rule[] = [];
