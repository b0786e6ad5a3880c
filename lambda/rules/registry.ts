import { compareRuleIds } from '../engine/evaluate';
import type { Rule } from '../engine/rule';
import { auditRules } from './audit';
import { networkAclRules } from './nacl';
import { natRules } from './nat';
import { reachabilityRules } from './net';
import { routeRules } from './rt';
import { securityGroupRules } from './sg';
import { vpcRules } from './vpc';
import { endpointRules } from './vpce';
import { transitGatewayRules } from './tgw';
import { vpnRules } from './vpn';
import { virtualPrivateGatewayRules } from './vgw';
import { directConnectRules } from './dx';

/**
 * Every rule NetAudit runs, explicitly listed (bundlers cannot scan folders at run time), in id order.
 * Each family's index.ts lists its rules; the catalogue test holds the whole list to RULES.md.
 */
export const RULES: readonly Rule[] = [
  ...securityGroupRules,
  ...routeRules,
  ...natRules,
  ...networkAclRules,
  ...vpcRules,
  ...endpointRules,
  ...reachabilityRules,
  ...auditRules,
  ...transitGatewayRules,
  ...vpnRules,
  ...virtualPrivateGatewayRules,
  ...directConnectRules,
].sort((a, b) => compareRuleIds(a.id, b.id));

export const RULE_IDS: readonly string[] = RULES.map((r) => r.id);
