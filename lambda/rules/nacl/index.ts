import type { Rule } from '../../engine/rule';
import { naclAdminPortsOpenToInternet } from './nacl-1-admin-ports';
import { naclBlocksInternetTraffic } from './nacl-2-internet-traffic';
import { naclShadowedEntries } from './nacl-3-shadowed-entries';
import { unusedNetworkAcl } from './nacl-4-unused';

export const networkAclRules: Rule[] = [
  naclAdminPortsOpenToInternet,
  naclBlocksInternetTraffic,
  naclShadowedEntries,
  unusedNetworkAcl,
];
