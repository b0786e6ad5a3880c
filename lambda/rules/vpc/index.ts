import type { Rule } from '../../engine/rule';
import { vpcWithoutFlowLogs } from './vpc-1-flow-logs';
import { vpcDnsAttributesDisabled } from './vpc-2-dns-attributes';
import { subnetAssignsPublicIp } from './vpc-3-public-ip-on-launch';
import { blockPublicAccessBreaksSubnet } from './vpc-4-block-public-access';

export const vpcRules: Rule[] = [
  vpcWithoutFlowLogs,
  vpcDnsAttributesDisabled,
  subnetAssignsPublicIp,
  blockPublicAccessBreaksSubnet,
];
