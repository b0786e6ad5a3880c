import { unusedNetworkAcl as rule } from '../../../lambda/rules/nacl/nacl-4-unused';
import { NetworkBuilder } from '../../support/network-builder';
import { resultFor, runRule } from '../../support/run-rule';

describe('NACL.4 network ACL associated with no subnet', () => {
  const build = () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc({ id: 'vpc-1' });
    return { net, vpc };
  };

  it('fails on a non-default ACL with no subnet', () => {
    const { net, vpc } = build();
    net.networkAcl({ vpc, id: 'acl-idle' });
    const result = resultFor(runRule(rule, net.snapshot()), 'acl-idle');
    expect(result.status).toBe('FAILED');
    expect(result.severity).toBe('LOW');
    expect(result.message).toBe('acl-idle (non-default, vpc-1) is associated with no subnet');
    expect(result.references).toEqual(['FSBP EC2.16']);
  });

  it('passes on a non-default ACL with a subnet, naming it', () => {
    const { net, vpc } = build();
    const acl = net.networkAcl({ vpc, id: 'acl-used' });
    net.subnet({ vpc, id: 'subnet-a', nacl: acl });
    expect(resultFor(runRule(rule, net.snapshot()), 'acl-used').message).toBe('Associated with subnet-a');
  });

  it('passes on the default ACL even when it has no subnet', () => {
    const { net } = build();
    const [result] = runRule(rule, net.snapshot());
    expect(result?.status).toBe('PASSED');
    expect(result?.message).toContain('Default network ACL of vpc-1');
  });

  it('is NOT_EVALUATED when network ACLs could not be collected', () => {
    const { net } = build();
    net.error({ api: 'DescribeNetworkAcls', code: 'AccessDenied', message: 'denied' });
    expect(runRule(rule, net.snapshot()).map((r) => r.status)).toEqual(['NOT_EVALUATED']);
  });
});
