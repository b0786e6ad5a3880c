import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Snapshot } from '../../lambda/snapshot/types';
import { runCli } from '../support/cli';
import { NetworkBuilder } from '../support/network-builder';
import { all, icmp, tcp } from '../support/permissions';

/*
 * Every bad input docs/reliability.md lists is run here through the CLI, and the table the runs give must
 * be the one in the document: the exit codes and messages it shows are what NetAudit does.
 */

const DOC = join(__dirname, '..', '..', 'docs', 'reliability.md');
const DEMO = join(__dirname, '..', '..', 'examples', 'demo.json');
const dir = mkdtempSync(join(tmpdir(), 'netaudit-reliability-'));

function write(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return path;
}

/** A small account: one VPC with a public subnet, a group open to SSH from the internet and its instance. */
function network(): Snapshot {
  const net = new NetworkBuilder();
  const vpc = net.vpc({ id: 'vpc-1', cidr: '10.0.0.0/16', flowLog: true });
  const subnet = net.subnet({ vpc, id: 'subnet-1', cidr: '10.0.1.0/24' });
  const ssh = net.securityGroup({ vpc, id: 'sg-ssh', ingress: [tcp(22).from('0.0.0.0/0')] });
  net.instance({ subnet, id: 'i-1', groups: [ssh], publicIp: '203.0.113.10' });
  return net.snapshot();
}

/** `scan --snapshot` of the small account after `edit`. */
function scanEdited(name: string, edit: (s: Snapshot) => void, ...flags: string[]): () => string[] {
  return () => {
    const snapshot = network();
    edit(snapshot);
    return ['scan', '--snapshot', write(name, snapshot), ...flags];
  };
}

const groupOf = (s: Snapshot, id: string) => s.securityGroups.find((g) => g.GroupId === id)!;
const sshRule = (s: Snapshot) => groupOf(s, 'sg-ssh').IpPermissions![0]!;
const firstAcl = (s: Snapshot) => s.networkAcls[0]!;

/** `scan --snapshot examples/demo.json --config` with this config. */
function scanWithConfig(name: string, config: unknown): () => string[] {
  return () => ['scan', '--snapshot', DEMO, '--config', write(name, config)];
}

interface Case {
  input: string;
  args: () => string[];
}

const SNAPSHOT_CASES: Case[] = [
  {
    input: 'a security group listed twice, the second copy closed (the last copy used to win)',
    args: scanEdited('duplicate.json', (s) => {
      s.securityGroups.push({ ...groupOf(s, 'sg-ssh'), IpPermissions: [] });
    }),
  },
  {
    input: 'an interface listed twice',
    args: scanEdited('duplicate-eni.json', (s) => {
      s.networkInterfaces.push({ ...s.networkInterfaces[0]! });
    }),
  },
  {
    input: 'a security group source `999.1.1.1/40`',
    args: scanEdited('bad-cidr.json', (s) => {
      sshRule(s).IpRanges![0]!.CidrIp = '999.1.1.1/40';
    }),
  },
  {
    input: 'an IPv6 block in an IPv4 field (`CidrIp: "::/0"`)',
    args: scanEdited('v6-in-v4.json', (s) => {
      sshRule(s).IpRanges![0]!.CidrIp = '::/0';
    }),
  },
  {
    input: 'a source without its prefix length (`0.0.0.0`)',
    args: scanEdited('no-prefix.json', (s) => {
      sshRule(s).IpRanges![0]!.CidrIp = '0.0.0.0';
    }),
  },
  {
    input: 'a NACL entry for `10.0.0.256/24`',
    args: scanEdited('bad-nacl-cidr.json', (s) => {
      firstAcl(s).Entries![0]!.CidrBlock = '10.0.0.256/24';
    }),
  },
  {
    input: 'a route to `0.0.0.0/33`',
    args: scanEdited('bad-route.json', (s) => {
      s.routeTables[0]!.Routes![0]!.DestinationCidrBlock = '0.0.0.0/33';
    }),
  },
  {
    input: 'a VPC CIDR written in octal (`010.0.0.0/16`)',
    args: scanEdited('octal.json', (s) => {
      s.vpcs[0]!.CidrBlock = '010.0.0.0/16';
    }),
  },
  {
    input: 'an instance public address `203.0.113.300`',
    args: scanEdited('bad-address.json', (s) => {
      s.instances[0]!.PublicIpAddress = '203.0.113.300';
    }),
  },
  {
    input: 'a prefix list entry that is not a CIDR block',
    args: scanEdited('bad-prefix-list.json', (s) => {
      s.managedPrefixLists = [{ PrefixListId: 'pl-1', Entries: [{ Cidr: 'office' }] }];
    }),
  },
  {
    input: 'a TCP port 70000',
    args: scanEdited('port-70000.json', (s) => {
      sshRule(s).ToPort = 70000;
    }),
  },
  {
    input: 'a fractional port (22.5)',
    args: scanEdited('port-fraction.json', (s) => {
      sshRule(s).FromPort = 22.5;
    }),
  },
  {
    input: 'a TCP rule with FromPort -1',
    args: scanEdited('port-minus-one.json', (s) => {
      sshRule(s).FromPort = -1;
    }),
  },
  {
    input: 'a TCP range that ends before it starts (443-80)',
    args: scanEdited('port-reversed.json', (s) => {
      Object.assign(sshRule(s), { FromPort: 443, ToPort: 80 });
    }),
  },
  {
    input: 'an ICMP type 300',
    args: scanEdited('icmp-300.json', (s) => {
      groupOf(s, 'sg-ssh').IpPermissions!.push({ ...icmp().from('0.0.0.0/0'), FromPort: 300 });
    }),
  },
  {
    input: 'a security group protocol `http`',
    args: scanEdited('protocol-http.json', (s) => {
      sshRule(s).IpProtocol = 'http';
    }),
  },
  {
    input: 'a security group protocol number 256',
    args: scanEdited('protocol-256.json', (s) => {
      groupOf(s, 'sg-ssh').IpPermissions!.push({ ...all(), IpProtocol: '256' });
    }),
  },
  {
    input: 'a NACL protocol written as a name (`tcp`)',
    args: scanEdited('nacl-protocol-name.json', (s) => {
      firstAcl(s).Entries![0]!.Protocol = 'tcp';
    }),
  },
  {
    input: 'a NACL port range to 65536',
    args: scanEdited('nacl-port.json', (s) => {
      Object.assign(firstAcl(s).Entries![0]!, { Protocol: '6', PortRange: { From: 0, To: 65536 } });
    }),
  },
  {
    input: 'a NACL rule number 40000',
    args: scanEdited('nacl-rule-number.json', (s) => {
      firstAcl(s).Entries![0]!.RuleNumber = 40000;
    }),
  },
  {
    input: 'a wrong type (`FromPort: "22"`)',
    args: scanEdited('wrong-type.json', (s) => {
      (sshRule(s) as Record<string, unknown>).FromPort = '22';
    }),
  },
  {
    input: 'a security group id `__proto__`',
    args: scanEdited('proto-id.json', (s) => {
      groupOf(s, 'sg-ssh').GroupId = '__proto__';
    }),
  },
  {
    input: 'a subnet in VPC `constructor`',
    args: scanEdited('constructor-vpc.json', (s) => {
      s.subnets[0]!.VpcId = 'constructor';
    }),
  },
  {
    input: 'a `vpcAttributes` key `__proto__`',
    args: () =>
      [
        'scan',
        '--snapshot',
        write(
          'proto-attributes.json',
          JSON.stringify(network()).replace('"vpcAttributes":{', '"vpcAttributes":{"__proto__":{},'),
        ),
      ] as string[],
  },
  {
    input: 'a file with the header only, `--fail-on INFORMATIONAL` (every list absent: not collected)',
    args: () => {
      const { schemaVersion, accountId, region, collectedAt } = network();
      const header = write('header-only.json', { schemaVersion, accountId, region, collectedAt });
      return ['scan', '--snapshot', header, '--fail-on', 'INFORMATIONAL'];
    },
  },
  {
    input: '`snapshot import` of a folder whose VPC attribute file names VPC `__proto__`',
    args: () => {
      const dump = join(dir, 'dump');
      mkdirSync(dump, { recursive: true });
      writeFileSync(join(dump, 'describe-vpcs.json'), JSON.stringify({ Vpcs: [{ VpcId: '__proto__' }] }));
      writeFileSync(
        join(dump, 'describe-vpc-attribute-proto-enableDnsSupport.json'),
        JSON.stringify({ VpcId: '__proto__', EnableDnsSupport: { Value: true } }),
      );
      const flags = ['--region', 'eu-west-1', '--account', '123456789012'];
      return ['snapshot', 'import', dump, '--out', join(dir, 'imported.json'), ...flags];
    },
  },
];

const CONFIG_CASES: Case[] = [
  {
    input: 'a severity override for `__proto__` (was dropped without a word)',
    args: () => [
      'scan',
      '--snapshot',
      DEMO,
      '--config',
      write('proto-override.json', '{"severityOverrides": {"__proto__": "LOW"}}'),
    ],
  },
  {
    input: 'prices for region `__proto__` (became every region’s prices)',
    args: () => [
      'scan',
      '--snapshot',
      DEMO,
      '--config',
      write('proto-region.json', '{"costs": {"regions": {"__proto__": {"natGatewayHourly": 9}}}}'),
    ],
  },
  {
    input: 'prices for region `constructor`',
    args: scanWithConfig('constructor-region.json', {
      costs: { regions: { constructor: { natGatewayHourly: 9 } } },
    }),
  },
  { input: 'an admin port 70000', args: scanWithConfig('port-70000.json', { adminPorts: [70000] }) },
  { input: 'an admin port 22.5', args: scanWithConfig('port-fraction.json', { adminPorts: [22.5] }) },
  { input: 'a port `"sctp:22"`', args: scanWithConfig('port-sctp.json', { highRiskPorts: ['sctp:22'] }) },
  { input: 'a port `true`', args: scanWithConfig('port-true.json', { authorizedPorts: [true] }) },
  {
    input: 'an on-premises network `999.1.1.1/40`',
    args: scanWithConfig('bad-onprem.json', { onPremisesCidrs: ['999.1.1.1/40'] }),
  },
  { input: 'a misspelt key', args: scanWithConfig('typo.json', { disabledRule: ['RT.8'] }) },
  { input: 'an unknown rule id', args: scanWithConfig('unknown-rule.json', { disabledRules: ['SG.99'] }) },
  {
    input: 'a wrong type (`refreshAgeDays: "7"`)',
    args: scanWithConfig('wrong-type.json', { refreshAgeDays: '7' }),
  },
];

/** One table row: the input, the exit code and what the CLI printed on stderr, as a reader sees it. */
async function row({ input, args }: Case): Promise<string> {
  const run = await runCli(...args());
  // The list of known rule ids grows with the catalogue: the table shows where it goes, not its content.
  const message = run.stderr
    .replace(/\(known: [^)]*\)/, '(known: ...)')
    .trim()
    .split(`${dir}/`)
    .join('')
    .split('\n')
    .join('<br>')
    .replace(/\|/g, '\\|');
  return `| ${input} | ${run.code} | \`${message}\` |`;
}

async function table(cases: readonly Case[]): Promise<string> {
  const rows: string[] = [];
  for (const c of cases) rows.push(await row(c));
  const text = ['| input | exit | message |', '| --- | --- | --- |', ...rows].join('\n');
  // NETAUDIT_PRINT_TABLES=1 prints the tables, to paste into the document after a deliberate change.
  if (process.env.NETAUDIT_PRINT_TABLES) console.log(text);
  return text;
}

/** The table between `<!-- name -->` and `<!-- /name -->` in the document. */
function documented(name: string): string {
  const doc = readFileSync(DOC, 'utf8');
  const start = doc.indexOf(`<!-- ${name} -->`);
  const end = doc.indexOf(`<!-- /${name} -->`);
  expect(start).toBeGreaterThan(-1);
  expect(end).toBeGreaterThan(start);
  return doc.slice(start + `<!-- ${name} -->`.length, end).trim();
}

/** A markdown table's cells, so prettier's column padding does not count. */
function cells(table: string): string[][] {
  return table.split('\n').map((line) =>
    line
      .trim()
      .slice(1, -1)
      .split(/(?<!\\)\|/)
      .map((cell) => cell.trim().replace(/^-+$/, '---')),
  );
}

describe('docs/reliability.md', () => {
  it('lists every bad snapshot tried with the exit code and message the CLI gives', async () => {
    expect(cells(documented('snapshot-cases'))).toEqual(cells(await table(SNAPSHOT_CASES)));
  });

  it('lists every bad config tried with the exit code and message the CLI gives', async () => {
    expect(cells(documented('config-cases'))).toEqual(cells(await table(CONFIG_CASES)));
  });

  it('leaves Object.prototype as it was', () => {
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(({} as Record<string, unknown>).EnableDnsSupport).toBeUndefined();
  });
});
