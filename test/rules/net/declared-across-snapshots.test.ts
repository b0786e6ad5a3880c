import fc from 'fast-check';
import { parseConfig, type ConfigFile } from '../../../lambda/config/config';
import { evaluate } from '../../../lambda/engine/evaluate';
import type { Result } from '../../../lambda/engine/result';
import type { Rule } from '../../../lambda/engine/rule';
import { SnapshotIndex } from '../../../lambda/engine/snapshot-index';
import { World } from '../../../lambda/paths/world';
import { requiredPathBroken } from '../../../lambda/rules/net/net-4-required-paths';
import { forbiddenPathWorks } from '../../../lambda/rules/net/net-5-forbidden-paths';
import { validateSnapshot } from '../../../lambda/snapshot/validate';
import { NetworkBuilder, toIgw, toNat } from '../../support/network-builder';
import { tcp } from '../../support/permissions';

/**
 * One account and region: a NAT gateway's public subnet and a private subnet with an app instance
 * (tagged Role=app) that reaches the internet, and a public web instance (Env=prod) that admits SSH when asked.
 */
function region(place: { region: string; accountId: string }, name: string, sshOpen = false) {
  const net = new NetworkBuilder(place);
  const vpc = net.vpc({ id: `vpc-${name}`, cidr: '10.0.0.0/16' });
  const igw = net.internetGateway({ vpc, id: `igw-${name}` });
  const publicSubnet = net.subnet({
    vpc,
    id: `subnet-pub-${name}`,
    cidr: '10.0.0.0/24',
    routes: [toIgw(igw)],
  });
  const nat = net.natGateway({ subnet: publicSubnet, id: `nat-${name}` });
  const privateSubnet = net.subnet({
    vpc,
    id: `subnet-priv-${name}`,
    cidr: '10.0.1.0/24',
    routes: [toNat(nat)],
  });
  const app = net.instance({
    subnet: privateSubnet,
    id: `i-app-${name}`,
    groups: [net.securityGroup({ vpc })],
  });
  app.instance.Tags = [{ Key: 'Role', Value: 'app' }];
  const web = net.instance({
    subnet: publicSubnet,
    id: `i-web-${name}`,
    groups: [net.securityGroup({ vpc, ingress: [tcp(sshOpen ? 22 : 443).from('0.0.0.0/0')] })],
    publicIp: name === 'a' ? '203.0.113.10' : '198.51.100.10',
  });
  web.instance.Tags = [{ Key: 'Env', Value: 'prod' }];
  return net.snapshot();
}

/** Both snapshots evaluated as `scan --snapshot A --snapshot B` does: one world, each with its own report. */
function scanBoth(rule: Rule, config: ConfigFile, sshOpen = false): { a: Result[]; b: Result[] } {
  const snapshots = [
    region({ region: 'eu-west-1', accountId: '111111111111' }, 'a', sshOpen),
    region({ region: 'us-east-1', accountId: '222222222222' }, 'b', sshOpen),
  ].map((s) => validateSnapshot(JSON.parse(JSON.stringify(s))));
  const indexes = snapshots.map((s) => new SnapshotIndex(s));
  World.of(indexes);
  const [a, b] = snapshots.map(
    (snapshot, i) => evaluate(snapshot, parseConfig(config, [rule.id]), [rule], indexes[i]).results,
  );
  return { a: a!, b: b! };
}

const ids = (results: Result[]) => results.map((r) => `${r.resourceId} ${r.status}`).sort();

describe('declared paths over several snapshots', () => {
  it('expands a tag in every snapshot and reports each instance once, in the snapshot that holds it', () => {
    const { a, b } = scanBoth(requiredPathBroken, {
      requiredPaths: [{ name: 'apps out', from: 'tag:Role=app', to: 'internet', port: 443 }],
    });

    expect(ids(a)).toEqual(['i-app-a PASSED']);
    expect(ids(b)).toEqual(['i-app-b PASSED']);
    expect(a[0]).toMatchObject({ accountId: '111111111111', region: 'eu-west-1' });
    expect(b[0]).toMatchObject({ accountId: '222222222222', region: 'us-east-1' });
  });

  const sshToProd = {
    forbiddenPaths: [{ name: 'no SSH to prod', from: 'internet', to: 'tag:Env=prod', port: 22 }],
  };

  it('gives a question whose `from` is the internet to the snapshot holding its `to` instance', () => {
    const { a, b } = scanBoth(forbiddenPathWorks, sshToProd, true);

    expect(ids(a)).toEqual(['i-web-a FAILED']);
    expect(b.map((r) => r.resourceId)).toEqual(['i-web-b']);
  });

  // A walk from the internet enters where the destination is: the second snapshot here.
  it('finds the forbidden path open in the second snapshot too', () => {
    const { b } = scanBoth(forbiddenPathWorks, sshToProd, true);

    expect(ids(b)).toEqual(['i-web-b FAILED']);
  });

  it('asks a question between two snapshots once, in the snapshot of its `from` instance', () => {
    const { a, b } = scanBoth(requiredPathBroken, {
      requiredPaths: [{ name: 'a to b', from: 'i-app-a', to: 'i-web-b', port: 443 }],
    });

    expect(a.map((r) => r.resourceId)).toEqual(['i-app-a']);
    expect(a[0]!.message).toContain('"a to b" (i-app-a -> i-web-b, TCP 443)');
    expect(b).toEqual([]);
  });

  it('gives a question from an instance of the second snapshot to that snapshot, whatever `to` is', () => {
    const { a, b } = scanBoth(requiredPathBroken, {
      requiredPaths: [{ name: 'b to a', from: 'tag:Role=app', to: 'i-web-a', port: 443 }],
    });

    expect(a.map((r) => r.resourceId)).toEqual(['i-app-a']);
    expect(b.map((r) => r.resourceId)).toEqual(['i-app-b']);
  });

  it('reports a selector that matches nothing in any snapshot once, NOT_EVALUATED, in the first snapshot', () => {
    const { a, b } = scanBoth(requiredPathBroken, {
      requiredPaths: [{ name: 'ghost', from: 'tag:Role=ghost', to: 'internet', port: 443 }],
    });

    expect(b).toEqual([]);
    expect(a).toHaveLength(1);
    expect(a[0]).toMatchObject({ status: 'NOT_EVALUATED', resourceType: 'AwsAccount' });
    expect(a[0]!.message).toContain('from "tag:Role=ghost" matches no instance of the 2 snapshots');
  });

  it('reports an unknown instance id once, NOT_EVALUATED, never PASSED', () => {
    const { a, b } = scanBoth(requiredPathBroken, {
      requiredPaths: [{ name: 'typo', from: 'i-nope', to: 'internet', port: 443 }],
    });

    expect([...a, ...b].map((r) => r.status)).toEqual(['NOT_EVALUATED']);
  });

  it('asks every question exactly once across the snapshots, whatever holds the tagged instances', () => {
    fc.assert(
      fc.property(
        fc.array(fc.boolean(), { maxLength: 6 }),
        fc.array(fc.boolean(), { maxLength: 6 }),
        (inA, inB) => {
          const tagged = (place: { region: string; accountId: string }, name: string, tags: boolean[]) => {
            const net = new NetworkBuilder(place);
            const vpc = net.vpc({ id: `vpc-${name}`, cidr: '10.0.0.0/16' });
            const subnet = net.subnet({ vpc, id: `subnet-${name}`, cidr: '10.0.1.0/24' });
            tags.forEach((tag, i) => {
              const { instance } = net.instance({ subnet, id: `i-${name}${i}` });
              if (tag) instance.Tags = [{ Key: 'Role', Value: 'app' }];
            });
            return new SnapshotIndex(validateSnapshot(JSON.parse(JSON.stringify(net.snapshot()))));
          };
          const indexes = [
            tagged({ region: 'eu-west-1', accountId: '111111111111' }, 'a', inA),
            tagged({ region: 'ap-south-1', accountId: '111111111111' }, 'b', inB),
          ];
          World.of(indexes);
          const config = parseConfig(
            { requiredPaths: [{ name: 'p', from: 'tag:Role=app', to: 'internet' }] },
            ['NET.4'],
          );
          const [a, b] = indexes.map(
            (index) => evaluate(index.snapshot, config, [requiredPathBroken], index).results,
          );
          const expected = (name: string, tags: boolean[]) =>
            tags.flatMap((tag, i) => (tag ? [`i-${name}${i}`] : [])).sort();
          const none = !inA.includes(true) && !inB.includes(true);
          expect(a!.map((r) => r.resourceId).sort()).toEqual(none ? ['111111111111/p'] : expected('a', inA));
          expect(b!.map((r) => r.resourceId).sort()).toEqual(expected('b', inB));
          expect(b!.every((r) => r.region === 'ap-south-1')).toBe(true);
        },
      ),
      { numRuns: 40 },
    );
  });
});
