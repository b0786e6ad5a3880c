import type { Rule } from '../../engine/rule';
import { unassociatedElasticIp } from './eip-1-unassociated';
import { elasticIpOnStoppedInstance } from './eip-2-stopped-instance';
import { detachedInternetGateway } from './igw-1-detached';
import { publicNatWithoutElasticIp } from './nat-1-no-elastic-ip';
import { failedOrDeletedNatStillRouted } from './nat-2-failed-or-deleted';
import { publicNatInPrivateSubnet } from './nat-3-no-internet-route';
import { idleNatGateway } from './nat-4-idle';
import { singleNatForManyZones } from './nat-5-single-nat-multi-az';
import { brokenNatInstance } from './nat-6-nat-instance';

/** NAT gateway, Elastic IP and internet gateway rules (RULES.md "NAT gateways and Elastic IPs"). */
export const natRules: Rule[] = [
  publicNatWithoutElasticIp,
  failedOrDeletedNatStillRouted,
  publicNatInPrivateSubnet,
  idleNatGateway,
  singleNatForManyZones,
  brokenNatInstance,
  unassociatedElasticIp,
  elasticIpOnStoppedInstance,
  detachedInternetGateway,
];
