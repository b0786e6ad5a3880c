import type { Rule } from '../../engine/rule';
import { adminPortsOpenToInternet } from './sg-1-admin-ports';
import { highRiskPortsOpenToInternet } from './sg-2-high-risk-ports';
import { allTrafficFromInternet } from './sg-3-all-traffic';
import { unauthorizedPortsOpenToInternet } from './sg-4-unauthorized-ports';
import { defaultGroupHasRules } from './sg-5-default-group-rules';
import { unusedSecurityGroup } from './sg-6-unused-group';
import { staleSecurityGroupReference } from './sg-7-stale-references';
import { noOutboundTraffic } from './sg-8-no-egress';

export const securityGroupRules: Rule[] = [
  adminPortsOpenToInternet,
  highRiskPortsOpenToInternet,
  allTrafficFromInternet,
  unauthorizedPortsOpenToInternet,
  defaultGroupHasRules,
  unusedSecurityGroup,
  staleSecurityGroupReference,
  noOutboundTraffic,
];
