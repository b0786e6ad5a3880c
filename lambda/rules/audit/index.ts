import type { Rule } from '../../engine/rule';

export const auditRules: Rule[] = [];
