import type { Rule } from '../../engine/rule';
import { adminPortsOpenToInternet } from './sg-1-admin-ports';

export const securityGroupRules: Rule[] = [adminPortsOpenToInternet];
