import fc from 'fast-check';
import { transitGatewayUnreachableFromSubnet as rule } from '../../../lambda/rules/tgw/tgw-3-subnet-attachment';
import { tgwVpcAttachment, toTgw } from '../../support/hybrid';
import { NetworkBuilder } from '../../support/network-builder';
import { resultFor, runRule } from '../../support/run-rule';

const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
const STATES = ['available', 'modifying', 'pending', 'pendingAcceptance', 'rejected', 'failed', 'deleting'];

describe('TGW.3 property', () => {
  it('passes exactly when some forwarding attachment has a subnet in the routed subnet’s zone', () => {
    const attachment = fc.record({
      zones: fc.subarray(ZONES),
      state: fc.constantFrom(...STATES),
    });
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.array(attachment, { maxLength: 3 }), (zone, attachments) => {
        const net = new NetworkBuilder();
        const vpc = net.vpc({ id: 'vpc-1' });
        net.subnet({ vpc, id: 'subnet-app', az: zone, routes: [toTgw('tgw-1')] });
        const subnets = ZONES.map((az, i) =>
          net.subnet({ vpc, id: `subnet-tgw-${i}`, cidr: `10.0.9${i}.0/28`, az }),
        );
        const s = net.snapshot();
        attachments.forEach((a, i) =>
          tgwVpcAttachment(s, {
            id: `tgw-attach-${i}`,
            tgw: 'tgw-1',
            vpc,
            state: a.state,
            subnets: subnets.filter((x) => a.zones.includes(x.AvailabilityZone!)),
          }),
        );
        const works = attachments.some(
          (a) => (a.state === 'available' || a.state === 'modifying') && a.zones.includes(zone),
        );
        expect(resultFor(runRule(rule, s), 'subnet-app').status).toBe(works ? 'PASSED' : 'FAILED');
      }),
      { numRuns: 60 },
    );
  });
});
