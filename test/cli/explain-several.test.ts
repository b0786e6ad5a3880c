import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Snapshot } from '../../lambda/snapshot/types';
import { runCli } from '../support/cli';
import { NetworkBuilder, toIgw } from '../support/network-builder';

const dir = mkdtempSync(join(tmpdir(), 'netaudit-explain-several-'));

function file(name: string, snapshot: Snapshot): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(snapshot));
  return path;
}

/**
 * A public subnet with instance `i-<name>` at 10.0.0.10: with a public IP it reaches the internet on 443,
 * without one it does not.
 */
function region(place: { accountId: string; region: string }, name: string, publicIp?: string): string {
  const net = new NetworkBuilder(place);
  const vpc = net.vpc({ id: `vpc-${name}`, cidr: '10.0.0.0/16' });
  const igw = net.internetGateway({ vpc, id: `igw-${name}` });
  const subnet = net.subnet({ vpc, id: `subnet-${name}`, cidr: '10.0.0.0/24', routes: [toIgw(igw)] });
  const { eni } = net.instance({
    subnet,
    id: `i-${name}`,
    groups: [net.securityGroup({ vpc })],
    ...(publicIp ? { publicIp } : {}),
  });
  eni.PrivateIpAddress = '10.0.0.10';
  eni.PrivateIpAddresses = [{ PrivateIpAddress: '10.0.0.10', Primary: true }];
  return file(`${name}.json`, net.snapshot());
}

const ireland = () => region({ accountId: '111111111111', region: 'eu-west-1' }, 'ireland');
const virginia = () => region({ accountId: '222222222222', region: 'us-east-1' }, 'virginia', '203.0.113.7');

describe('netaudit explain --snapshot A --snapshot B', () => {
  it('answers about an instance of the second file from that file', async () => {
    const files = ['--snapshot', ireland(), '--snapshot', virginia()];

    const reached = await runCli('explain', 'i-virginia', '--format', 'json', ...files);
    const blocked = await runCli('explain', 'i-ireland', '--format', 'json', ...files);

    expect(reached.code).toBe(0);
    expect(JSON.parse(reached.stdout)).toMatchObject({
      verdict: 'works',
      source: { input: 'i-virginia', kind: 'interface' },
    });
    expect(blocked.code).toBe(1);
    expect(JSON.parse(blocked.stdout).verdict).toBe('broken');
  });

  it('asks for an id when a private address is inside networks of both files', async () => {
    const run = await runCli('explain', '10.0.0.10', '--snapshot', ireland(), '--snapshot', virginia());

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /^netaudit: 10\.0\.0\.10 is inside networks of 2 snapshots .*give an instance or interface id instead\n$/,
    );
  });

  it('refuses two files of one account and region in one line', async () => {
    const first = ireland();
    const second = file('copy.json', JSON.parse(readFileSync(first, 'utf8')) as Snapshot);

    const run = await runCli('explain', 'i-ireland', '--snapshot', first, '--snapshot', second);

    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `netaudit: ${first} and ${second} are both account 111111111111, region eu-west-1: give each account and region once\n`,
    );
  });

  it('refuses files and live regions together', async () => {
    const run = await runCli(
      'explain',
      'i-ireland',
      '--snapshot',
      ireland(),
      '--regions',
      'eu-west-1,us-east-1',
    );

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^netaudit: --snapshot explains a file: --region, --regions and --profile/);
  });
});
