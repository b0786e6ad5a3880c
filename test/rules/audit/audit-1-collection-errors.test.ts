// Imported before the registry on purpose: the audit family must load on its own (no import cycle).
import { collectionErrors as rule } from '../../../lambda/rules/audit';
import { collectionErrorsRule } from '../../../lambda/rules/audit/audit-1-collection-errors';
import { parseConfig } from '../../../lambda/config/config';
import { evaluate } from '../../../lambda/engine/evaluate';
import { RULE_IDS, RULES } from '../../../lambda/rules/registry';
import { PART_API } from '../../../lambda/snapshot/types';
import { CORE_APIS } from '../../../lambda/rules/audit/core-apis';
import { NetworkBuilder } from '../../support/network-builder';
import { resultFor, runRule } from '../../support/run-rule';

const failuresOf = (...args: Parameters<typeof runRule>) =>
  runRule(...args).filter((r) => r.status !== 'PASSED');

describe('AUDIT.1 API call failed during collection', () => {
  const withErrors = (...errors: Parameters<NetworkBuilder['error']>[0][]) => {
    const net = new NetworkBuilder();
    net.vpc({ id: 'vpc-1' });
    errors.forEach((e) => net.error(e));
    return net.snapshot();
  };

  it('passes once per collection API when every call succeeded', () => {
    const results = runRule(rule, withErrors());
    const apis = [...new Set(Object.values(PART_API))];
    expect(results).toHaveLength(apis.length);
    expect(results.every((r) => r.status === 'PASSED' && r.resourceType === 'AwsAccount')).toBe(true);
    expect(resultFor(results, '123456789012/DescribeFlowLogs').message).toBe('DescribeFlowLogs succeeded');
  });

  it('resolves a fixed failure: the API that failed last run has its own PASSED result now', () => {
    const failing = runRule(
      rule,
      withErrors({ api: 'DescribeFlowLogs', code: 'AccessDenied', message: 'denied' }),
    );
    expect(resultFor(failing, '123456789012/DescribeFlowLogs').status).toBe('FAILED');
    expect(resultFor(runRule(rule, withErrors()), '123456789012/DescribeFlowLogs').status).toBe('PASSED');
  });

  it('fails once per failed API, naming the call, the error and the rules that could not run', () => {
    const results = failuresOf(
      rule,
      withErrors(
        {
          api: 'DescribeFlowLogs',
          code: 'AccessDenied',
          message: 'not authorized to perform ec2:DescribeFlowLogs',
        },
        { api: 'DescribeNetworkAcls', code: 'Throttling', message: 'Rate exceeded' },
      ),
    );
    expect(results.map((r) => [r.resourceId, r.status])).toEqual([
      ['123456789012/DescribeFlowLogs', 'FAILED'],
      ['123456789012/DescribeNetworkAcls', 'FAILED'],
    ]);
    const flowLogs = resultFor(results, '123456789012/DescribeFlowLogs');
    expect(flowLogs.resourceType).toBe('AwsAccount');
    expect(flowLogs.severity).toBe('MEDIUM');
    expect(flowLogs.message).toBe(
      'DescribeFlowLogs failed (AccessDenied: not authorized to perform ec2:DescribeFlowLogs); rules not run: VPC.1',
    );
    expect(resultFor(results, '123456789012/DescribeNetworkAcls').message).toContain(
      'rules not run: NACL.1, NACL.2, NACL.3, NACL.4',
    );
  });

  it('reports a lost core call as HIGH and any other call as MEDIUM', () => {
    const results = failuresOf(
      rule,
      withErrors(
        ...CORE_APIS.map((api) => ({ api, code: 'AccessDenied', message: 'denied' })),
        { api: 'DescribeFlowLogs', code: 'AccessDenied', message: 'denied' },
        { api: 'DescribeVpcAttribute', code: 'AccessDenied', message: 'denied', vpcId: 'vpc-1' },
      ),
    );
    const severities = Object.fromEntries(results.map((r) => [r.resourceId.split('/')[1], r.severity]));
    expect(severities).toEqual({
      ...Object.fromEntries(CORE_APIS.map((api) => [api, 'HIGH'])),
      DescribeFlowLogs: 'MEDIUM',
      DescribeVpcAttribute: 'MEDIUM',
    });
  });

  it('lets a severity override apply to core calls too', () => {
    const snapshot = withErrors({ api: 'DescribeInstances', code: 'AccessDenied', message: 'denied' });
    const config = parseConfig({ severityOverrides: { 'AUDIT.1': 'LOW' } }, RULE_IDS);
    const result = evaluate(snapshot, config, [rule]).results.find((r) => r.status === 'FAILED');
    expect(result?.severity).toBe('LOW');
  });

  it('names the VPC of a per-VPC failure and keeps it apart from the same API elsewhere', () => {
    const results = failuresOf(
      rule,
      withErrors(
        { api: 'DescribeVpcAttribute', code: 'AccessDenied', message: 'denied', vpcId: 'vpc-1' },
        { api: 'DescribeVpcAttribute', code: 'AccessDenied', message: 'denied', vpcId: 'vpc-2' },
      ),
    );
    expect(results.map((r) => r.resourceId)).toEqual([
      '123456789012/DescribeVpcAttribute/vpc-1',
      '123456789012/DescribeVpcAttribute/vpc-2',
    ]);
    expect(results[0]?.message).toBe(
      'DescribeVpcAttribute failed for vpc-1 (AccessDenied: denied); rules not run for vpc-1: VPC.2, VPCE.2',
    );
    expect(results[0]?.evidence).toMatchObject({
      api: 'DescribeVpcAttribute',
      vpcId: 'vpc-1',
      rules: ['VPC.2', 'VPCE.2'],
    });
  });

  it('merges repeated failures of the same call into one result', () => {
    const results = failuresOf(
      rule,
      withErrors(
        { api: 'DescribeSubnets', code: 'Throttling', message: 'Rate exceeded' },
        { api: 'DescribeSubnets', code: 'RequestLimitExceeded', message: 'Request limit exceeded' },
      ),
    );
    expect(results).toHaveLength(1);
    expect(results[0]?.message).toContain(
      '(Throttling: Rate exceeded; RequestLimitExceeded: Request limit exceeded)',
    );
  });

  it('says so when no rule depends on the failed call', () => {
    const [result] = failuresOf(
      rule,
      withErrors({ api: 'GetCallerIdentity', code: 'ExpiredToken', message: 'expired' }),
    );
    expect(result?.message).toBe(
      'GetCallerIdentity failed (ExpiredToken: expired); no rule depends on it directly',
    );
  });

  it('leaves disabled rules out of the list', () => {
    const snapshot = withErrors({ api: 'DescribeNetworkAcls', code: 'AccessDenied', message: 'denied' });
    const config = parseConfig({ disabledRules: ['NACL.3'] }, RULE_IDS);
    const result = evaluate(snapshot, config, [rule]).results.find((r) => r.status === 'FAILED');
    expect(result?.message).toContain('rules not run: NACL.1, NACL.2, NACL.4');
  });

  it('reads the rules it names from the provider it is built with', () => {
    const custom = collectionErrorsRule(() => [{ id: 'X.1', requires: ['flowLogs'] }]);
    const [result] = failuresOf(
      custom,
      withErrors({ api: 'DescribeFlowLogs', code: 'AccessDenied', message: 'no' }),
    );
    expect(result?.message).toContain('rules not run: X.1');
  });

  it('covers every rule of the registry that reads snapshot data', () => {
    const everyApi = Object.values(PART_API).map((api) => ({ api, code: 'AccessDenied', message: 'denied' }));
    const named = new Set(
      failuresOf(rule, withErrors(...everyApi)).flatMap((r) => r.evidence?.rules as string[]),
    );
    const expected = RULES.filter((r) => r.id !== 'AUDIT.1' && r.requires.length > 0).map((r) => r.id);
    expect([...named].sort()).toEqual([...expected].sort());
    expect(RULES.map((r) => r.id)).toContain('AUDIT.1');
  });
});
