import type { Rule } from '../../engine/rule';
import { virtualPrivateGatewayUnusable } from './vgw-1-not-attached-or-unrouted';

export const virtualPrivateGatewayRules: Rule[] = [virtualPrivateGatewayUnusable];
