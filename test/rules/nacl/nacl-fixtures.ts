import type { NetworkAclEntry } from '@aws-sdk/client-ec2';
import fc from 'fast-check';
import { NetworkBuilder } from '../../support/network-builder';

/** A snapshot holding one VPC (no defaults) and one network ACL `acl-test` with the given entries. */
export function oneAcl(entries: NetworkAclEntry[], o: { isDefault?: boolean } = {}) {
  const net = new NetworkBuilder();
  const vpc = net.vpc({ bare: true });
  const acl = net.networkAcl({ vpc, id: 'acl-test', entries, isDefault: o.isDefault ?? false });
  return { net, vpc, acl, snapshot: net.snapshot() };
}

const CIDRS = ['0.0.0.0/0', '::/0', '10.0.0.0/8', '10.1.0.0/16', '2001:db8::/32', '203.0.113.0/24'];

/** Arbitrary NACL entries (either direction, any protocol, IPv4 or IPv6) with distinct rule numbers. */
export const arbitraryEntries = (from = 2) =>
  fc
    .uniqueArray(
      fc.record({
        RuleNumber: fc.integer({ min: from, max: 32766 }),
        Egress: fc.boolean(),
        RuleAction: fc.constantFrom('allow' as const, 'deny' as const),
        Protocol: fc.constantFrom('6', '17', '-1', '1'),
        cidr: fc.constantFrom(...CIDRS),
        ports: fc.tuple(fc.integer({ min: 0, max: 65535 }), fc.integer({ min: 0, max: 65535 })),
        icmpType: fc.integer({ min: -1, max: 3 }),
      }),
      { maxLength: 8, selector: (e) => `${e.Egress}/${e.RuleNumber}` },
    )
    .map((raw) =>
      raw.map(({ cidr, ports, icmpType, ...rest }): NetworkAclEntry => {
        const [a, b] = ports;
        return {
          ...rest,
          ...(cidr.includes(':') ? { Ipv6CidrBlock: cidr } : { CidrBlock: cidr }),
          ...(rest.Protocol === '6' || rest.Protocol === '17'
            ? { PortRange: { From: Math.min(a, b), To: Math.max(a, b) } }
            : {}),
          ...(rest.Protocol === '1' ? { IcmpTypeCode: { Type: icmpType, Code: -1 } } : {}),
        };
      }),
    );

/** The IPv6 catch-all denies AWS lists (rule 32768, `::/0`) in an ACL of a VPC with an IPv6 block. */
export const IPV6_IMPLICIT_DENY: NetworkAclEntry[] = [false, true].map((Egress) => ({
  RuleNumber: 32768,
  Egress,
  Protocol: '-1',
  RuleAction: 'deny',
  Ipv6CidrBlock: '::/0',
}));
