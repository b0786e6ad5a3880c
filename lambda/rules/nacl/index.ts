import type { Rule } from '../../engine/rule';

export const networkAclRules: Rule[] = [];
