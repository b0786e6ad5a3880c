import type { Rule } from '../../engine/rule';
import { endpointRejectsVpcHttps } from './vpce-1-https-from-vpc';
import { privateDnsWithoutVpcDns } from './vpce-2-private-dns-without-vpc-dns';

/** VPC endpoint rules (RULES.md "Endpoints, transit gateways, VPN and Direct Connect"). */
export const endpointRules: Rule[] = [endpointRejectsVpcHttps, privateDnsWithoutVpcDns];
