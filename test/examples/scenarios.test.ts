import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { exampleFiles } from '../../scripts/build-examples';
import { loadConfigFile } from '../../lambda/config/config';
import { evaluate } from '../../lambda/engine/evaluate';
import { RULE_IDS, RULES } from '../../lambda/rules/registry';
import type { Snapshot } from '../../lambda/snapshot/types';
import { runCli } from '../support/cli';
import { NetworkBuilder } from '../support/network-builder';
import {
  buildScenario,
  buildSnapshots,
  MULTI_SNAPSHOT_SCENARIOS,
  OFFICE,
  SCENARIOS,
} from '../support/scenarios';

/**
 * The incident scenarios: each must give exactly its expected findings (what must fail, and that nothing
 * else does) under the examples' config, and `explain` must name the broken hop. The answers that need
 * the transit gateway, VPN and partition hops are in hybrid-explain.test.ts.
 */
const examples = join(__dirname, '..', '..', 'examples');
const configFile = join(examples, 'netaudit.config.json');
const config = loadConfigFile(configFile, RULE_IDS);

const defaultNaclOf = (s: Snapshot, vpcId: string) =>
  s.networkAcls.find((a) => a.VpcId === vpcId && a.IsDefault)!.NetworkAclId!;
const tableOf = (s: Snapshot, subnetId: string) =>
  s.routeTables.find((t) => t.Associations?.some((a) => a.SubnetId === subnetId))!.RouteTableId!;
const eniOf = (s: Snapshot, instanceId: string) =>
  s.networkInterfaces.find((e) => e.Attachment?.InstanceId === instanceId)!.NetworkInterfaceId!;

const EXPECTED: Record<string, (s: Snapshot) => string[]> = {
  '1-ssh-wrong-source': (s) => [`NACL.1 ${defaultNaclOf(s, 'vpc-ssh')} MEDIUM`],
  '2-no-internet-route': () => [
    'NET.2 i-newapp-noip HIGH',
    'NET.3 i-newapp-noroute INFORMATIONAL',
    'RT.2 subnet-newapp-noroute HIGH',
  ],
  '3-private-db-egress': (s) => [
    `NACL.1 ${defaultNaclOf(s, 'vpc-data')} MEDIUM`,
    'NAT.1 nat-data-noeip HIGH',
    'NAT.2 nat-data-deleted HIGH',
    'NAT.3 nat-data-private HIGH',
    'NET.2 i-db-a HIGH',
    'NET.2 i-db-b HIGH',
    'NET.2 i-db-c HIGH',
    `RT.1 ${tableOf(s, 'subnet-db-c')} HIGH`,
    `RT.4 ${tableOf(s, 'subnet-db-c')} HIGH`,
  ],
  '4-cross-vpc': (s) => [
    'NET.3 i-app INFORMATIONAL',
    'NET.3 i-legacy INFORMATIONAL',
    'NET.3 i-shared INFORMATIONAL',
    `RT.5 ${tableOf(s, 'subnet-app')} MEDIUM`,
    'RT.6 pcx-app-legacy MEDIUM',
  ],
  '5-exposure': (s) => [
    `NACL.1 ${defaultNaclOf(s, 'vpc-exposed')} MEDIUM`,
    `NET.1 ${eniOf(s, 'i-exposed-public')} CRITICAL`,
    'NET.3 i-exposed-private INFORMATIONAL',
    'SG.1 sg-wide-open HIGH',
    'SG.2 sg-wide-open HIGH',
    'SG.4 sg-wide-open MEDIUM',
  ],
  '6-waste': (s) => [
    `NACL.1 ${defaultNaclOf(s, 'vpc-idle')} MEDIUM`,
    'EIP.1 eipalloc-unused LOW',
    'NAT.4 nat-idle LOW',
  ],
  '7-office-network': (s) => [
    `NACL.1 ${defaultNaclOf(s, 'vpc-office-app')} MEDIUM`,
    'VGW.1 rtb-office-app HIGH',
    'VPN.2 vpn-office MEDIUM',
  ],
  '8-transit-gateway': () => [
    'NET.3 i-hub-app-a INFORMATIONAL',
    'NET.3 i-hub-app-b INFORMATIONAL',
    'NET.3 i-hub-shared INFORMATIONAL',
    'TGW.1 tgw-rtb-hub-app HIGH',
    'TGW.3 subnet-hub-app-b HIGH',
    'TGW.4 tgw-rtb-hub-shared MEDIUM',
  ],
};

/** Per file of a multi-snapshot scenario, by region. */
const EXPECTED_PER_SNAPSHOT: Record<string, Record<string, (s: Snapshot) => string[]>> = {
  // Nothing in either region is misconfigured on its own: the fault is the path between them.
  '9-beijing-singapore': {
    'cn-north-1': (s) => [`NACL.1 ${defaultNaclOf(s, 'vpc-bj-app')} MEDIUM`],
    'ap-southeast-1': () => [],
  },
};

function failures(snapshot: Snapshot): string[] {
  return evaluate(snapshot, config, RULES)
    .results.filter((r) => r.status !== 'PASSED')
    .map((r) => `${r.ruleId} ${r.resourceId} ${r.status === 'FAILED' ? r.severity : r.status}`)
    .sort();
}

describe.each(SCENARIOS.map((s) => [s.name, s] as const))('scenario %s', (name, scenario) => {
  it('gives exactly its expected findings', () => {
    const snapshot = buildScenario(scenario).snapshot();
    expect(failures(snapshot)).toEqual(EXPECTED[name]!(snapshot).sort());
  });
});

describe.each(MULTI_SNAPSHOT_SCENARIOS.map((s) => [s.name, s] as const))('scenario %s', (name, scenario) => {
  it('gives exactly its expected findings in each account and region', () => {
    const snapshots = buildSnapshots(scenario).map((net) => net.snapshot());
    expect(snapshots.map((s) => s.region)).toEqual(Object.keys(EXPECTED_PER_SNAPSHOT[name]!));
    for (const snapshot of snapshots) {
      expect(failures(snapshot)).toEqual(EXPECTED_PER_SNAPSHOT[name]![snapshot.region]!(snapshot).sort());
    }
  });
});

describe('scenarios share an account without touching each other', () => {
  it('any of them, in any order, give exactly the union of their findings', () => {
    // The demo is one such mix; this checks that no scenario's findings depend on its neighbours.
    fc.assert(
      fc.property(fc.shuffledSubarray(SCENARIOS, { minLength: 2 }), (mix) => {
        const net = new NetworkBuilder({ accountId: '111122223333', region: 'eu-west-1' });
        for (const scenario of mix) scenario.build(net);
        const snapshot = net.snapshot();
        expect(failures(snapshot)).toEqual(mix.flatMap((s) => EXPECTED[s.name]!(snapshot)).sort());
      }),
      { numRuns: 15 },
    );
  });
});

describe('the demo', () => {
  it('holds every single-snapshot scenario, and gives the union of their findings', () => {
    const demo = JSON.parse(readFileSync(join(examples, 'demo.json'), 'utf8')) as Snapshot;
    const expected = SCENARIOS.flatMap((s) => EXPECTED[s.name]!(demo)).sort();
    expect(failures(demo)).toEqual(expected);
  });

  it('examples/ are up to date with the builders (npx tsx scripts/build-examples.ts)', () => {
    for (const [file, text] of exampleFiles()) {
      expect(readFileSync(join(examples, file), 'utf8')).toBe(text);
    }
  });

  it("the examples' config names the office the scenarios are built around", () => {
    expect(config.onPremisesNetworks).toEqual([OFFICE]);
  });

  it('scan with the config reports the office scenario, and exits 1 at --fail-on HIGH', async () => {
    const run = await runCli(
      'scan',
      '--snapshot',
      join(examples, 'demo.json'),
      '--config',
      configFile,
      '--fail-on',
      'HIGH',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/VGW\.1\s+rtb-office-app/);
    expect(run.stdout).toMatch(/TGW\.1\s+tgw-rtb-hub-app/);
  });
});

describe('npm run demo', () => {
  it('scans every example snapshot with the demo config: each declared incident is reported once', async () => {
    const script = (
      JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
        scripts: Record<string, string>;
      }
    ).scripts.demo!;
    const args = script.replace(/^tsx lambda\/cli\/main\.ts /, '').split(' ');
    const run = await runCli(...args, '--output', 'json');
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as {
      results: { ruleId: string; resourceId: string; status: string; message: string }[];
    };
    const declared = report.results
      .filter((r) => (r.ruleId === 'NET.4' || r.ruleId === 'NET.5') && r.status === 'FAILED')
      .map((r) => `${r.ruleId} ${r.resourceId}`)
      .sort();
    expect(declared).toEqual([
      'NET.4 i-bj-app',
      'NET.4 i-hub-app-a',
      'NET.4 i-office-app',
      'NET.5 i-exposed-public',
    ]);
    const beijing = report.results.find((r) => r.ruleId === 'NET.4' && r.resourceId === 'i-bj-app')!;
    expect(beijing.message).toContain('partition');
  });
});

describe('explain names the broken hop of each scenario', () => {
  const file = (name: string) => join(examples, 'scenarios', `${name}.json`);
  const office = ['--config', configFile];

  it.each([
    ['1-ssh-wrong-source', 'i-ssh-app', ['--direction', 'ingress', '--port', '22'], 1, /sg-ssh-office/],
    ['1-ssh-wrong-source', 'i-ssh-app', [], 0, /PASS/],
    ['2-no-internet-route', 'i-newapp-noip', [], 1, /public/i],
    ['2-no-internet-route', 'i-newapp-noroute', [], 1, /no route/i],
    ['3-private-db-egress', 'i-db-a', [], 1, /nat-data-noeip/],
    ['3-private-db-egress', 'i-db-b', [], 1, /nat-data-private/],
    ['3-private-db-egress', 'i-db-c', [], 1, /blackhole/],
    ['5-exposure', 'i-exposed-public', ['--direction', 'ingress', '--port', '3306'], 0, /sg-wide-open/],
    ['5-exposure', 'i-exposed-private', ['--direction', 'ingress', '--port', '3306'], 1, /public/i],
    // The office scenario: the internet works through the NAT gateway, the office does not.
    ['7-office-network', 'i-office-app', office, 0, /WORKS/],
    [
      '7-office-network',
      'i-office-app',
      ['--to', '192.168.1.10', '--port', '3306', ...office],
      1,
      /BROKEN at route-table rtb-office-app: .*192\.168\.1\.10 \(office\) to nat-office-app/,
    ],
    [
      '7-office-network',
      'i-office-app',
      ['--to', 'office', '--port', '3306', ...office],
      1,
      /rtb-office-app/,
    ],
  ] as const)('%s: explain %s %j exits %i', async (scenario, id, args, code, evidence) => {
    const run = await runCli('explain', id, '--snapshot', file(scenario), ...args);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(code);
    expect(run.stdout).toMatch(evidence);
  });
});
