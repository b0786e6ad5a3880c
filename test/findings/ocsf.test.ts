import { formatOcsf, OCSF_VERSION, toOcsf } from '../../lambda/findings/ocsf';
import { NETAUDIT_VERSION } from '../../lambda/version';
import { changed, demoReport, HOSTILE, withResults } from './fixtures';

const demo = demoReport();
const ocsf = (report = demo, includePassed = false): Record<string, unknown>[] =>
  JSON.parse([...formatOcsf(report, { includePassed })].join(''));

/** What OCSF 1.1.0 requires of a Detection Finding with the cloud profile (and recommends, for status). */
const REQUIRED = [
  'activity_id',
  'category_uid',
  'class_uid',
  'type_uid',
  'time',
  'severity_id',
  'status_id',
  'finding_info',
  'metadata',
  'cloud',
];

describe('ocsf format', () => {
  it('is a JSON array of OCSF Detection Findings, one per result shown', () => {
    const findings = ocsf();
    expect(findings.map((f) => (f.finding_info as { uid: string }).uid)).toEqual(
      demo.results.filter((r) => r.status !== 'PASSED').map((r) => r.findingId),
    );
    expect(ocsf(demo, true)).toHaveLength(demo.results.length);
    for (const f of findings) {
      for (const key of REQUIRED) expect(f).toHaveProperty(key);
      expect(f).toMatchObject({
        class_uid: 2004,
        class_name: 'Detection Finding',
        category_uid: 2,
        category_name: 'Findings',
        activity_id: 1,
        type_uid: 200401,
        time: Date.parse('2026-11-28T00:00:00Z'),
        metadata: { version: OCSF_VERSION, product: { name: 'NetAudit', version: NETAUDIT_VERSION } },
      });
    }
    expect(OCSF_VERSION).toMatch(/^1\.\d+\.\d+$/);
  });

  it('maps a failure: severity, status, finding, resource, cloud account and remediation', () => {
    const nat = demo.results.find((r) => r.ruleId === 'NAT.1' && r.status === 'FAILED')!;
    expect(toOcsf(nat, demo.collectedAt)).toMatchObject({
      severity_id: 4,
      severity: 'High',
      status_id: 1,
      status: 'New',
      status_code: 'FAIL',
      message: nat.message,
      finding_info: {
        uid: nat.findingId,
        title: nat.title,
        desc: nat.description,
        analytic: { uid: 'NAT.1', type_id: 1, type: 'Rule' },
      },
      resources: [
        {
          uid: nat.resourceArn,
          name: nat.resourceId,
          type: 'AwsEc2NatGateway',
          region: 'eu-west-1',
          cloud_partition: 'aws',
        },
      ],
      cloud: {
        provider: 'AWS',
        region: 'eu-west-1',
        account: { uid: '111122223333', type_id: 10, type: 'AWS Account' },
      },
      remediation: { desc: nat.remediation.text, references: [nat.remediation.url] },
    });
  });

  it('maps every severity and status, and never reports an unevaluated check as resolved', () => {
    const base = demo.results.find((r) => r.status === 'FAILED')!;
    const severities = [
      ['CRITICAL', 5],
      ['HIGH', 4],
      ['MEDIUM', 3],
      ['LOW', 2],
      ['INFORMATIONAL', 1],
    ] as const;
    for (const [severity, id] of severities) {
      expect(toOcsf(changed(base, { severity }), demo.collectedAt).severity_id).toBe(id);
    }
    const statuses = [
      ['FAILED', 1, 'FAIL'],
      ['SUPPRESSED', 3, 'FAIL'],
      ['PASSED', 4, 'PASS'],
      ['NOT_EVALUATED', 99, 'NOT_EVALUATED'],
    ] as const;
    for (const [status, id, code] of statuses) {
      const f = toOcsf(changed(base, { status }), demo.collectedAt);
      expect([f.status_id, f.status_code]).toEqual([id, code]);
    }
    expect(toOcsf(changed(base, { status: 'NOT_EVALUATED' }), demo.collectedAt).status).toBe('Not evaluated');
    const suppressed = changed(base, {
      status: 'SUPPRESSED',
      suppression: { reason: 'DR', owner: 'ops', expires: '2027-01-01' },
    });
    expect(toOcsf(suppressed, demo.collectedAt).status_detail).toBe('DR (ops, until 2027-01-01)');
  });

  it('carries hostile text as data, and an empty report as an empty array', () => {
    const base = demo.results.find((r) => r.status === 'FAILED')!;
    expect(ocsf(withResults(demo, [changed(base, { message: HOSTILE })]))[0]!.message).toBe(HOSTILE);
    expect([...formatOcsf(withResults(demo, []), {})].join('')).toBe('[]\n');
  });

  it('streams a large report in pieces that join to one JSON array', () => {
    const base = demo.results.find((r) => r.status === 'FAILED')!;
    const many = withResults(
      demo,
      Array.from({ length: 1200 }, (_, i) => changed(base, { findingId: `id-${i}` })),
    );
    const pieces = [...formatOcsf(many, {})];
    expect(pieces.length).toBe(3);
    expect(
      JSON.parse(pieces.join('')).map((f: { finding_info: { uid: string } }) => f.finding_info.uid),
    ).toEqual(many.results.map((r) => r.findingId));
  });

  it('is the same bytes for the same report', () => {
    expect([...formatOcsf(demoReport(), {})].join('')).toBe([...formatOcsf(demo, {})].join(''));
  });
});
