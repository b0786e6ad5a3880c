import type { Result } from '../../../lambda/engine/result';
import { reachabilityRules } from '../../../lambda/rules/net';
import type { Snapshot } from '../../../lambda/snapshot/types';
import { runExplainCli } from '../../support/explain-cli';
import {
  crossVpc,
  exposure,
  newInstanceNoInternet,
  privateDatabaseEgress,
  sshWrongSource,
  waste,
} from '../../support/incidents';
import { runRule } from '../../support/run-rule';

/** `NET.2 i-x FAILED HIGH` lines for every non-passing NET result: the whole verdict at a glance. */
function netFindings(snapshot: Snapshot): string[] {
  const results: Result[] = reachabilityRules.flatMap((rule) => runRule(rule, snapshot));
  return results
    .filter((r) => r.status !== 'PASSED')
    .map((r) => `${r.ruleId} ${r.resourceId} ${r.status} ${r.severity}`)
    .sort();
}

async function explainHop(snapshot: Snapshot, args: string[]) {
  const run = await runExplainCli(snapshot, [...args, '--format', 'json']);
  const report = JSON.parse(run.stdout) as {
    verdict: string;
    brokenHop: { kind: string; resourceId: string } | null;
  };
  return { exitCode: run.exitCode, verdict: report.verdict, broken: report.brokenHop };
}

describe('the incident scenarios of RULES.md', () => {
  it('1. SSH rule with the wrong source: no NET failure; explain shows port 22 closed at the group', async () => {
    const snapshot = sshWrongSource();
    expect(netFindings(snapshot)).toEqual([]);
    const explained = await explainHop(snapshot, ['i-ssh', '--direction', 'ingress', '--port', '22']);
    expect(explained).toMatchObject({
      exitCode: 1,
      broken: { kind: 'security-group', resourceId: 'sg-ssh-office' },
    });
  });

  it('2. New instance cannot reach public sites: no public IP (NET.2), or no internet route (NET.3, RT.2)', async () => {
    const snapshot = newInstanceNoInternet();
    // Without 0.0.0.0/0 NET.2's "egress was intended" does not hold: RT.2 reports the public subnet.
    expect(netFindings(snapshot)).toEqual([
      'NET.2 i-noip FAILED HIGH',
      'NET.3 i-noroute FAILED INFORMATIONAL',
    ]);
    expect(await explainHop(snapshot, ['i-noroute'])).toMatchObject({
      exitCode: 1,
      broken: { kind: 'route-table' },
    });
    expect(await explainHop(snapshot, ['i-noip'])).toMatchObject({
      exitCode: 1,
      broken: { kind: 'public-address' },
    });
  });

  it('3. Private database egress: NET.2 names the NAT or route hop; no NAT at all is isolation (NET.3)', async () => {
    const snapshot = privateDatabaseEgress();
    expect(netFindings(snapshot)).toEqual([
      'NET.2 i-db-blackhole FAILED HIGH',
      'NET.2 i-db-natprivate FAILED HIGH',
      'NET.2 i-db-noeip FAILED HIGH',
      'NET.3 i-db-nonat FAILED INFORMATIONAL',
    ]);
    const hops = {
      'i-db-nonat': { kind: 'route-table' },
      'i-db-noeip': { kind: 'nat-gateway' },
      // The NAT gateway itself works: the table of the private subnet it sits in has no internet route.
      'i-db-natprivate': { kind: 'route-table' },
      'i-db-blackhole': { kind: 'route-table' },
    };
    for (const [id, broken] of Object.entries(hops)) {
      expect(await explainHop(snapshot, [id])).toMatchObject({ exitCode: 1, broken });
    }
  });

  it('4. Cross-VPC: peered instances without internet egress are isolated (NET.3), nothing exposed', async () => {
    const snapshot = crossVpc();
    expect(netFindings(snapshot)).toEqual([
      'NET.3 i-app FAILED INFORMATIONAL',
      'NET.3 i-shared FAILED INFORMATIONAL',
    ]);
    expect(await explainHop(snapshot, ['i-app'])).toMatchObject({
      exitCode: 1,
      broken: { kind: 'route-table' },
    });
  });

  it('5. Exposure: NET.1 CRITICAL on the instance with a public IP only', async () => {
    const snapshot = exposure();
    const public1 = snapshot.networkInterfaces.find((e) => e.Attachment?.InstanceId === 'i-public')!;
    // i-private sits in the same public subnet without a public IP: unreachable, but also unable to get out.
    expect(netFindings(snapshot)).toEqual([
      `NET.1 ${public1.NetworkInterfaceId} FAILED CRITICAL`,
      'NET.2 i-private FAILED HIGH',
    ]);
    const [net1] = runRule(reachabilityRules[0]!, snapshot).filter((r) => r.status === 'FAILED');
    expect(net1?.message).toContain('TCP 22, 3306, 3389');
    expect(
      await explainHop(snapshot, ['i-public', '--direction', 'ingress', '--port', '3306']),
    ).toMatchObject({
      exitCode: 0,
      verdict: 'works',
    });
    expect(
      await explainHop(snapshot, ['i-private', '--direction', 'ingress', '--port', '3306']),
    ).toMatchObject({
      exitCode: 1,
      broken: { kind: 'public-address' },
    });
  });

  it('6. Waste: an idle NAT gateway and a free EIP raise no NET finding beyond the isolated batch host', async () => {
    const snapshot = waste();
    expect(netFindings(snapshot)).toEqual(['NET.3 i-batch FAILED INFORMATIONAL']);
    expect(await explainHop(snapshot, ['i-batch'])).toMatchObject({
      exitCode: 1,
      broken: { kind: 'route-table' },
    });
  });
});
