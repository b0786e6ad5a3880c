import { InputError } from '../../lambda/errors';
import { closestIds, editDistance } from '../../lambda/cli/commands/explain';
import { makeStyler } from '../../lambda/findings/style';
import { explainTarget, renderExplainText } from '../../lambda/reachability';
import { engineFor } from '../support/reachability';
import { runExplainCli } from '../support/explain-cli';
import { exposure, newInstanceNoInternet } from '../support/incidents';
import { publicInstance } from '../support/reachability';

describe('netaudit explain', () => {
  it('prints the ordered diagnosis as text and exits 0 when the path works', async () => {
    const { net } = publicInstance();
    const run = await runExplainCli(net.snapshot(), ['i-app']);
    expect(run.exitCode).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('netaudit explain i-app: egress TCP 443 to the internet');
    expect(lines[1]).toBe('Verdict: WORKS (eni-1, IPv4)');
    const steps = lines
      .filter((l) => /^ {2}\d /.test(l))
      .map((l) => l.trim().split(/ {2,}/).slice(0, 2).join(' '));
    expect(steps).toEqual([
      '1 instance state PASS',
      '2 security groups PASS',
      '3 network ACL PASS',
      '4 route table PASS',
      '5 gateway PASS',
      '6 public address PASS',
      '7 DNS attributes PASS',
    ]);
    expect(run.stdout).not.toContain('\u001b['); // not a TTY: no colour
  });

  it('names the broken hop and its fix, and exits 1', async () => {
    const run = await runExplainCli(newInstanceNoInternet(), ['i-noroute']);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain(
      'Verdict: BROKEN at step 4 (route table) on eni-1, IPv4: rtb-2 has no route for internet traffic (0.0.0.0/0), used by subnet-noroute',
    );
    expect(run.stdout).toContain('Fix: Add a route 0.0.0.0/0 -> igw-new (public subnet) or a NAT gateway');
  });

  it('checks a given port from the internet with --direction ingress, and notes unauthorized ports', async () => {
    const run = await runExplainCli(exposure(), ['i-public', '--direction', 'ingress', '--port', '22']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('ingress TCP 22 from the internet');
    expect(run.stdout).toContain('Note: TCP 22 is outside authorizedPorts');
  });

  it('accepts an interface id as well as an instance id', async () => {
    const { net, eni } = publicInstance();
    const run = await runExplainCli(net.snapshot(), [eni.NetworkInterfaceId!, '--format', 'json']);
    expect(JSON.parse(run.stdout)).toMatchObject({ target: 'eni-1', kind: 'interface', works: true });
  });

  it('lists every interface of an instance, primary first, and decides egress on the primary', async () => {
    const { net, vpc, subnet } = publicInstance();
    const closed = net.securityGroup({ vpc, id: 'sg-closed', egress: [] });
    const extra = net.networkInterface({ subnet, id: 'eni-0extra', groups: [closed], instanceId: 'i-app' });
    extra.Attachment!.DeviceIndex = 1;
    const run = await runExplainCli(net.snapshot(), ['i-app', '--format', 'json']);
    const report = JSON.parse(run.stdout) as { diagnoses: { interfaceId: string; verdict: string }[] };
    expect(report.diagnoses.map((d) => `${d.interfaceId} ${d.verdict}`)).toEqual([
      'eni-1 works',
      'eni-0extra broken',
    ]);
    expect(run.exitCode).toBe(0);
  });

  it('writes stable JSON: the same snapshot gives the same bytes', async () => {
    const snapshot = newInstanceNoInternet();
    const first = await runExplainCli(snapshot, ['i-noip', '--format', 'json']);
    const second = await runExplainCli(snapshot, ['i-noip', '--format', 'json']);
    expect(first.stdout).toBe(second.stdout);
    const report = JSON.parse(first.stdout) as Record<string, unknown>;
    expect(Object.keys(report)).toEqual([
      'target',
      'kind',
      'query',
      'verdict',
      'works',
      'decidedBy',
      'diagnoses',
    ]);
    expect(report.query).toEqual({ direction: 'egress', protocol: 'tcp', port: 443 });
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
      [['i-public', '--protocol', 'icmp'], '--protocol must be one of tcp, udp, got "icmp"'],
      [['i-public', '--direction', 'inbound'], '--direction must be one of egress, ingress, got "inbound"'],
      [['i-public', '--format', 'yaml'], '--format must be one of text, json, got "yaml"'],
      [['sg-123'], '"sg-123" is not an instance id (i-...) or a network interface id (eni-...)'],
    ])('rejects %j', async (args, message) => {
      const run = await runExplainCli(exposure(), args);
      expect(run).toMatchObject({ exitCode: 2, error: { name: 'InputError', message } });
    });

    it('requires --snapshot, and names a missing file', async () => {
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
    const report = explainTarget(
      engineFor(net.snapshot()),
      { kind: 'instance', id: 'i-app' },
      {
        direction: 'egress',
        protocol: 'tcp',
        port: 443,
      },
    );
    expect(renderExplainText(report, makeStyler({ isTTY: true }, {}))).toContain('\u001b[32mPASS');
    expect(renderExplainText(report, makeStyler({ isTTY: true }, { NO_COLOR: '1' }))).not.toContain(
      '\u001b[',
    );
  });

  it('suggests ids by edit distance, nearest first', () => {
    expect(editDistance('i-abc', 'i-abd')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(closestIds('i-0abd', ['i-9999', 'i-0abc', 'i-0abe', 'i-0xyz'], 2)).toEqual(['i-0abc', 'i-0abe']);
  });
});
