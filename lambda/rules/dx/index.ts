import type { Rule } from '../../engine/rule';
import { directConnectInterfaceDown } from './dx-1-virtual-interface-down';

export const directConnectRules: Rule[] = [directConnectInterfaceDown];
