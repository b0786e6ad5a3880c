import type { IpPermission, NetworkAclEntry } from '@aws-sdk/client-ec2';
import { isIPv4 } from 'node:net';
import { parseCidr } from '../net/cidr';
import type { Snapshot } from './types';

/*
 * The checks the schema cannot express: values that have the right type but mean nothing to AWS
 * (`999.1.1.1/40`, port 70000, protocol `http`). Rules would read them as "no match" and pass, so a load
 * refuses them. They run on items the schema accepted, once per item, and build a path only to report.
 */

/** Where a problem is, below the list (`[3, 'IpPermissions', 0, 'FromPort']`), and what it is. */
export type Report = (path: PropertyKey[], message: string) => void;

/** Names that are properties of every object: as an id or a map key they read the prototype. */
export const RESERVED_NAMES: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export function reservedNameProblem(name: string): string | undefined {
  // Every id is checked: the length test keeps the set lookup off nearly all of them.
  if (name.length !== 9 && name.length !== 11) return undefined;
  return RESERVED_NAMES.has(name) ? `"${name}" cannot be an id or a key` : undefined;
}

type Family = 4 | 6 | undefined;
const FAMILY_NAME = { 4: 'an IPv4', 6: 'an IPv6' } as const;

export function cidrProblem(text: string | undefined, family: Family): string | undefined {
  if (text === undefined) return undefined;
  const cidr = parseCidr(text);
  if (cidr === undefined) return `"${text}" is not a CIDR block`;
  if (family !== undefined && cidr.version !== family)
    return `"${text}" is not ${FAMILY_NAME[family]} CIDR block`;
  return undefined;
}

export function addressProblem(text: string | undefined): string | undefined {
  // node:net's test is a regex that allocates nothing, and accepts exactly the dotted decimal form
  // parseAddress does; public addresses are mostly distinct, so parseAddress's cache would only grow.
  return text === undefined || isIPv4(text) ? undefined : `"${text}" is not an IPv4 address`;
}

function wholeIn(value: number | undefined, min: number, max: number): boolean {
  return value === undefined || (Number.isInteger(value) && value >= min && value <= max);
}

/** A protocol number as AWS writes it: `6`, never `06` or `6.0`. */
function isProtocolNumber(text: string): boolean {
  const n = Number(text);
  return Number.isInteger(n) && n >= 0 && n <= 255 && String(n) === text;
}

/** How a security group rule's FromPort/ToPort read for its protocol; undefined when AWS has no such protocol. */
function sgProtocolKind(protocol: string): 'ports' | 'icmp' | 'none' | undefined {
  switch (protocol) {
    case 'tcp':
    case 'udp':
    case '6':
    case '17':
      return 'ports';
    case 'icmp':
    case 'icmpv6':
    case '1':
    case '58':
      return 'icmp';
    case '-1':
      return 'none';
    default:
      return isProtocolNumber(protocol) ? 'none' : undefined;
  }
}

const NOT_A_PORT = 'is not a port (a whole number from 0 to 65535)';
const NOT_ICMP = 'is not an ICMP type or code (-1 for any, or 0 to 255)';
const NOT_A_PORTLESS = 'is not a port (-1, or 0 to 65535)';

/**
 * A security group rule: its protocol, its ports as AWS allows them for that protocol, its sources. For
 * ICMP, FromPort is the type and ToPort the code, -1 meaning any; other protocols have no ports (AWS writes
 * -1 or leaves them out).
 */
function checkPermission(rule: IpPermission, report: Report, i: number, side: string, j: number): void {
  const protocol = rule.IpProtocol ?? '';
  const from = rule.FromPort;
  const to = rule.ToPort;
  switch (sgProtocolKind(protocol)) {
    case undefined:
      report(
        [i, side, j, 'IpProtocol'],
        `"${protocol}" is not a protocol (-1, tcp, udp, icmp, icmpv6 or a number from 0 to 255)`,
      );
      break;
    case 'ports':
      if (!wholeIn(from, 0, 65535)) report([i, side, j, 'FromPort'], `${from} ${NOT_A_PORT}`);
      else if (!wholeIn(to, 0, 65535)) report([i, side, j, 'ToPort'], `${to} ${NOT_A_PORT}`);
      else if (from !== undefined && to !== undefined && from > to) {
        report([i, side, j], `FromPort ${from} is above ToPort ${to}`);
      }
      break;
    case 'icmp':
      if (!wholeIn(from, -1, 255)) report([i, side, j, 'FromPort'], `${from} ${NOT_ICMP}`);
      if (!wholeIn(to, -1, 255)) report([i, side, j, 'ToPort'], `${to} ${NOT_ICMP}`);
      break;
    case 'none':
      if (!wholeIn(from, -1, 65535)) report([i, side, j, 'FromPort'], `${from} ${NOT_A_PORTLESS}`);
      if (!wholeIn(to, -1, 65535)) report([i, side, j, 'ToPort'], `${to} ${NOT_A_PORTLESS}`);
      break;
  }
  const v4 = rule.IpRanges;
  for (let k = 0; v4 && k < v4.length; k++) {
    const bad = cidrProblem(v4[k]!.CidrIp, 4);
    if (bad) report([i, side, j, 'IpRanges', k, 'CidrIp'], bad);
  }
  const v6 = rule.Ipv6Ranges;
  for (let k = 0; v6 && k < v6.length; k++) {
    const bad = cidrProblem(v6[k]!.CidrIpv6, 6);
    if (bad) report([i, side, j, 'Ipv6Ranges', k, 'CidrIpv6'], bad);
  }
}

function checkNaclEntry(entry: NetworkAclEntry, report: Report, i: number, j: number): void {
  // 32767 and 32768 are the implicit final denies AWS lists for IPv4 and IPv6.
  if (!wholeIn(entry.RuleNumber, 1, 32768)) {
    report(
      [i, 'Entries', j, 'RuleNumber'],
      `${entry.RuleNumber} is not a rule number (a whole number from 1 to 32768)`,
    );
  }
  const protocol = entry.Protocol ?? '';
  if (protocol !== '-1' && !isProtocolNumber(protocol)) {
    report(
      [i, 'Entries', j, 'Protocol'],
      `"${protocol}" is not a protocol number (-1, or 0 to 255 such as 6 for TCP)`,
    );
  }
  const range = entry.PortRange;
  if (range) {
    if (!wholeIn(range.From, 0, 65535))
      report([i, 'Entries', j, 'PortRange', 'From'], `${range.From} ${NOT_A_PORT}`);
    else if (!wholeIn(range.To, 0, 65535))
      report([i, 'Entries', j, 'PortRange', 'To'], `${range.To} ${NOT_A_PORT}`);
    else if (range.From !== undefined && range.To !== undefined && range.From > range.To) {
      report([i, 'Entries', j, 'PortRange'], `From ${range.From} is above To ${range.To}`);
    }
  }
  const v4 = cidrProblem(entry.CidrBlock, 4);
  if (v4) report([i, 'Entries', j, 'CidrBlock'], v4);
  const v6 = cidrProblem(entry.Ipv6CidrBlock, 6);
  if (v6) report([i, 'Entries', j, 'Ipv6CidrBlock'], v6);
}

export type Lists = Required<Snapshot>;
export type ItemOf<L extends keyof Lists> = NonNullable<Lists[L]> extends (infer T)[] ? T : never;
type ItemChecks = { [L in keyof Lists]?: (item: ItemOf<L>, i: number, report: Report) => void };

/*
 * The value checks of each list that has any. Each path is built only once a problem is found: these run
 * for every item of a region's snapshot.
 */
export const ITEM_CHECKS: ItemChecks = {
  vpcs(vpc, i, report) {
    let bad = cidrProblem(vpc.CidrBlock, 4);
    if (bad) report([i, 'CidrBlock'], bad);
    vpc.CidrBlockAssociationSet?.forEach((association, j) => {
      bad = cidrProblem(association.CidrBlock, 4);
      if (bad) report([i, 'CidrBlockAssociationSet', j, 'CidrBlock'], bad);
    });
  },
  subnets(subnet, i, report) {
    const bad = cidrProblem(subnet.CidrBlock, 4);
    if (bad) report([i, 'CidrBlock'], bad);
  },
  routeTables(table, i, report) {
    table.Routes?.forEach((route, j) => {
      let bad = cidrProblem(route.DestinationCidrBlock, 4);
      if (bad) report([i, 'Routes', j, 'DestinationCidrBlock'], bad);
      bad = cidrProblem(route.DestinationIpv6CidrBlock, 6);
      if (bad) report([i, 'Routes', j, 'DestinationIpv6CidrBlock'], bad);
    });
  },
  natGateways(nat, i, report) {
    nat.NatGatewayAddresses?.forEach((address, j) => {
      const bad = addressProblem(address.PublicIp);
      if (bad) report([i, 'NatGatewayAddresses', j, 'PublicIp'], bad);
    });
  },
  addresses(address, i, report) {
    const bad = addressProblem(address.PublicIp);
    if (bad) report([i, 'PublicIp'], bad);
  },
  securityGroups(group, i, report) {
    const ingress = group.IpPermissions ?? [];
    for (let j = 0; j < ingress.length; j++) checkPermission(ingress[j]!, report, i, 'IpPermissions', j);
    const egress = group.IpPermissionsEgress ?? [];
    for (let j = 0; j < egress.length; j++) checkPermission(egress[j]!, report, i, 'IpPermissionsEgress', j);
  },
  networkAcls(acl, i, report) {
    const entries = acl.Entries ?? [];
    for (let j = 0; j < entries.length; j++) checkNaclEntry(entries[j]!, report, i, j);
  },
  networkInterfaces(eni, i, report) {
    const bad = addressProblem(eni.Association?.PublicIp);
    if (bad) report([i, 'Association', 'PublicIp'], bad);
  },
  instances(instance, i, report) {
    const bad = addressProblem(instance.PublicIpAddress);
    if (bad) report([i, 'PublicIpAddress'], bad);
  },
  vpcPeeringConnections(peering, i, report) {
    for (const side of ['AccepterVpcInfo', 'RequesterVpcInfo'] as const) {
      const bad = cidrProblem(peering[side]?.CidrBlock, 4);
      if (bad) report([i, side, 'CidrBlock'], bad);
    }
  },
  managedPrefixLists(list, i, report) {
    list.Entries?.forEach((entry, j) => {
      const bad = cidrProblem(entry.Cidr, undefined);
      if (bad) report([i, 'Entries', j, 'Cidr'], bad);
    });
  },
  transitGatewayRouteTables(table, i, report) {
    table.Routes?.forEach((route, j) => {
      const bad = cidrProblem(route.DestinationCidrBlock, undefined);
      if (bad) report([i, 'Routes', j, 'DestinationCidrBlock'], bad);
    });
  },
  vpnConnections(vpn, i, report) {
    vpn.Routes?.forEach((route, j) => {
      const bad = cidrProblem(route.DestinationCidrBlock, undefined);
      if (bad) report([i, 'Routes', j, 'DestinationCidrBlock'], bad);
    });
  },
};
