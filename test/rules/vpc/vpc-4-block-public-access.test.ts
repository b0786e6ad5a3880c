import { blockPublicAccessBreaksSubnet as rule } from '../../../lambda/rules/vpc/vpc-4-block-public-access';
import { NetworkBuilder, toIgw } from '../../support/network-builder';
import { resultFor, runRule } from '../../support/run-rule';

/** A public subnet `subnet-web` (an instance with a public IP, 0.0.0.0/0 to an attached IGW). */
function publicSubnet() {
  const net = new NetworkBuilder();
  const vpc = net.vpc({ id: 'vpc-1' });
  const igw = net.internetGateway({ vpc });
  const subnet = net.subnet({ vpc, id: 'subnet-web', routes: [toIgw(igw)] });
  net.instance({ subnet, publicIp: '203.0.113.10' });
  const priv = net.subnet({ vpc, id: 'subnet-priv', cidr: '10.0.2.0/24' });
  return { net, vpc, subnet, priv };
}

const verdict = (net: NetworkBuilder, id = 'subnet-web') => resultFor(runRule(rule, net.snapshot()), id);

describe('VPC.4 Block Public Access blocks a subnet built for internet gateway traffic', () => {
  it('fails HIGH in block-bidirectional mode without an exclusion, and passes a private subnet', () => {
    const { net } = publicSubnet();
    net.blockPublicAccess('block-bidirectional');
    const result = verdict(net);
    expect(result.status).toBe('FAILED');
    expect(result.severity).toBe('HIGH');
    expect(result.message).toContain('drops all its internet gateway traffic, both ways');
    expect(result.message).toContain('no exclusion covers the subnet or its VPC');
    expect(verdict(net, 'subnet-priv').status).toBe('PASSED');
  });

  it('fails MEDIUM in block-ingress mode: inbound is lost, outbound still works', () => {
    const { net } = publicSubnet();
    net.blockPublicAccess('block-ingress');
    const result = verdict(net);
    expect(result.severity).toBe('MEDIUM');
    expect(result.message).toContain(
      'drops inbound internet traffic to its public addresses (outbound still works)',
    );
  });

  it('passes with a completed exclusion of the subnet or of its VPC, and ignores one still being created', () => {
    const bySubnet = publicSubnet();
    bySubnet.net.blockPublicAccess('block-bidirectional');
    bySubnet.net.blockPublicAccessExclusion({ resource: bySubnet.subnet });
    expect(verdict(bySubnet.net).status).toBe('PASSED');

    const byVpc = publicSubnet();
    byVpc.net.blockPublicAccess('block-bidirectional');
    byVpc.net.blockPublicAccessExclusion({ resource: byVpc.vpc });
    expect(verdict(byVpc.net).status).toBe('PASSED');

    const pending = publicSubnet();
    pending.net.blockPublicAccess('block-bidirectional');
    pending.net.blockPublicAccessExclusion({ resource: pending.subnet, state: 'create-in-progress' });
    expect(verdict(pending.net).status).toBe('FAILED');
  });

  it('still fails inbound when the exclusion allows egress only in block-bidirectional mode', () => {
    const { net, subnet } = publicSubnet();
    net.blockPublicAccess('block-bidirectional');
    net.blockPublicAccessExclusion({ resource: subnet, mode: 'allow-egress' });
    const result = verdict(net);
    expect(result.status).toBe('FAILED');
    expect(result.severity).toBe('MEDIUM');
    expect(result.evidence?.blocked).toEqual(['inbound']);
  });

  it('passes every subnet when Block Public Access is off', () => {
    const { net } = publicSubnet();
    expect(runRule(rule, net.snapshot()).map((r) => r.status)).toEqual(['PASSED', 'PASSED']);
  });

  it('is NOT_EVALUATED when the Block Public Access settings were not collected', () => {
    const { net } = publicSubnet();
    delete net.data.vpcBlockPublicAccessOptions;
    expect(runRule(rule, net.snapshot()).every((r) => r.status === 'NOT_EVALUATED')).toBe(true);
  });
});
