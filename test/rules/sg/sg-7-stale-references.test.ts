import type { IpPermission, UserIdGroupPair } from '@aws-sdk/client-ec2';
import { staleSecurityGroupReference as rule } from '../../../lambda/rules/sg/sg-7-stale-references';
import { NetworkBuilder } from '../../support/network-builder';
import { tcp } from '../../support/permissions';
import { resultFor, runRule } from '../../support/run-rule';

const ACCOUNT = '123456789012';

/** A rule referencing a group through a pair with the fields DescribeSecurityGroups fills for peers. */
const postgresFrom = (pair: UserIdGroupPair): IpPermission => ({
  IpProtocol: 'tcp',
  FromPort: 5432,
  ToPort: 5432,
  UserIdGroupPairs: [pair],
});

describe('SG.7 stale security group reference', () => {
  const network = () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc({ bare: true });
    const peerVpc = net.vpc({ bare: true, cidr: '10.1.0.0/16' });
    net.securityGroup({ vpc, id: 'sg-app' });
    net.securityGroup({ vpc: peerVpc, id: 'sg-peer-app' });
    return { net, vpc, peerVpc };
  };

  it('fails on a group AWS lists as stale, naming the rule and the gone peering', () => {
    const { net, vpc } = network();
    const stale = { GroupId: 'sg-remote', UserId: ACCOUNT, VpcId: 'vpc-9', VpcPeeringConnectionId: 'pcx-1' };
    net.securityGroup({ vpc, id: 'sg-db', name: 'db', ingress: [postgresFrom(stale)] });
    net.staleGroup({
      groupId: 'sg-db',
      vpc,
      staleIngress: [postgresFrom({ ...stale, PeeringStatus: 'deleted' })],
    });
    const result = resultFor(runRule(rule, net.snapshot()), 'sg-db');
    expect(result.status).toBe('FAILED');
    expect(result.message).toBe(
      'db has 1 stale rule: inbound TCP 5432 from sg-remote (vpc-9 via pcx-1) ' +
        '(reported stale by AWS: group or peering pcx-1 gone, peering deleted)',
    );
  });

  it('fails on a rule naming a same-account group of its own VPC that no longer exists', () => {
    const { net, vpc } = network();
    net.securityGroup({ vpc, id: 'sg-db', ingress: [tcp(5432).fromGroup('sg-app', 'sg-deleted')] });
    const result = resultFor(runRule(rule, net.snapshot()), 'sg-db');
    expect(result.message).toContain('inbound TCP 5432 from sg-deleted (sg-deleted no longer exists)');
    expect(result.message).not.toContain('sg-app');
  });

  it('reports outbound stale rules too, with every stale rule of the group in one outcome', () => {
    const { net, vpc } = network();
    net.securityGroup({
      vpc,
      id: 'sg-db',
      ingress: [tcp(5432).fromGroup('sg-gone-1')],
      egress: [tcp(443).fromGroup('sg-gone-2')],
    });
    const results = runRule(rule, net.snapshot());
    expect(results.filter((r) => r.resourceId === 'sg-db')).toHaveLength(1);
    expect(resultFor(results, 'sg-db').message).toContain(
      '2 stale rules: inbound TCP 5432 from sg-gone-1 (sg-gone-1 no longer exists); ' +
        'outbound TCP 443 to sg-gone-2 (sg-gone-2 no longer exists)',
    );
  });

  it('mentions a rule once when AWS and the snapshot both show it stale', () => {
    const { net, vpc } = network();
    net.securityGroup({ vpc, id: 'sg-db', ingress: [tcp(5432).fromGroup('sg-gone')] });
    net.staleGroup({ groupId: 'sg-db', vpc, staleIngress: [tcp(5432).fromGroup('sg-gone')] });
    expect(resultFor(runRule(rule, net.snapshot()), 'sg-db').message).toMatch(/has 1 stale rule: /);
  });

  it('passes on references to groups that exist, in its own VPC and in a peered VPC', () => {
    const { net, vpc, peerVpc } = network();
    const peering = net.peering({ requester: vpc, accepter: peerVpc });
    const peerPair = {
      GroupId: 'sg-peer-app',
      UserId: ACCOUNT,
      VpcId: peerVpc.VpcId,
      VpcPeeringConnectionId: peering.VpcPeeringConnectionId,
      PeeringStatus: 'active',
    };
    net.securityGroup({ vpc, id: 'sg-db', ingress: [tcp(5432).fromGroup('sg-app'), postgresFrom(peerPair)] });
    expect(resultFor(runRule(rule, net.snapshot()), 'sg-db').status).toBe('PASSED');
  });

  it('does not flag what it cannot know: another account, a VPC outside the snapshot, a name-only pair', () => {
    const { net, vpc } = network();
    net.securityGroup({
      vpc,
      id: 'sg-db',
      ingress: [
        postgresFrom({ GroupId: 'sg-theirs', UserId: '111122223333' }),
        postgresFrom({
          GroupId: 'sg-far',
          UserId: ACCOUNT,
          VpcId: 'vpc-other-region',
          VpcPeeringConnectionId: 'pcx-x',
        }),
        postgresFrom({ GroupName: 'legacy', UserId: ACCOUNT }),
      ],
    });
    expect(resultFor(runRule(rule, net.snapshot()), 'sg-db').status).toBe('PASSED');
  });

  it('judges a peered VPC of the snapshot only when it is in scope and its groups were collected', () => {
    const build = (o: { scope?: string[]; peerGroupsFailed?: boolean }) => {
      const { net, vpc, peerVpc } = network();
      const pair = {
        GroupId: 'sg-peer-gone',
        UserId: ACCOUNT,
        VpcId: peerVpc.VpcId,
        VpcPeeringConnectionId: 'pcx-1',
      };
      net.securityGroup({ vpc, id: 'sg-db', ingress: [postgresFrom(pair)] });
      if (o.scope) net.data.scope = { vpcIds: o.scope };
      if (o.peerGroupsFailed) {
        net.error({
          api: 'DescribeSecurityGroups',
          code: 'Throttling',
          message: 'slow',
          vpcId: peerVpc.VpcId,
        });
      }
      return resultFor(runRule(rule, net.snapshot()), 'sg-db');
    };
    expect(build({}).message).toContain(
      'from sg-peer-gone (vpc-2 via pcx-1) (sg-peer-gone no longer exists)',
    );
    expect(build({ scope: ['vpc-1'] }).status).toBe('PASSED');
    expect(build({ scope: ['vpc-1', 'vpc-2'] }).status).toBe('FAILED');
    expect(build({ peerGroupsFailed: true }).status).toBe('PASSED');
  });

  it('fails on a reference across a peering the snapshot shows deleted', () => {
    const { net, vpc, peerVpc } = network();
    const peering = net.peering({ requester: vpc, accepter: peerVpc, status: 'deleted' });
    const pair = {
      GroupId: 'sg-peer-app',
      UserId: ACCOUNT,
      VpcId: peerVpc.VpcId,
      VpcPeeringConnectionId: peering.VpcPeeringConnectionId,
    };
    net.securityGroup({ vpc, id: 'sg-db', ingress: [postgresFrom(pair)] });
    expect(resultFor(runRule(rule, net.snapshot()), 'sg-db').message).toContain(
      `(peering ${peering.VpcPeeringConnectionId} is deleted)`,
    );
  });

  it('is NOT_EVALUATED for the groups of a VPC whose stale groups could not be collected', () => {
    const { net, vpc } = network();
    net.securityGroup({ vpc, id: 'sg-db', ingress: [tcp(5432).fromGroup('sg-app')] });
    net.error({
      api: 'DescribeStaleSecurityGroups',
      code: 'AccessDenied',
      message: 'denied',
      vpcId: 'vpc-1',
    });
    const results = runRule(rule, net.snapshot());
    expect(resultFor(results, 'sg-db').status).toBe('NOT_EVALUATED');
    expect(resultFor(results, 'sg-db').message).toContain(
      'staleSecurityGroups could not be collected for vpc-1',
    );
    expect(resultFor(results, 'sg-peer-app').status).toBe('PASSED');
  });

  it('is NOT_EVALUATED everywhere when stale groups could not be collected at all', () => {
    const { net } = network();
    net.error({ api: 'DescribeStaleSecurityGroups', code: 'AccessDenied', message: 'denied' });
    expect(new Set(runRule(rule, net.snapshot()).map((r) => r.status))).toEqual(new Set(['NOT_EVALUATED']));
  });
});
