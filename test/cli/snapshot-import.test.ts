import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../support/cli';
import { buildScenario, SCENARIOS } from '../support/scenarios';

/** Writes a scenario as the AWS CLI would have printed it, one describe-* file per API. */
function dumpScenario(dir: string): void {
  const s = buildScenario(SCENARIOS[4]!).snapshot();
  const write = (name: string, body: unknown) => writeFileSync(join(dir, name), JSON.stringify(body));
  write('describe-vpcs.json', { Vpcs: s.vpcs });
  write('describe-subnets.json', { Subnets: s.subnets });
  write('describe-route-tables.json', { RouteTables: s.routeTables });
  write('describe-internet-gateways.json', { InternetGateways: s.internetGateways });
  write('describe-nat-gateways.json', { NatGateways: s.natGateways });
  write('describe-addresses.json', { Addresses: s.addresses });
  write('describe-security-groups.json', { SecurityGroups: s.securityGroups });
  write('describe-network-acls.json', { NetworkAcls: s.networkAcls });
  write('describe-network-interfaces.json', { NetworkInterfaces: s.networkInterfaces });
  write('describe-instances.json', { Reservations: s.instances.map((i) => ({ Instances: [i] })) });
  write('describe-vpc-peering-connections.json', { VpcPeeringConnections: s.vpcPeeringConnections });
  write('get-caller-identity.json', { Account: s.accountId, UserId: 'AIDA', Arn: 'arn:aws:iam::x:user/a' });
  for (const vpc of s.vpcs) {
    write(`describe-stale-security-groups-${vpc.VpcId}.json`, { StaleSecurityGroupSet: [] });
    write(`describe-vpc-attribute-${vpc.VpcId}-dns.json`, {
      VpcId: vpc.VpcId,
      EnableDnsSupport: { Value: true },
    });
    write(`describe-vpc-attribute-${vpc.VpcId}-hostnames.json`, {
      VpcId: vpc.VpcId,
      EnableDnsHostnames: { Value: true },
    });
  }
  // describe-flow-logs.json is deliberately absent.
}

describe('netaudit snapshot import', () => {
  it('builds a snapshot from AWS CLI outputs that scan can audit, marking absent files as not collected', async () => {
    const root = mkdtempSync(join(tmpdir(), 'netaudit-import-'));
    const dump = join(root, 'dump');
    mkdirSync(dump);
    dumpScenario(dump);
    const out = join(root, 'snapshot.json');

    const run = await runCli(
      'snapshot',
      'import',
      dump,
      '--out',
      out,
      '--collected-at',
      '2026-11-28T00:00:00Z',
    );
    expect(run.code).toBe(0);
    // The dump has every version 1 output but the flow logs, and none of version 2's lists.
    expect(run.stderr).toMatch(
      /^netaudit: not found, recorded as not collected: describe-flow-logs\.json, describe-vpc-endpoints\.json, .*list-firewalls\.json\n$/,
    );
    const snapshot = JSON.parse(readFileSync(out, 'utf8'));
    expect(snapshot).toMatchObject({
      accountId: '111122223333',
      region: 'eu-west-1',
      collectedAt: '2026-11-28T00:00:00Z',
    });
    expect(snapshot.errors).toEqual([
      { api: 'DescribeFlowLogs', code: 'NotProvided', message: `describe-flow-logs.json is not in ${dump}` },
    ]);
    expect(snapshot.vpcAttributes['vpc-exposed']).toEqual({
      EnableDnsSupport: true,
      EnableDnsHostnames: true,
    });

    const scan = await runCli('scan', '--snapshot', out, '--format', 'json');
    const results = JSON.parse(scan.stdout).results as {
      ruleId: string;
      status: string;
      resourceId: string;
    }[];
    expect(results.find((r) => r.ruleId === 'SG.1')).toMatchObject({
      status: 'FAILED',
      resourceId: 'sg-wide-open',
    });
    expect(results.filter((r) => r.ruleId === 'VPC.1').map((r) => r.status)).toEqual(['NOT_EVALUATED']);
  });

  it('names a missing directory and exits 2', async () => {
    const run = await runCli('snapshot', 'import', '/nonexistent/netaudit-dump');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('netaudit: directory not found: /nonexistent/netaudit-dump\n');
  });
});
