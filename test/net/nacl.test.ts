import type { NetworkAcl, NetworkAclEntry } from '@aws-sdk/client-ec2';
import fc from 'fast-check';
import {
  decisionFor,
  describeEntry,
  entryPorts,
  evaluateNacl,
  orderedEntries,
  type NaclQuery,
} from '../../lambda/net/nacl';
import { PortSet } from '../../lambda/net/ports';
import { nacl } from '../support/permissions';

const IMPLICIT_DENY: NetworkAclEntry[] = [
  { RuleNumber: 32767, Egress: false, Protocol: '-1', RuleAction: 'deny', CidrBlock: '0.0.0.0/0' },
  { RuleNumber: 32767, Egress: true, Protocol: '-1', RuleAction: 'deny', CidrBlock: '0.0.0.0/0' },
];
const acl = (...entries: NetworkAclEntry[]): NetworkAcl => ({
  NetworkAclId: 'acl-1',
  VpcId: 'vpc-1',
  Entries: [...entries, ...IMPLICIT_DENY],
});
const tcpIn: NaclQuery = { egress: false, protocol: 'tcp', ipVersion: 4 };

describe('evaluateNacl', () => {
  it('first match wins: a deny before an allow blocks the port', () => {
    const verdict = evaluateNacl(
      acl(nacl.in(100).deny.tcp(22).from('0.0.0.0/0'), nacl.in(200).allow.all().from('0.0.0.0/0')),
      tcpIn,
    );
    expect(verdict.allowed.has(22)).toBe(false);
    expect(verdict.allowed.has(80)).toBe(true);
    expect(verdict.allowed.equals(PortSet.ALL.subtract(PortSet.range(22)))).toBe(true);
    expect(decisionFor(verdict, 22)).toMatchObject({ action: 'deny', entry: { RuleNumber: 100 } });
    expect(decisionFor(verdict, 80)).toMatchObject({ action: 'allow', entry: { RuleNumber: 200 } });
  });

  it('first match wins: a deny after an allow changes nothing for the allowed ports', () => {
    const verdict = evaluateNacl(
      acl(nacl.in(100).allow.tcp(22).from('0.0.0.0/0'), nacl.in(200).deny.tcp(0, 1024).from('0.0.0.0/0')),
      tcpIn,
    );
    expect(verdict.allowed.toString()).toBe('22');
    expect(decisionFor(verdict, 22)?.entry.RuleNumber).toBe(100);
    expect(decisionFor(verdict, 23)).toMatchObject({ action: 'deny', entry: { RuleNumber: 200 } });
    expect(decisionFor(verdict, 23)?.ports.toString()).toBe('0-21, 23-1024');
  });

  it('orders by rule number, not by position in the Entries array', () => {
    const verdict = evaluateNacl(
      {
        NetworkAclId: 'acl-1',
        Entries: [
          IMPLICIT_DENY[0]!,
          nacl.in(200).allow.all().from('0.0.0.0/0'),
          nacl.in(50).deny.tcp(3389).from('0.0.0.0/0'),
        ],
      },
      tcpIn,
    );
    expect(verdict.allowed.has(3389)).toBe(false);
    expect(verdict.allowed.has(22)).toBe(true);
    expect(verdict.decisions.map((d) => d.entry.RuleNumber)).toEqual([50, 200]);
  });

  it('keeps ingress and egress apart', () => {
    const a = acl(nacl.out(100).allow.all().to('0.0.0.0/0'));
    expect(evaluateNacl(a, tcpIn).allowed.isEmpty()).toBe(true);
    expect(evaluateNacl(a, { ...tcpIn, egress: true }).allowed.isAll()).toBe(true);
  });

  it('matches IPv6 queries only with IPv6 entries, and IPv4 only with IPv4', () => {
    const a = acl(nacl.in(100).allow.tcp(443).from('::/0'), nacl.in(110).allow.tcp(80).from('0.0.0.0/0'));
    expect(evaluateNacl(a, { ...tcpIn, ipVersion: 6 }).allowed.toString()).toBe('443');
    expect(evaluateNacl(a, tcpIn).allowed.toString()).toBe('80');
  });

  it('protocol -1 matches TCP and UDP; a TCP entry does not match UDP', () => {
    const a = acl(nacl.in(100).allow.tcp(53).from('0.0.0.0/0'), nacl.in(200).deny.all().from('0.0.0.0/0'));
    expect(evaluateNacl(a, tcpIn).allowed.toString()).toBe('53');
    const udp = evaluateNacl(a, { ...tcpIn, protocol: 'udp' });
    expect(udp.allowed.isEmpty()).toBe(true);
    expect(decisionFor(udp, 53)?.entry.RuleNumber).toBe(200);
    const allowAll = acl(nacl.in(100).allow.all().from('0.0.0.0/0'));
    expect(evaluateNacl(allowAll, { ...tcpIn, protocol: 'udp' }).allowed.isAll()).toBe(true);
    expect(evaluateNacl(allowAll, { ...tcpIn, protocol: 'icmp' }).allowed.isAll()).toBe(true);
  });

  it('a UDP entry decides UDP ports only', () => {
    const a = acl(nacl.in(100).allow.udp(161).from('0.0.0.0/0'));
    expect(evaluateNacl(a, { ...tcpIn, protocol: 'udp' }).allowed.toString()).toBe('161');
    expect(evaluateNacl(a, tcpIn).allowed.isEmpty()).toBe(true);
  });

  it('an entry for a narrower CIDR does not decide for an arbitrary internet host', () => {
    const a = acl(
      nacl.in(100).deny.all().from('203.0.113.0/24'),
      nacl.in(110).allow.tcp(22).from('10.0.0.0/8'),
      nacl.in(120).allow.tcp(443).from('0.0.0.0/0'),
    );
    const verdict = evaluateNacl(a, tcpIn);
    expect(verdict.allowed.toString()).toBe('443');
    expect(verdict.decisions.map((d) => d.entry.RuleNumber)).toEqual([120, 32767]);
  });

  it('applies the implicit deny when nothing matches, listed or not', () => {
    const listed = evaluateNacl(acl(), tcpIn);
    expect(listed.allowed.isEmpty()).toBe(true);
    expect(decisionFor(listed, 22)?.entry.RuleNumber).toBe(32767);
    const unlisted = evaluateNacl({ NetworkAclId: 'acl-x', Entries: [] }, tcpIn);
    expect(unlisted.allowed.isEmpty()).toBe(true);
    expect(unlisted.decisions).toEqual([]);
    expect(decisionFor(unlisted, 22)).toBeUndefined();
    expect(evaluateNacl({ NetworkAclId: 'acl-y' }, tcpIn).allowed.isEmpty()).toBe(true);
  });

  it('records each decision with only the ports still undecided when it was reached', () => {
    const verdict = evaluateNacl(
      acl(
        nacl.in(100).allow.tcp(1024, 65535).from('0.0.0.0/0'),
        nacl.in(200).deny.tcp(0, 2000).from('0.0.0.0/0'),
      ),
      tcpIn,
    );
    expect(verdict.decisions.map((d) => [d.entry.RuleNumber, d.action, d.ports.toString()])).toEqual([
      [100, 'allow', '1024-65535'],
      [200, 'deny', '0-1023'],
    ]);
  });

  describe('property: a deny entry never enlarges what is allowed', () => {
    const entryArb = fc
      .record({
        rule: fc.integer({ min: 1, max: 32766 }),
        allow: fc.boolean(),
        protocol: fc.constantFrom('6', '17', '-1'),
        from: fc.integer({ min: 0, max: 200 }),
        span: fc.integer({ min: 0, max: 100 }),
        cidr: fc.constantFrom('0.0.0.0/0', '::/0', '10.0.0.0/8'),
        egress: fc.boolean(),
      })
      .map((e): NetworkAclEntry => ({
        RuleNumber: e.rule,
        Egress: e.egress,
        Protocol: e.protocol,
        RuleAction: e.allow ? 'allow' : 'deny',
        ...(e.cidr.includes(':') ? { Ipv6CidrBlock: e.cidr } : { CidrBlock: e.cidr }),
        ...(e.protocol === '-1' ? {} : { PortRange: { From: e.from, To: e.from + e.span } }),
      }));
    const queryArb = fc.record({
      egress: fc.boolean(),
      protocol: fc.constantFrom('tcp' as const, 'udp' as const),
      ipVersion: fc.constantFrom(4 as const, 6 as const),
    });

    it('holds wherever the deny lands in rule order', () => {
      fc.assert(
        fc.property(fc.array(entryArb, { maxLength: 8 }), entryArb, queryArb, (entries, extra, query) => {
          // Rule numbers are unique per direction in AWS.
          const seen = new Set<string>();
          const unique = [...entries, extra].filter((e) => {
            const key = `${e.Egress}:${e.RuleNumber}`;
            if (seen.has(key)) return false;
            seen.add(key);
            return true;
          });
          if (unique[unique.length - 1] !== extra) return;
          const deny = { ...extra, RuleAction: 'deny' as const };
          const before = evaluateNacl(acl(...unique.slice(0, -1)), query).allowed;
          const after = evaluateNacl(acl(...unique.slice(0, -1), deny), query).allowed;
          expect(after.subtract(before).isEmpty()).toBe(true);
        }),
      );
    });

    it('decisions are disjoint, allowed is their allow part, and what no entry decided stays denied', () => {
      fc.assert(
        fc.property(fc.array(entryArb, { maxLength: 8 }), queryArb, (entries, query) => {
          const verdict = evaluateNacl(acl(...entries), query);
          let decided = PortSet.EMPTY;
          let allowed = PortSet.EMPTY;
          for (const d of verdict.decisions) {
            expect(decided.intersect(d.ports).isEmpty()).toBe(true);
            decided = decided.union(d.ports);
            if (d.action === 'allow') allowed = allowed.union(d.ports);
          }
          expect(verdict.allowed.equals(allowed)).toBe(true);
          // IPv4 has a listed `*` deny here, so every port is decided; IPv6 has none listed.
          if (query.ipVersion === 4) expect(decided.isAll()).toBe(true);
        }),
      );
    });
  });
});

describe('NACL helpers', () => {
  it('orderedEntries filters one direction and sorts by rule number', () => {
    const a = acl(nacl.in(300).allow.all().from('0.0.0.0/0'), nacl.in(100).deny.tcp(22).from('0.0.0.0/0'));
    expect(orderedEntries(a, false).map((e) => e.RuleNumber)).toEqual([100, 300, 32767]);
    expect(orderedEntries(a, true).map((e) => e.RuleNumber)).toEqual([32767]);
  });

  it('entryPorts: the port range for TCP/UDP, all ports otherwise', () => {
    expect(entryPorts(nacl.in(1).allow.tcp(80, 81).from('0.0.0.0/0')).toString()).toBe('80-81');
    expect(entryPorts(nacl.in(1).allow.all().from('0.0.0.0/0')).isAll()).toBe(true);
    expect(entryPorts({ RuleNumber: 1, Protocol: '6' }).isAll()).toBe(true);
  });

  it('describeEntry names the rule, action, protocol, ports and CIDR', () => {
    expect(describeEntry(nacl.in(100).allow.tcp(22).from('0.0.0.0/0'))).toBe(
      'rule 100 allow TCP 22 from 0.0.0.0/0',
    );
    expect(describeEntry(nacl.out(120).deny.all().to('::/0'))).toBe('rule 120 deny all traffic to ::/0');
    expect(describeEntry(IMPLICIT_DENY[0]!)).toBe('rule * (32767) deny all traffic from 0.0.0.0/0');
  });
});
