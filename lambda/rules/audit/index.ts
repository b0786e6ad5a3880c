import type { Rule } from '../../engine/rule';
import { networkAclRules } from '../nacl';
import { natRules } from '../nat';
import { reachabilityRules } from '../net';
import { routeRules } from '../rt';
import { securityGroupRules } from '../sg';
import { vpcRules } from '../vpc';
import { endpointRules } from '../vpce';
import { transitGatewayRules } from '../tgw';
import { vpnRules } from '../vpn';
import { virtualPrivateGatewayRules } from '../vgw';
import { directConnectRules } from '../dx';
import { collectionErrorsRule } from './audit-1-collection-errors';

/**
 * AUDIT.1 reads the other families directly rather than the registry, which imports this file: that keeps
 * the module graph acyclic. test/rules/audit holds this list equal to the registry minus AUDIT.1.
 */
export const collectionErrors = collectionErrorsRule(() => [
  ...securityGroupRules,
  ...routeRules,
  ...natRules,
  ...networkAclRules,
  ...vpcRules,
  ...endpointRules,
  ...reachabilityRules,
  ...transitGatewayRules,
  ...vpnRules,
  ...virtualPrivateGatewayRules,
  ...directConnectRules,
]);

export const auditRules: Rule[] = [collectionErrors];
