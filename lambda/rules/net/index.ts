import type { Rule } from '../../engine/rule';
import { internetReachableInterface } from './net-1-internet-exposure';
import { brokenInternetEgress } from './net-2-egress-broken';
import { isolatedInstance } from './net-3-isolated';
import { requiredPathBroken } from './net-4-required-paths';
import { forbiddenPathWorks } from './net-5-forbidden-paths';

export const reachabilityRules: Rule[] = [
  internetReachableInterface,
  brokenInternetEgress,
  isolatedInstance,
  requiredPathBroken,
  forbiddenPathWorks,
];
