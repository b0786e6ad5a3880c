import { InputError } from '../../lambda/errors';
import { makeStyler } from '../../lambda/findings/style';
import { closestIds, editDistance } from '../../lambda/paths/endpoints';
import { renderPathText } from '../../lambda/paths/render';
import { runExplainCli } from '../support/explain-cli';
import { exposure, newInstanceNoInternet } from '../support/incidents';
import { ask } from '../support/paths';
import { publicInstance } from '../support/reachability';

describe('netaudit explain', () => {
  it('prints the verdict, then every hop there and back, and exits 0 when the path works', async () => {
    const { net } = publicInstance();
    const run = await runExplainCli(net.snapshot(), ['i-app']);
    expect(run.exitCode).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('netaudit explain: i-app eni-1 (10.0.1.10) -> the internet, TCP 443, IPv4');
    expect(lines[1]).toBe('Verdict: WORKS');
    expect(run.stdout).toContain('There:');
    expect(run.stdout).toContain('Back (replies):');
    expect(run.stdout).not.toContain('\u001b['); // not a TTY: no colour
  });

  it('names the broken hop and its fix, and exits 1', async () => {
    const run = await runExplainCli(newInstanceNoInternet(), ['i-noroute']);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain(
      'Verdict: BROKEN at route-table rtb-2: rtb-2 has no route for internet traffic (8.8.8.8), used by subnet-noroute',
    );
    expect(run.stdout).toMatch(/Fix: Add a route 0\.0\.0\.0\/0 -> igw-new/);
  });

  it('keeps the version 1 form: --direction ingress is `explain internet --to ID`', async () => {
    const v1 = await runExplainCli(exposure(), [
      'i-public',
      '--direction',
      'ingress',
      '--port',
      '22',
      '--format',
      'json',
    ]);
    const v2 = await runExplainCli(exposure(), [
      'internet',
      '--to',
      'i-public',
      '--port',
      '22',
      '--format',
      'json',
    ]);
    expect(v1.exitCode).toBe(0);
    expect({ ...JSON.parse(v1.stdout), source: null }).toEqual({ ...JSON.parse(v2.stdout), source: null });
    const text = await runExplainCli(exposure(), ['i-public', '--direction', 'ingress', '--port', '22']);
    expect(text.stdout).toContain('Warning: eni-1: TCP 22 is outside authorizedPorts');
  });

  it('writes the documented JSON fields, the same bytes for the same snapshot', async () => {
    const snapshot = newInstanceNoInternet();
    const first = await runExplainCli(snapshot, ['i-noip', '--format', 'json']);
    const second = await runExplainCli(snapshot, ['i-noip', '--format', 'json']);
    expect(first.stdout).toBe(second.stdout);
    const answer = JSON.parse(first.stdout) as Record<string, unknown>;
    expect(Object.keys(answer)).toEqual([
      'source',
      'destination',
      'query',
      'verdict',
      'brokenHop',
      'unverifiableHop',
      'warnings',
      'hops',
      'returnPath',
    ]);
    expect(answer.source).toMatchObject({
      input: 'i-noip',
      kind: 'interface',
      id: 'eni-2',
      address: '10.0.1.10',
    });
    expect(answer.query).toEqual({ protocol: 'tcp', port: 443, ipVersion: 4 });
    expect(answer.brokenHop).toMatchObject({
      kind: 'public-address',
      resourceId: 'eni-2',
      direction: 'forward',
    });
  });

  it('draws the path as a Mermaid flowchart with the broken hop marked', async () => {
    const run = await runExplainCli(newInstanceNoInternet(), ['i-noroute', '--format', 'mermaid']);
    expect(run.exitCode).toBe(1);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toBe('flowchart LR');
    expect(lines).toContain('  h4["route-table: rtb-2<br/>FAIL"]');
    expect(lines).toContain('  class h4 fail');
    expect(lines).toContain('  h3 --> h4');
  });

  it('exits 4 when the path leaves what the snapshot shows', async () => {
    const { net } = publicInstance();
    net.data.routeTables[1]!.Routes!.push({
      DestinationCidrBlock: '192.168.0.0/16',
      TransitGatewayId: 'tgw-1',
      State: 'active',
    });
    const snapshot = net.snapshot();
    delete snapshot.transitGatewayVpcAttachments; // not collected
    const run = await runExplainCli(snapshot, ['i-app', '--to', '192.168.1.10', '--port', '3306']);
    expect(run.exitCode).toBe(4);
    expect(run.stdout).toContain('UNVERIFIABLE at transit-gateway tgw-1');
  });

  describe('bad input throws InputError (exit 2)', () => {
    it('names an unknown id and suggests the closest known ids', async () => {
      const run = await runExplainCli(exposure(), ['i-pubilc']);
      expect(run.exitCode).toBe(2);
      expect(run.error).toBeInstanceOf(InputError);
      expect(run.error?.message).toBe(
        'unknown instance i-pubilc in the snapshot; closest known: i-public, i-private',
      );
    });

    it.each([
      [['i-public', '--port', '70000'], '--port must be a number from 0 to 65535, got "70000"'],
      [['i-public', '--port', 'https'], '--port must be a number from 0 to 65535, got "https"'],
      [['i-public', '--protocol', 'gre'], '--protocol must be one of tcp, udp, icmp, got "gre"'],
      [['i-public', '--direction', 'inbound'], '--direction must be one of egress, ingress, got "inbound"'],
      [['i-public', '--format', 'yaml'], '--format must be one of text, json, mermaid, got "yaml"'],
      [['i-public', '--ip-version', '5'], '--ip-version must be one of 4, 6, got "5"'],
      [
        ['i-public', '--to', 'i-public', '--direction', 'ingress'],
        '--direction is the old form of --to: give one or the other',
      ],
      [['aws:s3'], 'aws:s3 can only be a destination'],
      [
        ['internet', '--to', '8.8.4.4'],
        'both ends are on the internet: ask about a path that enters or leaves a VPC',
      ],
    ])('rejects %j', async (args, message) => {
      const run = await runExplainCli(exposure(), args);
      expect(run).toMatchObject({ exitCode: 2, error: { name: 'InputError', message } });
    });

    it('names what an end may be', async () => {
      const run = await runExplainCli(exposure(), ['sg-123']);
      expect(run.error?.message).toContain('"sg-123" is not internet, an instance id (i-...)');
    });

    it('requires --snapshot or --region, and names a missing file', async () => {
      expect((await runExplainCli(undefined, ['i-public'])).error?.message).toContain(
        'explain needs --snapshot FILE',
      );
      const missing = await runExplainCli(undefined, ['i-public', '--snapshot', '/nonexistent/snap.json']);
      expect(missing).toMatchObject({ exitCode: 2, error: { name: 'InputError' } });
      expect(missing.error?.message).toContain('/nonexistent/snap.json');
    });
  });

  it('colours PASS/FAIL only on a terminal, and never with NO_COLOR', () => {
    const { net } = publicInstance();
    const answer = ask(net.snapshot(), 'i-app');
    expect(renderPathText(answer, makeStyler({ isTTY: true }, {}))).toContain('\u001b[32mPASS');
    expect(renderPathText(answer, makeStyler({ isTTY: true }, { NO_COLOR: '1' }))).not.toContain('\u001b[');
  });

  it('suggests ids by edit distance, nearest first', () => {
    expect(editDistance('i-abc', 'i-abd')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(closestIds('i-0abd', ['i-9999', 'i-0abc', 'i-0abe', 'i-0xyz'], 2)).toEqual(['i-0abc', 'i-0abe']);
  });
});
