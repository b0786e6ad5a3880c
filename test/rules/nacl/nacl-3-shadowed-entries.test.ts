import type { NetworkAclEntry } from '@aws-sdk/client-ec2';
import fc from 'fast-check';
import { evaluateNacl, orderedEntries } from '../../../lambda/net/nacl';
import { shadowedEntries } from '../../../lambda/rules/nacl/entry-coverage';
import { naclShadowedEntries as rule } from '../../../lambda/rules/nacl/nacl-3-shadowed-entries';
import { NetworkBuilder } from '../../support/network-builder';
import { nacl } from '../../support/permissions';
import { resultFor, runRule } from '../../support/run-rule';
import { arbitraryEntries, IPV6_IMPLICIT_DENY, oneAcl } from './nacl-fixtures';

const verdict = (...entries: NetworkAclEntry[]) =>
  resultFor(runRule(rule, oneAcl(entries).snapshot), 'acl-test');

const icmp = (ruleNumber: number, type: number, code: number): NetworkAclEntry => ({
  RuleNumber: ruleNumber,
  Egress: false,
  RuleAction: 'allow',
  Protocol: '1',
  CidrBlock: '0.0.0.0/0',
  IcmpTypeCode: { Type: type, Code: code },
});

describe('NACL.3 network ACL entry shadowed by lower-numbered entries', () => {
  it('fails on an allow after a deny of all traffic, naming both entries', () => {
    const result = verdict(
      nacl.in(100).deny.all().from('0.0.0.0/0'),
      nacl.in(200).allow.tcp(22).from('0.0.0.0/0'),
    );
    expect(result.status).toBe('FAILED');
    expect(result.severity).toBe('LOW');
    expect(result.message).toContain(
      'inbound rule 200 allow TCP 22 from 0.0.0.0/0 is shadowed by rule 100 deny all traffic from 0.0.0.0/0',
    );
  });

  it('passes when the deny comes after the allow (both can match)', () => {
    expect(
      verdict(nacl.in(100).allow.tcp(22).from('0.0.0.0/0'), nacl.in(200).deny.all().from('0.0.0.0/0')).status,
    ).toBe('PASSED');
  });

  it('finds shadowing by the union of several port ranges and names every contributing entry', () => {
    const result = verdict(
      nacl.in(100).allow.tcp(0, 1000).from('0.0.0.0/0'),
      nacl.in(105).allow.udp(0, 65535).from('0.0.0.0/0'),
      nacl.in(110).allow.tcp(1001, 65535).from('0.0.0.0/0'),
      nacl.in(120).deny.tcp(80, 2000).from('0.0.0.0/0'),
    );
    expect(result.message).toBe(
      'acl-test has 1 shadowed entry: inbound rule 120 deny TCP 80-2000 from 0.0.0.0/0 is shadowed by ' +
        'rule 100 allow TCP 0-1000 from 0.0.0.0/0, rule 110 allow TCP 1001-65535 from 0.0.0.0/0',
    );
  });

  it('does not report a range only partly covered', () => {
    expect(
      verdict(
        nacl.in(100).allow.tcp(0, 1000).from('0.0.0.0/0'),
        nacl.in(120).deny.tcp(80, 2000).from('0.0.0.0/0'),
      ).status,
    ).toBe('PASSED');
  });

  it('needs the lower CIDR to contain the entry CIDR', () => {
    expect(
      verdict(nacl.in(100).allow.all().from('10.0.0.0/8'), nacl.in(200).deny.tcp(22).from('10.1.0.0/16'))
        .status,
    ).toBe('FAILED');
    expect(
      verdict(nacl.in(100).allow.all().from('10.1.0.0/16'), nacl.in(200).deny.tcp(22).from('10.0.0.0/8'))
        .status,
    ).toBe('PASSED');
  });

  it('needs the same or a broader protocol: TCP vs UDP, and -1 is not covered by TCP', () => {
    expect(
      verdict(nacl.in(100).deny.udp(22).from('0.0.0.0/0'), nacl.in(200).allow.tcp(22).from('0.0.0.0/0'))
        .status,
    ).toBe('PASSED');
    expect(
      verdict(nacl.in(100).deny.tcp(0, 65535).from('0.0.0.0/0'), nacl.in(200).allow.all().from('0.0.0.0/0'))
        .status,
    ).toBe('PASSED');
  });

  it('handles IPv6: ::/0 shadows an IPv6 entry, 0.0.0.0/0 does not', () => {
    const v6 = verdict(
      nacl.in(100).deny.all().from('::/0'),
      nacl.in(200).allow.tcp(443).from('2001:db8::/32'),
    );
    expect(v6.message).toContain(
      'rule 200 allow TCP 443 from 2001:db8::/32 is shadowed by rule 100 deny all traffic from ::/0',
    );
    expect(
      verdict(nacl.in(100).deny.all().from('0.0.0.0/0'), nacl.in(200).allow.tcp(443).from('::/0')).status,
    ).toBe('PASSED');
  });

  it('keeps directions apart', () => {
    expect(
      verdict(nacl.in(100).deny.all().from('0.0.0.0/0'), nacl.out(200).allow.all().to('0.0.0.0/0')).status,
    ).toBe('PASSED');
    expect(
      verdict(nacl.out(100).deny.all().to('0.0.0.0/0'), nacl.out(200).allow.tcp(443).to('0.0.0.0/0')).message,
    ).toContain('outbound rule 200 allow TCP 443 to 0.0.0.0/0 is shadowed by rule 100');
  });

  it('compares ICMP types and codes', () => {
    expect(verdict(icmp(100, -1, -1), icmp(200, 8, 0)).status).toBe('FAILED');
    expect(verdict(icmp(100, 3, -1), icmp(200, 3, 4)).status).toBe('FAILED');
    expect(verdict(icmp(100, 8, 0), icmp(200, 0, -1)).status).toBe('PASSED');
  });

  it('lists every shadowed entry in one outcome per ACL', () => {
    const results = runRule(
      rule,
      oneAcl([
        nacl.in(100).deny.all().from('0.0.0.0/0'),
        nacl.in(200).allow.tcp(22).from('0.0.0.0/0'),
        nacl.in(300).allow.udp(53).from('0.0.0.0/0'),
      ]).snapshot,
    );
    expect(results).toHaveLength(1);
    expect(results[0]?.message).toMatch(/^acl-test has 2 shadowed entries: .*rule 200.*; .*rule 300/);
  });

  it('never reports the implicit final entry of the default ACL', () => {
    const net = new NetworkBuilder();
    net.vpc();
    expect(runRule(rule, net.snapshot()).map((r) => r.status)).toEqual(['PASSED']);
  });

  it('never reports the IPv6 catch-all (32768) of an ACL that allows all IPv6 traffic first', () => {
    const result = verdict(
      nacl.in(100).allow.all().from('0.0.0.0/0'),
      nacl.in(101).allow.all().from('::/0'),
      nacl.out(100).allow.all().to('0.0.0.0/0'),
      nacl.out(101).allow.all().to('::/0'),
      ...IPV6_IMPLICIT_DENY,
    );
    expect(result.status).toBe('PASSED');
  });

  it('is NOT_EVALUATED when network ACLs could not be collected', () => {
    const net = new NetworkBuilder();
    net.error({ api: 'DescribeNetworkAcls', code: 'AccessDenied', message: 'denied' });
    expect(runRule(rule, net.snapshot()).map((r) => r.status)).toEqual(['NOT_EVALUATED']);
  });

  describe('properties', () => {
    const queries = [4, 6].flatMap((ipVersion) =>
      [true, false].flatMap((egress) =>
        (['tcp', 'udp', 'icmp', 'all'] as const).map((protocol) => ({
          egress,
          protocol,
          ipVersion: ipVersion as 4 | 6,
        })),
      ),
    );

    it('never reports the implicit entries 32767 and 32768', () => {
      fc.assert(
        fc.property(arbitraryEntries(), (entries) => {
          const { acl } = oneAcl([...entries, ...IPV6_IMPLICIT_DENY]);
          for (const egress of [false, true]) {
            for (const s of shadowedEntries(orderedEntries(acl, egress)))
              expect(s.entry.RuleNumber).toBeLessThan(32767);
          }
        }),
      );
    });

    it('removing the shadowed entries never changes what the ACL allows', () => {
      fc.assert(
        fc.property(arbitraryEntries(), (entries) => {
          const { acl } = oneAcl(entries);
          const shadowed = new Set(
            [false, true].flatMap((egress) =>
              shadowedEntries(orderedEntries(acl, egress)).map((s) => s.entry),
            ),
          );
          const pruned = { ...acl, Entries: (acl.Entries ?? []).filter((e) => !shadowed.has(e)) };
          for (const query of queries) {
            expect(evaluateNacl(pruned, query).allowed.toString()).toBe(
              evaluateNacl(acl, query).allowed.toString(),
            );
          }
        }),
      );
    });
  });
});
