import fc from 'fast-check';
import { defaultConfig } from '../../lambda/config/config';
import { evaluate } from '../../lambda/engine/evaluate';
import { InputError } from '../../lambda/errors';
import { RULES } from '../../lambda/rules/registry';
import type { Snapshot } from '../../lambda/snapshot/types';
import { validateSnapshot } from '../../lambda/snapshot/validate';
import { NetworkBuilder } from '../support/network-builder';
import { icmp, nacl, tcp, udp } from '../support/permissions';

/** One VPC with a group open to SSH from the internet (the one SG.1 must fail) and an instance in it. */
function network(): Snapshot {
  const net = new NetworkBuilder();
  const vpc = net.vpc({ id: 'vpc-1', cidr: '10.0.0.0/16', flowLog: true });
  const subnet = net.subnet({ vpc, id: 'subnet-1', cidr: '10.0.1.0/24' });
  const ssh = net.securityGroup({ vpc, id: 'sg-ssh', ingress: [tcp(22).from('0.0.0.0/0')] });
  net.instance({ subnet, id: 'i-1', groups: [ssh], publicIp: '203.0.113.10' });
  return net.snapshot();
}

const sshGroup = (s: Snapshot) => s.securityGroups.find((g) => g.GroupId === 'sg-ssh')!;
const sshIndex = (s: Snapshot) => s.securityGroups.findIndex((g) => g.GroupId === 'sg-ssh');

/** The problem lines of a refused snapshot (without the `file: invalid snapshot` header). */
function problems(snapshot: unknown): string[] {
  try {
    validateSnapshot(snapshot, 'snap.json');
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    const [header, ...lines] = (err as Error).message.split('\n');
    expect(header).toBe('snap.json: invalid snapshot');
    return lines;
  }
  throw new Error('expected the snapshot to be refused');
}

function edited(edit: (s: Snapshot) => void): Snapshot {
  const snapshot = network();
  edit(snapshot);
  return snapshot;
}

describe('ids listed twice', () => {
  it('names both positions, whichever copy is the exposed one', () => {
    const s = network();
    const i = sshIndex(s);
    s.securityGroups.push({ ...sshGroup(s), IpPermissions: [] });
    expect(problems(s)).toEqual([
      `securityGroups[${s.securityGroups.length - 1}].GroupId: sg-ssh is listed twice (also securityGroups[${i}])`,
    ]);
  });

  it.each([
    ['vpcs', (s: Snapshot) => s.vpcs.push({ ...s.vpcs[0]! })],
    ['subnets', (s: Snapshot) => s.subnets.push({ ...s.subnets[0]! })],
    ['instances', (s: Snapshot) => s.instances.push({ ...s.instances[0]! })],
    ['networkInterfaces', (s: Snapshot) => s.networkInterfaces.push({ ...s.networkInterfaces[0]! })],
    ['networkAcls', (s: Snapshot) => s.networkAcls.push({ ...s.networkAcls[0]! })],
    ['routeTables', (s: Snapshot) => s.routeTables.push({ ...s.routeTables[0]! })],
    [
      'managedPrefixLists',
      (s: Snapshot) => (s.managedPrefixLists = [{ PrefixListId: 'pl-1' }, { PrefixListId: 'pl-1' }]),
    ],
  ])('are refused in %s', (list, edit) => {
    expect(problems(edited(edit))).toEqual([
      expect.stringMatching(
        new RegExp(`^${list}\\[\\d+\\]\\.\\w+: .* is listed twice \\(also ${list}\\[0\\]\\)$`),
      ),
    ]);
  });

  it('are allowed where a list has no id: collection errors of one API', () => {
    const s = network();
    const error = { api: 'DescribeFlowLogs', code: 'Throttling', message: 'slow down', vpcId: 'vpc-1' };
    s.errors.push(error, { ...error, vpcId: 'vpc-2' });
    expect(validateSnapshot(s).errors).toHaveLength(2);
  });

  it('are found wherever the copy is (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 30 }), fc.nat(), fc.nat(), (count, a, b) => {
        const [first, second] = [a % count, b % count].sort((x, y) => x - y) as [number, number];
        if (first === second) return;
        const s = network();
        s.flowLogs = Array.from({ length: count }, (_, i) => ({ FlowLogId: `fl-${i}` }));
        s.flowLogs[second] = { FlowLogId: `fl-${first}` };
        expect(problems(s)).toEqual([
          `flowLogs[${second}].FlowLogId: fl-${first} is listed twice (also flowLogs[${first}])`,
        ]);
      }),
    );
  });
});

describe('CIDR blocks and addresses', () => {
  const octet = fc.integer({ min: 0, max: 255 });
  const address = fc.tuple(octet, octet, octet, octet).map((o) => o.join('.'));

  it('accepts every IPv4 block AWS can write (property)', () => {
    fc.assert(
      fc.property(address, fc.integer({ min: 0, max: 32 }), (ip, prefix) => {
        const s = network();
        sshGroup(s).IpPermissions![0]!.IpRanges = [{ CidrIp: `${ip}/${prefix}` }];
        expect(() => validateSnapshot(s)).not.toThrow();
      }),
    );
  });

  it('refuses a prefix over 32 or an octet over 255, naming the field (property)', () => {
    const badOctet = fc
      .tuple(fc.integer({ min: 256, max: 999 }), octet, octet)
      .map((o) => `${o.join('.')}.0/24`);
    const badPrefix = fc.tuple(address, fc.integer({ min: 33, max: 99 })).map(([ip, p]) => `${ip}/${p}`);
    fc.assert(
      fc.property(fc.oneof(badOctet, badPrefix), (cidr) => {
        const s = network();
        sshGroup(s).IpPermissions![0]!.IpRanges = [{ CidrIp: '10.0.0.0/8' }, { CidrIp: cidr }];
        expect(problems(s)).toEqual([
          `securityGroups[${sshIndex(s)}].IpPermissions[0].IpRanges[1].CidrIp: "${cidr}" is not a CIDR block`,
        ]);
      }),
    );
  });

  it.each<[string, (s: Snapshot) => void, string]>([
    ['vpc', (s) => (s.vpcs[0]!.CidrBlock = '10.0.0.0'), 'vpcs[0].CidrBlock: "10.0.0.0" is not a CIDR block'],
    [
      'vpc association',
      (s) => (s.vpcs[0]!.CidrBlockAssociationSet = [{ CidrBlock: '10/8' }]),
      'vpcs[0].CidrBlockAssociationSet[0].CidrBlock: "10/8" is not a CIDR block',
    ],
    [
      'subnet',
      (s) => (s.subnets[0]!.CidrBlock = '2001:db8::/64'),
      'subnets[0].CidrBlock: "2001:db8::/64" is not an IPv4 CIDR block',
    ],
    [
      'route',
      (s) => s.routeTables[0]!.Routes!.push({ DestinationIpv6CidrBlock: '0.0.0.0/0', GatewayId: 'igw-1' }),
      'routeTables[0].Routes[1].DestinationIpv6CidrBlock: "0.0.0.0/0" is not an IPv6 CIDR block',
    ],
    [
      'NACL',
      (s) => (s.networkAcls[0]!.Entries![0]!.Ipv6CidrBlock = '::/129'),
      'networkAcls[0].Entries[0].Ipv6CidrBlock: "::/129" is not a CIDR block',
    ],
    [
      'SG IPv6 source',
      (s) => (sshGroup(s).IpPermissions![0]!.Ipv6Ranges = [{ CidrIpv6: '10.0.0.0/8' }]),
      'IpPermissions[0].Ipv6Ranges[0].CidrIpv6: "10.0.0.0/8" is not an IPv6 CIDR block',
    ],
    [
      'peering',
      (s) =>
        s.vpcPeeringConnections.push({
          VpcPeeringConnectionId: 'pcx-1',
          AccepterVpcInfo: { CidrBlock: 'x' },
        }),
      'vpcPeeringConnections[0].AccepterVpcInfo.CidrBlock: "x" is not a CIDR block',
    ],
    [
      'transit gateway route',
      (s) =>
        (s.transitGatewayRouteTables = [
          { TransitGatewayRouteTableId: 'tgw-rtb-1', Routes: [{ DestinationCidrBlock: '10.0.0.0/99' }] },
        ]),
      'transitGatewayRouteTables[0].Routes[0].DestinationCidrBlock: "10.0.0.0/99" is not a CIDR block',
    ],
    [
      'VPN route',
      (s) => (s.vpnConnections = [{ VpnConnectionId: 'vpn-1', Routes: [{ DestinationCidrBlock: '' }] }]),
      'vpnConnections[0].Routes[0].DestinationCidrBlock: "" is not a CIDR block',
    ],
    [
      'interface address',
      (s) => (s.networkInterfaces[0]!.Association = { PublicIp: '203.0.113.10/32' }),
      'networkInterfaces[0].Association.PublicIp: "203.0.113.10/32" is not an IPv4 address',
    ],
    [
      'NAT gateway address',
      (s) => s.natGateways.push({ NatGatewayId: 'nat-1', NatGatewayAddresses: [{ PublicIp: '1.2.3' }] }),
      'natGateways[0].NatGatewayAddresses[0].PublicIp: "1.2.3" is not an IPv4 address',
    ],
    [
      'Elastic IP',
      (s) => s.addresses.push({ AllocationId: 'eipalloc-1', PublicIp: '01.2.3.4' }),
      'addresses[0].PublicIp: "01.2.3.4" is not an IPv4 address',
    ],
  ])('names a bad %s', (_name, edit, expected) => {
    expect(problems(edited(edit))).toEqual([expect.stringContaining(expected)]);
  });

  it('accepts IPv6 sources, IPv6 routes and either family in a prefix list', () => {
    const s = network();
    sshGroup(s).IpPermissions![0]!.Ipv6Ranges = [{ CidrIpv6: '::/0' }];
    s.routeTables[0]!.Routes!.push({ DestinationIpv6CidrBlock: '2001:db8::/56', GatewayId: 'igw-1' });
    s.managedPrefixLists = [
      { PrefixListId: 'pl-1', Entries: [{ Cidr: '10.0.0.0/8' }, { Cidr: '2001:db8::/32' }] },
    ];
    expect(() => validateSnapshot(s)).not.toThrow();
  });
});

describe('security group ports and protocols', () => {
  const rule = (s: Snapshot) => `securityGroups[${sshIndex(s)}].IpPermissions`;
  const withRule = (permission: object) =>
    edited((s) => {
      sshGroup(s).IpPermissions = [permission];
    });

  it.each([
    ['tcp 0-65535', tcp(0, 65535)],
    ['udp 161', udp(161)],
    ['icmp any', icmp()],
    ['icmp echo', { IpProtocol: 'icmp', FromPort: 8, ToPort: 0 }],
    ['icmpv6 any', { IpProtocol: 'icmpv6', FromPort: -1, ToPort: -1 }],
    ['all traffic, ports left out', { IpProtocol: '-1' }],
    ['all traffic, ports -1', { IpProtocol: '-1', FromPort: -1, ToPort: -1 }],
    ['ESP by number', { IpProtocol: '50' }],
    ['TCP by number', { IpProtocol: '6', FromPort: 443, ToPort: 443 }],
  ])('accepts %s', (_name, permission) => {
    expect(() => validateSnapshot(withRule(permission))).not.toThrow();
  });

  it.each<[string, object, string]>([
    ['tcp to 65536', { IpProtocol: 'tcp', FromPort: 0, ToPort: 65536 }, '[0].ToPort: 65536 is not a port'],
    ['tcp -1', { IpProtocol: 'tcp', FromPort: -1, ToPort: -1 }, '[0].FromPort: -1 is not a port'],
    ['udp 53.5', { IpProtocol: 'udp', FromPort: 53.5, ToPort: 53.5 }, '[0].FromPort: 53.5 is not a port'],
    ['tcp 443-80', { IpProtocol: 'tcp', FromPort: 443, ToPort: 80 }, '[0]: FromPort 443 is above ToPort 80'],
    [
      'icmp code 256',
      { IpProtocol: 'icmp', FromPort: 3, ToPort: 256 },
      '[0].ToPort: 256 is not an ICMP type',
    ],
    [
      'icmp type -2',
      { IpProtocol: 'icmp', FromPort: -2, ToPort: -1 },
      '[0].FromPort: -2 is not an ICMP type',
    ],
    ['protocol http', { IpProtocol: 'http' }, '[0].IpProtocol: "http" is not a protocol'],
    [
      'protocol TCP in capitals',
      { IpProtocol: 'TCP', FromPort: 22, ToPort: 22 },
      '[0].IpProtocol: "TCP" is not a protocol',
    ],
    ['protocol 06', { IpProtocol: '06' }, '[0].IpProtocol: "06" is not a protocol'],
    ['protocol 256', { IpProtocol: '256' }, '[0].IpProtocol: "256" is not a protocol'],
    [
      'protocol constructor',
      { IpProtocol: 'constructor' },
      '[0].IpProtocol: "constructor" is not a protocol',
    ],
  ])('refuses %s', (_name, permission, expected) => {
    const s = withRule(permission);
    expect(problems(s)).toEqual([expect.stringContaining(`${rule(s)}${expected}`)]);
  });

  it('checks egress rules too', () => {
    const s = edited((x) => {
      sshGroup(x).IpPermissionsEgress = [{ IpProtocol: 'tcp', FromPort: 0, ToPort: 99999 }];
    });
    expect(problems(s)).toEqual([
      `securityGroups[${sshIndex(s)}].IpPermissionsEgress[0].ToPort: 99999 is not a port (a whole number from 0 to 65535)`,
    ]);
  });

  it('accepts every TCP range AWS can hold and refuses every reversed one (property)', () => {
    const port = fc.integer({ min: 0, max: 65535 });
    fc.assert(
      fc.property(port, port, (a, b) => {
        const s = withRule({ IpProtocol: 'tcp', FromPort: a, ToPort: b });
        if (a <= b) expect(() => validateSnapshot(s)).not.toThrow();
        else expect(problems(s)).toEqual([`${rule(s)}[0]: FromPort ${a} is above ToPort ${b}`]);
      }),
    );
  });
});

describe('NACL entries', () => {
  const withEntry = (entry: object) =>
    edited((s) => {
      s.networkAcls[0]!.Entries = [entry];
    });
  const allow = { RuleNumber: 100, Egress: false, RuleAction: 'allow', CidrBlock: '0.0.0.0/0' };

  it('accepts entries as AWS writes them', () => {
    expect(() => validateSnapshot(withEntry(nacl.in(100).allow.tcp(22).from('0.0.0.0/0')))).not.toThrow();
    expect(() => validateSnapshot(withEntry({ ...allow, Protocol: '-1' }))).not.toThrow();
    expect(() => validateSnapshot(withEntry({ ...allow, Protocol: '1', IcmpTypeCode: {} }))).not.toThrow();
    expect(() => validateSnapshot(withEntry({ ...allow, RuleNumber: 32767, Protocol: '-1' }))).not.toThrow();
  });

  it.each<[string, object, string]>([
    ['protocol tcp', { Protocol: 'tcp' }, 'Protocol: "tcp" is not a protocol number'],
    ['protocol 300', { Protocol: '300' }, 'Protocol: "300" is not a protocol number'],
    ['port 65536', { Protocol: '6', PortRange: { From: 0, To: 65536 } }, 'PortRange.To: 65536 is not a port'],
    ['port 1.5', { Protocol: '6', PortRange: { From: 1.5, To: 2 } }, 'PortRange.From: 1.5 is not a port'],
    ['range 80-22', { Protocol: '6', PortRange: { From: 80, To: 22 } }, 'PortRange: From 80 is above To 22'],
    ['rule number 0', { Protocol: '-1', RuleNumber: 0 }, 'RuleNumber: 0 is not a rule number'],
  ])('refuses %s', (_name, change, expected) => {
    expect(problems(withEntry({ ...allow, ...change }))).toEqual([
      expect.stringContaining(`networkAcls[0].Entries[0].${expected}`),
    ]);
  });
});

describe('names every object already has', () => {
  it.each(['__proto__', 'constructor', 'prototype'])(
    'refuses %s as an id, as a VPC id and as a key',
    (name) => {
      expect(problems(edited((s) => (sshGroup(s).GroupId = name)))).toEqual([
        expect.stringMatching(
          new RegExp(`^securityGroups\\[\\d\\]\\.GroupId: "${name}" cannot be an id or a key$`),
        ),
      ]);
      expect(problems(edited((s) => (s.instances[0]!.VpcId = name)))).toEqual([
        `instances[0].VpcId: "${name}" cannot be an id or a key`,
      ]);
      const attributes = JSON.parse(`{"${name}": {"EnableDnsSupport": true}}`) as object;
      expect(problems(edited((s) => (s.vpcAttributes = attributes as Snapshot['vpcAttributes'])))).toEqual([
        `vpcAttributes.${name}: "${name}" cannot be an id or a key`,
      ]);
    },
  );

  it('leaves Object.prototype alone', () => {
    problems(
      JSON.parse('{"schemaVersion":1,"vpcs":[{"VpcId":"__proto__"}],"vpcAttributes":{"__proto__":{"x":1}}}'),
    );
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('a version 1 list absent from the file', () => {
  it('makes the rules that need it NOT_EVALUATED and AUDIT.1 name it, never PASSED', () => {
    const { securityGroups: _absent, ...rest } = network();
    const snapshot = validateSnapshot(rest);
    const { results } = evaluate(snapshot, defaultConfig(), RULES);
    const sg1 = results.filter((r) => r.ruleId === 'SG.1');
    expect(sg1.length).toBeGreaterThan(0);
    expect(sg1.every((r) => r.status === 'NOT_EVALUATED')).toBe(true);
    const audit = results.find((r) => r.ruleId === 'AUDIT.1' && r.status === 'FAILED');
    expect(audit?.message).toMatch(
      /^DescribeSecurityGroups failed \(NotCollected: the snapshot file has no securityGroups\); rules not run: .*SG\.1/,
    );
  });

  it('is not the same as an empty list, which lets the rules run', () => {
    const snapshot = validateSnapshot({ ...network(), securityGroups: [] });
    const { results } = evaluate(snapshot, defaultConfig(), RULES);
    expect(results.some((r) => r.status === 'NOT_EVALUATED')).toBe(false);
    expect(results.some((r) => r.ruleId === 'AUDIT.1' && r.status === 'FAILED')).toBe(false);
  });
});
