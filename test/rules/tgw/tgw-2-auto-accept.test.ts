import { transitGatewayAutoAcceptsAttachments as rule } from '../../../lambda/rules/tgw/tgw-2-auto-accept';
import { transitGateway } from '../../support/hybrid';
import { NetworkBuilder } from '../../support/network-builder';
import { resultFor, runRule } from '../../support/run-rule';

describe('TGW.2 transit gateway auto-accepts shared attachments', () => {
  it('fails a transit gateway with auto accept on', () => {
    const s = new NetworkBuilder().snapshot();
    transitGateway(s, { id: 'tgw-1', autoAccept: true });
    const result = resultFor(runRule(rule, s), 'tgw-1');
    expect(result.status).toBe('FAILED');
    expect(result.resourceType).toBe('AwsEc2TransitGateway');
    expect(result.message).toBe(
      'tgw-1 accepts shared attachments automatically (AutoAcceptSharedAttachments enable)',
    );
  });

  it('passes a transit gateway with auto accept off, and skips deleted ones', () => {
    const s = new NetworkBuilder().snapshot();
    transitGateway(s, { id: 'tgw-1' });
    transitGateway(s, { id: 'tgw-old', autoAccept: true, state: 'deleted' });
    expect(runRule(rule, s).map((r) => [r.resourceId, r.status])).toEqual([['tgw-1', 'PASSED']]);
  });

  it('is NOT_EVALUATED when transit gateways could not be collected', () => {
    const net = new NetworkBuilder();
    net.error({ api: 'DescribeTransitGateways', code: 'AccessDenied', message: 'denied' });
    expect(runRule(rule, net.snapshot()).map((r) => r.status)).toEqual(['NOT_EVALUATED']);
  });
});
