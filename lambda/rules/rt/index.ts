import type { Rule } from '../../engine/rule';
import { blackholeRoute } from './rt-1-blackhole-route';
import { publicSubnetWithoutInternetRoute } from './rt-2-public-subnet-without-igw-route';
import { routeToDetachedInternetGateway } from './rt-3-igw-not-attached';
import { routeToUnavailableNatGateway } from './rt-4-nat-not-available';
import { brokenPeeringRoute } from './rt-5-peering-route';
import { overlappingCidrs } from './rt-6-cidr-overlap';
import { mainTableRoutesToInternet } from './rt-7-main-table-internet-route';
import { crossZoneNatRoute } from './rt-8-cross-az-nat';
import { defaultRouteToPeering } from './rt-9-default-route-to-peering';

export const routeRules: Rule[] = [
  blackholeRoute,
  publicSubnetWithoutInternetRoute,
  routeToDetachedInternetGateway,
  routeToUnavailableNatGateway,
  brokenPeeringRoute,
  overlappingCidrs,
  mainTableRoutesToInternet,
  crossZoneNatRoute,
  defaultRouteToPeering,
];
