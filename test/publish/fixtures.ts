import { partitionOf } from '../../lambda/aws/arn';
import { summarize } from '../../lambda/engine/evaluate';
import { findingId, type AuditReport, type Result } from '../../lambda/engine/result';

export const ACCOUNT = '123456789012';
export const REGION = 'us-east-1';
export const COLLECTED_AT = '2026-11-28T00:00:00Z';

/** A failing SG.1 result on `resourceId` (override anything). */
export function aResult(overrides: Partial<Result> & { resourceId?: string } = {}): Result {
  const region = overrides.region ?? REGION;
  const accountId = overrides.accountId ?? ACCOUNT;
  const partition = overrides.partition ?? partitionOf(region);
  const ruleId = overrides.ruleId ?? 'SG.1';
  const resourceId = overrides.resourceId ?? 'sg-1';
  return {
    ruleId,
    title: 'Security group allows an admin port from the internet',
    status: 'FAILED',
    severity: 'HIGH',
    category: 'exposure',
    resourceType: 'AwsEc2SecurityGroup',
    resourceId,
    resourceArn: `arn:${partition}:ec2:${region}:${accountId}:security-group/${resourceId}`,
    vpcId: 'vpc-1',
    accountId,
    region,
    partition,
    message: `${resourceId} allows TCP 22 from 0.0.0.0/0`,
    remediation: {
      text: 'Replace 0.0.0.0/0 on the admin port rules with your office or VPN CIDR.',
      url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-13',
    },
    references: ['FSBP EC2.13', 'CIS 5.2'],
    ...overrides,
    findingId: findingId(region, accountId, ruleId, resourceId),
  };
}

export function aReport(results: Result[], overrides: Partial<AuditReport> = {}): AuditReport {
  const region = overrides.region ?? results[0]?.region ?? REGION;
  return {
    accountId: ACCOUNT,
    region,
    partition: partitionOf(region),
    collectedAt: COLLECTED_AT,
    ruleIds: [...new Set(results.map((r) => r.ruleId))].sort(),
    results,
    summary: summarize(results),
    errors: [],
    ...overrides,
  };
}

/** `count` failing security groups sg-0001... in vpc-1. */
export function manyFailures(count: number): Result[] {
  return Array.from({ length: count }, (_, i) =>
    aResult({ resourceId: `sg-${String(i + 1).padStart(4, '0')}` }),
  );
}
