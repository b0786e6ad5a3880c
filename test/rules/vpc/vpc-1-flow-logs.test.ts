import { vpcWithoutFlowLogs as rule } from '../../../lambda/rules/vpc/vpc-1-flow-logs';
import { NetworkBuilder } from '../../support/network-builder';
import { resultFor, runRule } from '../../support/run-rule';

describe('VPC.1 VPC without an active flow log', () => {
  const build = () => {
    const net = new NetworkBuilder();
    const vpc = net.vpc({ id: 'vpc-1', bare: true });
    return { net, vpc };
  };
  const verdict = (net: NetworkBuilder) => resultFor(runRule(rule, net.snapshot()), 'vpc-1');

  it('fails on a VPC with no flow log', () => {
    const result = verdict(build().net);
    expect(result.status).toBe('FAILED');
    expect(result.resourceType).toBe('AwsEc2Vpc');
    expect(result.message).toBe('vpc-1 has no flow log');
    expect(result.references).toEqual(['FSBP EC2.6', 'CIS 3.0 3.7']);
  });

  it('is NOT_EVALUATED on a VPC shared by another account, whose flow logs only the owner sees', () => {
    const { net, vpc } = build();
    vpc.OwnerId = '999988887777';
    const result = verdict(net);
    expect(result.status).toBe('NOT_EVALUATED');
    expect(result.message).toBe(
      'vpc-1 is shared by account 999988887777: its flow logs are visible to the owner only',
    );
    expect(result.resourceArn).toBe('arn:aws:ec2:us-east-1:999988887777:vpc/vpc-1');
  });

  it('passes on a VPC with an active flow log, naming it', () => {
    const { net, vpc } = build();
    net.flowLog({ vpc });
    const result = verdict(net);
    expect(result.status).toBe('PASSED');
    expect(result.message).toBe('Active flow log: fl-1 (ACTIVE)');
  });

  it('fails when the only flow log is not ACTIVE', () => {
    const { net, vpc } = build();
    net.flowLog({ vpc, status: 'INACTIVE' });
    expect(verdict(net).message).toBe('vpc-1 has no active flow log: fl-1 (INACTIVE)');
  });

  it('fails when the flow log is ACTIVE but its delivery FAILED, and says so', () => {
    const { net, vpc } = build();
    const log = net.flowLog({ vpc, deliverStatus: 'FAILED' });
    log.DeliverLogsErrorMessage = 'Access error';
    const result = verdict(net);
    expect(result.status).toBe('FAILED');
    expect(result.message).toBe('vpc-1 has no active flow log: fl-1 (ACTIVE, delivery FAILED: Access error)');
  });

  it('passes when one of several flow logs works', () => {
    const { net, vpc } = build();
    net.flowLog({ vpc, deliverStatus: 'FAILED' });
    net.flowLog({ vpc });
    expect(verdict(net).message).toBe('Active flow log: fl-2 (ACTIVE)');
  });

  it('does not count a flow log on another VPC', () => {
    const { net } = build();
    net.vpc({ id: 'vpc-2', bare: true, flowLog: true });
    expect(verdict(net).status).toBe('FAILED');
  });

  it('is NOT_EVALUATED for every VPC when flow logs could not be collected', () => {
    const { net } = build();
    net.vpc({ id: 'vpc-2', bare: true });
    net.error({ api: 'DescribeFlowLogs', code: 'AccessDenied', message: 'denied' });
    expect(runRule(rule, net.snapshot()).map((r) => [r.resourceId, r.status])).toEqual([
      ['vpc-1', 'NOT_EVALUATED'],
      ['vpc-2', 'NOT_EVALUATED'],
    ]);
  });
});
