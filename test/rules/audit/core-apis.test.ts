import fc from 'fast-check';
import { evaluate } from '../../../lambda/engine/evaluate';
import { parseConfig } from '../../../lambda/config/config';
import { CORE_APIS, lostCoreApis, nothingEvaluated } from '../../../lambda/rules/audit/core-apis';
import { RULE_IDS, RULES } from '../../../lambda/rules/registry';
import { PART_API } from '../../../lambda/snapshot/types';
import { NetworkBuilder } from '../../support/network-builder';

const denied = (api: string, vpcId?: string) => ({
  api,
  code: 'AccessDenied',
  message: `not authorized to perform ec2:${api}`,
  ...(vpcId ? { vpcId } : {}),
});

/** A small network with an instance, audited by the whole catalogue with these calls failed. */
function auditWith(errors: ReturnType<typeof denied>[]) {
  const net = new NetworkBuilder();
  const vpc = net.vpc({ id: 'vpc-1' });
  net.securityGroup({ vpc, id: 'sg-1' });
  errors.forEach((e) => net.error(e));
  return evaluate(net.snapshot(), parseConfig({}, RULE_IDS), RULES);
}

describe('core collection APIs', () => {
  it('are collection APIs the snapshot parts are filled from', () => {
    const apis = new Set(Object.values(PART_API));
    for (const api of CORE_APIS) expect(apis.has(api)).toBe(true);
  });

  it('lists the lost ones in a fixed order, per-VPC failures included, other calls ignored', () => {
    expect(
      lostCoreApis([
        denied('DescribeInstances'),
        denied('DescribeFlowLogs'),
        denied('DescribeSecurityGroups', 'vpc-1'),
        denied('DescribeInstances'),
      ]),
    ).toEqual(['DescribeSecurityGroups', 'DescribeInstances']);
  });
});

describe('a run that evaluated nothing', () => {
  it('is one where every EC2 call was denied (an SCP or a lost role policy)', () => {
    const everyApi = [...new Set(Object.values(PART_API))].map((api) => denied(api));
    const reason = nothingEvaluated(auditWith(everyApi));
    expect(reason).toBe(`every core EC2 API failed (AccessDenied): ${CORE_APIS.join(', ')}`);
  });

  it('is one where every core call failed, even if a minor one answered', () => {
    expect(nothingEvaluated(auditWith(CORE_APIS.map((api) => denied(api))))).toContain(
      'every core EC2 API failed',
    );
  });

  it('is one where every result but AUDIT.1 is NOT_EVALUATED', () => {
    const report = {
      errors: [denied('DescribeVpcs')],
      results: [
        { ruleId: 'SG.1', status: 'NOT_EVALUATED' as const },
        { ruleId: 'AUDIT.1', status: 'FAILED' as const },
        { ruleId: 'AUDIT.1', status: 'PASSED' as const },
      ],
    };
    expect(nothingEvaluated(report as never)).toBe(
      'every one of 1 results is NOT_EVALUATED (1 API call(s) failed)',
    );
  });

  it('is not a run that lost one core call: the rest of the audit stands', () => {
    expect(nothingEvaluated(auditWith([denied('DescribeInstances')]))).toBeUndefined();
  });

  it('is not a clean run, nor an empty account', () => {
    expect(nothingEvaluated(auditWith([]))).toBeUndefined();
    expect(nothingEvaluated({ errors: [], results: [] })).toBeUndefined();
  });

  it('holds whenever every core call fails, whatever else fails or answers', () => {
    const others = [...new Set(Object.values(PART_API))].filter((api) => !CORE_APIS.includes(api));
    fc.assert(
      fc.property(fc.subarray(others), fc.boolean(), (failing, perVpc) => {
        const errors = [
          ...CORE_APIS.map((api) => denied(api, perVpc ? 'vpc-1' : undefined)),
          ...failing.map((api) => denied(api)),
        ];
        expect(nothingEvaluated({ errors, results: [] })).toContain('every core EC2 API failed');
      }),
      { numRuns: 30 },
    );
  });
});
