import { requiredPathBroken } from '../../../lambda/rules/net/net-4-required-paths';
import { forbiddenPathWorks } from '../../../lambda/rules/net/net-5-forbidden-paths';
import { privateBehindNat } from '../../support/paths';
import { nacl, tcp } from '../../support/permissions';
import { resultFor, runRule } from '../../support/run-rule';

function appBehindNat() {
  const built = privateBehindNat();
  built.instance.Tags = [{ Key: 'Role', Value: 'app' }];
  return built;
}

describe('NET.4 required paths', () => {
  const config = {
    requiredPaths: [
      {
        name: 'app to the internet',
        from: 'tag:Role=app',
        to: 'internet',
        protocol: 'tcp' as const,
        port: 443,
      },
    ],
  };

  it('passes when the declared path works, naming it', () => {
    const { net } = appBehindNat();
    const result = resultFor(runRule(requiredPathBroken, net.snapshot(), config), 'i-db');
    expect(result.status).toBe('PASSED');
    expect(result.message).toContain('"app to the internet" (i-db -> internet, TCP 443) works');
  });

  it('fails with the path, the instance and the hop when it breaks', () => {
    const { net, vpc, publicSubnet } = appBehindNat();
    net.networkAcl({
      vpc,
      id: 'acl-nat',
      subnets: [publicSubnet],
      entries: [
        nacl.in(100).allow.tcp(1024, 65535).from('0.0.0.0/0'),
        nacl.out(100).allow.all().to('0.0.0.0/0'),
      ],
    });
    const result = resultFor(runRule(requiredPathBroken, net.snapshot(), config), 'i-db');
    expect(result.status).toBe('FAILED');
    expect(result.severity).toBe('HIGH');
    expect(result.message).toContain('is broken at network-acl acl-nat');
    expect(result.evidence).toMatchObject({
      from: 'i-db',
      to: 'internet',
      protocol: 'tcp',
      port: 443,
      brokenHop: 'network-acl acl-nat',
    });
  });

  it('is NOT_EVALUATED, never PASSED, when the selector matches nothing or the path cannot be verified', () => {
    const { net } = appBehindNat();
    const results = runRule(requiredPathBroken, net.snapshot(), {
      requiredPaths: [{ name: 'ghost', from: 'tag:Role=ghost', to: 'internet' }],
    });
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ status: 'NOT_EVALUATED', resourceType: 'AwsAccount' });
    expect(results[0]!.message).toContain('matches no instance');
  });

  it('reports nothing without declared paths', () => {
    expect(runRule(requiredPathBroken, appBehindNat().net.snapshot())).toEqual([]);
  });
});

describe('NET.5 forbidden paths', () => {
  const config = {
    forbiddenPaths: [
      {
        name: 'no SSH from the internet to prod',
        from: 'internet',
        to: 'tag:Env=prod',
        protocol: 'tcp' as const,
        port: 22,
      },
    ],
  };

  function prod(sshOpen: boolean) {
    const { net, vpc, privateSubnet } = privateBehindNat();
    const igw = net.data.internetGateways[0]!;
    const subnet = net.subnet({
      vpc,
      id: 'subnet-web',
      cidr: '10.0.2.0/24',
      routes: [{ DestinationCidrBlock: '0.0.0.0/0', GatewayId: igw.InternetGatewayId, State: 'active' }],
    });
    const group = net.securityGroup({
      vpc,
      id: 'sg-web',
      ingress: sshOpen ? [tcp(22).from('0.0.0.0/0')] : [tcp(443).from('0.0.0.0/0')],
    });
    const web = net.instance({ subnet, id: 'i-web', groups: [group], publicIp: '203.0.113.20' });
    web.eni.PrivateIpAddress = '10.0.2.10';
    web.instance.Tags = [{ Key: 'Env', Value: 'prod' }];
    void privateSubnet;
    return net.snapshot();
  }

  it('fails when the forbidden path works', () => {
    const result = resultFor(runRule(forbiddenPathWorks, prod(true), config), 'i-web');
    expect(result.status).toBe('FAILED');
    expect(result.message).toContain('works although it is forbidden');
  });

  it('passes when a hop closes it, naming the hop', () => {
    const result = resultFor(runRule(forbiddenPathWorks, prod(false), config), 'i-web');
    expect(result.status).toBe('PASSED');
    expect(result.message).toContain('is closed at security-group sg-web');
  });
});
