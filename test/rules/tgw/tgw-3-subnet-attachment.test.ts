import { transitGatewayUnreachableFromSubnet as rule } from '../../../lambda/rules/tgw/tgw-3-subnet-attachment';
import { tgwVpcAttachment, toTgw } from '../../support/hybrid';
import { NetworkBuilder } from '../../support/network-builder';
import { resultFor, runRule } from '../../support/run-rule';

/** A VPC with an app subnet in zone a routing 10.0.0.0/8 to tgw-1, and an attachment subnet in `zone`. */
function network(zone: string) {
  const net = new NetworkBuilder();
  const vpc = net.vpc({ id: 'vpc-1' });
  const app = net.subnet({ vpc, id: 'subnet-app', az: 'us-east-1a', routes: [toTgw('tgw-1')] });
  const tgwSubnet = net.subnet({ vpc, id: 'subnet-tgw', cidr: '10.0.9.0/28', az: zone });
  return { net, vpc, app, tgwSubnet };
}

describe('TGW.3 subnet routes to a transit gateway its attachment does not serve', () => {
  it('passes a subnet whose zone has an attachment subnet', () => {
    const { net, vpc, tgwSubnet } = network('us-east-1a');
    const s = net.snapshot();
    tgwVpcAttachment(s, { id: 'tgw-attach-1', tgw: 'tgw-1', vpc, subnets: [tgwSubnet] });
    expect(resultFor(runRule(rule, s), 'subnet-app')).toMatchObject({
      status: 'PASSED',
      message: 'subnet-app reaches tgw-1 through an available attachment in us-east-1a',
    });
  });

  it('fails a subnet in a zone where the attachment has no subnet', () => {
    const { net, vpc, tgwSubnet } = network('us-east-1b');
    const s = net.snapshot();
    tgwVpcAttachment(s, { id: 'tgw-attach-1', tgw: 'tgw-1', vpc, subnets: [tgwSubnet] });
    expect(resultFor(runRule(rule, s), 'subnet-app')).toMatchObject({
      status: 'FAILED',
      message:
        "subnet-app routes to a transit gateway it cannot reach: tgw-1's attachment tgw-attach-1 has no subnet in us-east-1a",
    });
  });

  it.each(['pendingAcceptance', 'rejected', 'failed'])('fails when the only attachment is %s', (state) => {
    const { net, vpc, tgwSubnet } = network('us-east-1a');
    const s = net.snapshot();
    tgwVpcAttachment(s, { id: 'tgw-attach-1', tgw: 'tgw-1', vpc, subnets: [tgwSubnet], state });
    expect(resultFor(runRule(rule, s), 'subnet-app').message).toBe(
      `subnet-app routes to a transit gateway it cannot reach: tgw-1's attachment for vpc-1 is not available: tgw-attach-1 (${state})`,
    );
  });

  it('fails when the VPC has no attachment to that transit gateway', () => {
    const { net, vpc, tgwSubnet } = network('us-east-1a');
    const s = net.snapshot();
    tgwVpcAttachment(s, { id: 'tgw-attach-9', tgw: 'tgw-other', vpc, subnets: [tgwSubnet] });
    expect(resultFor(runRule(rule, s), 'subnet-app').message).toBe(
      'subnet-app routes to a transit gateway it cannot reach: tgw-1 has no attachment for vpc-1',
    );
  });

  it('passes subnets with no route to a transit gateway', () => {
    const { net } = network('us-east-1a');
    expect(resultFor(runRule(rule, net.snapshot()), 'subnet-tgw').message).toBe(
      'subnet-tgw has no route to a transit gateway',
    );
  });

  it('is NOT_EVALUATED when the VPC attachments were not collected', () => {
    const { net } = network('us-east-1a');
    const s = net.snapshot();
    delete s.transitGatewayVpcAttachments;
    expect(new Set(runRule(rule, s).map((r) => r.status))).toEqual(new Set(['NOT_EVALUATED']));
  });
});
