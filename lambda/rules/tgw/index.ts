import type { Rule } from '../../engine/rule';
import { transitGatewayBlackholeRoute } from './tgw-1-blackhole-route';
import { transitGatewayAutoAcceptsAttachments } from './tgw-2-auto-accept';
import { transitGatewayUnreachableFromSubnet } from './tgw-3-subnet-attachment';
import { transitGatewayAsymmetricRoute } from './tgw-4-asymmetric-route';

export const transitGatewayRules: Rule[] = [
  transitGatewayBlackholeRoute,
  transitGatewayAutoAcceptsAttachments,
  transitGatewayUnreachableFromSubnet,
  transitGatewayAsymmetricRoute,
];
