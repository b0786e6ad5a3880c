import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { generateSnapshot } from '../../bench/generate';
import { defaultConfig } from '../../lambda/config/config';
import { evaluate } from '../../lambda/engine/evaluate';
import { SEVERITIES } from '../../lambda/engine/severity';
import { fingerprintOf, PRODUCT_FIELD, toAsffFinding, toAsffFindings } from '../../lambda/findings/asff';
import { truncateText } from '../../lambda/findings/asff-text';
import { RULES } from '../../lambda/rules/registry';
import { directConnectRules } from '../../lambda/rules/dx';
import { transitGatewayRules } from '../../lambda/rules/tgw';
import { loadSnapshotFile } from '../../lambda/snapshot/load';
import { NETAUDIT_VERSION } from '../../lambda/version';
import { expectValidAsff, validateAsffFinding } from '../support/asff-validator';
import { transitGateway, virtualInterface } from '../support/hybrid';
import { NetworkBuilder } from '../support/network-builder';
import { aReport, aResult, COLLECTED_AT } from '../publish/fixtures';

describe('Result → ASFF', () => {
  it('maps a failure to a complete custom-provider finding', () => {
    // Prepare
    const report = aReport([aResult(), aResult({ resourceId: 'sg-2', status: 'PASSED' })]);

    // Act
    const findings = toAsffFindings(report);

    // Assess
    expect(findings).toHaveLength(1);
    const [f] = findings;
    expect(f).toMatchObject({
      SchemaVersion: '2018-10-08',
      Id: 'netaudit/us-east-1/123456789012/SG.1/sg-1',
      ProductArn: 'arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default',
      GeneratorId: 'netaudit/SG.1',
      AwsAccountId: '123456789012',
      Types: ['Software and Configuration Checks/AWS Security Best Practices/Network Reachability'],
      Severity: { Label: 'HIGH' },
      Title: 'Security group allows an admin port from the internet',
      Description: 'sg-1 allows TCP 22 from 0.0.0.0/0',
      Remediation: { Recommendation: { Url: expect.stringContaining('ec2-controls') } },
      Compliance: { Status: 'FAILED', RelatedRequirements: ['FSBP EC2.13', 'CIS 5.2'] },
      RecordState: 'ACTIVE',
      Resources: [
        {
          Type: 'AwsEc2SecurityGroup',
          Id: 'arn:aws:ec2:us-east-1:123456789012:security-group/sg-1',
          Partition: 'aws',
          Region: 'us-east-1',
          Details: { AwsEc2SecurityGroup: { GroupId: 'sg-1', VpcId: 'vpc-1' } },
        },
      ],
      FindingProviderFields: { Severity: { Label: 'HIGH' } },
    });
    expect(f!.ProductFields).toMatchObject({
      [PRODUCT_FIELD.ruleId]: 'SG.1',
      [PRODUCT_FIELD.version]: NETAUDIT_VERSION,
      [PRODUCT_FIELD.vpcId]: 'vpc-1',
    });
    expectValidAsff(findings);
  });

  it('is deterministic by default: every timestamp is the snapshot time', () => {
    const report = aReport([aResult(), aResult({ resourceId: 'sg-2' })]);
    const first = JSON.stringify(toAsffFindings(report));
    expect(JSON.stringify(toAsffFindings(report))).toBe(first);
    const [f] = toAsffFindings(report);
    expect([f!.CreatedAt, f!.UpdatedAt, f!.FirstObservedAt, f!.LastObservedAt]).toEqual(
      Array(4).fill(COLLECTED_AT),
    );
  });

  it('keeps CreatedAt and FirstObservedAt given for existing findings', () => {
    const report = aReport([aResult()]);
    const id = report.results[0]!.findingId;
    const [f] = toAsffFindings(report, {
      updatedAt: '2026-12-01T00:00:00.000Z',
      createdAt: new Map([[id, '2026-01-01T00:00:00.000Z']]),
      firstObservedAt: new Map([[id, '2026-01-02T00:00:00.000Z']]),
    });
    expect(f).toMatchObject({
      CreatedAt: '2026-01-01T00:00:00.000Z',
      FirstObservedAt: '2026-01-02T00:00:00.000Z',
      UpdatedAt: '2026-12-01T00:00:00.000Z',
      LastObservedAt: COLLECTED_AT,
    });
  });

  it('uses the aws-cn partition for China regions', () => {
    const [f] = toAsffFindings(aReport([aResult({ region: 'cn-north-1' })]));
    expect(f!.ProductArn).toBe('arn:aws-cn:securityhub:cn-north-1:123456789012:product/123456789012/default');
    expect(f!.Resources![0]).toMatchObject({
      Id: 'arn:aws-cn:ec2:cn-north-1:123456789012:security-group/sg-1',
      Partition: 'aws-cn',
      Region: 'cn-north-1',
    });
    expectValidAsff([f]);
  });

  it('leaves Partition out where ASFF has no value for it, instead of sending an invalid one', () => {
    const [f] = toAsffFindings(aReport([aResult({ region: 'eu-isoe-west-1' })]));
    expect(f!.Resources![0]!.Partition).toBeUndefined();
    expectValidAsff([f]);
  });

  it('reports NAT gateways, internet gateways and the account as Other, cost as Resource Consumption', () => {
    const results = [
      aResult({ resourceId: 'nat-1', resourceType: 'AwsEc2NatGateway', category: 'cost', ruleId: 'NAT.1' }),
      aResult({ resourceId: 'igw-1', resourceType: 'AwsEc2InternetGateway', ruleId: 'RT.3' }),
      aResult({
        resourceId: '123456789012',
        resourceType: 'AwsAccount',
        ruleId: 'AUDIT.1',
        vpcId: undefined,
      }),
    ];
    const findings = toAsffFindings(aReport(results));
    expect(findings.map((f) => f.Resources![0]!.Type)).toEqual(['Other', 'Other', 'Other']);
    expect(findings[0]!.Resources![0]!.Details).toEqual({ Other: { NatGatewayId: 'nat-1', VpcId: 'vpc-1' } });
    expect(findings[0]!.Types).toEqual(['Effects/Resource Consumption']);
    expectValidAsff(findings);
  });

  it('puts what is wrong first in the Description, then why it matters', () => {
    const [f] = toAsffFindings(aReport([aResult({ description: 'Admin ports invite brute force.' })]));
    expect(f!.Description).toBe(
      'sg-1 allows TCP 22 from 0.0.0.0/0. Why it matters: Admin ports invite brute force.',
    );
  });

  it('truncates Title, Description and Recommendation at a word boundary with an ellipsis', () => {
    const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');
    const [f] = toAsffFindings(
      aReport([
        aResult({
          title: words(80),
          message: words(300),
          remediation: { text: words(150), url: 'https://example.com/fix' },
        }),
      ]),
    );
    expect(f!.Title!.length).toBeLessThanOrEqual(256);
    expect(f!.Description!.length).toBeLessThanOrEqual(1024);
    expect(f!.Remediation!.Recommendation!.Text!.length).toBeLessThanOrEqual(512);
    for (const text of [f!.Title!, f!.Description!, f!.Remediation!.Recommendation!.Text!]) {
      expect(text).toMatch(/ word\d+…$/);
    }
    expectValidAsff([f]);
  });

  it('archives passes and suppressions: PASSED resolves, SUPPRESSED says who accepted it', () => {
    const pass = toAsffFinding(aResult({ status: 'PASSED' }), { updatedAt: COLLECTED_AT });
    const suppressed = toAsffFinding(
      aResult({
        status: 'SUPPRESSED',
        suppression: { reason: 'bastion host', owner: 'net-team', expires: '2027-01-31' },
      }),
      { updatedAt: COLLECTED_AT },
    );
    expect(pass).toMatchObject({ RecordState: 'ARCHIVED', Compliance: { Status: 'PASSED' } });
    expect(suppressed).toMatchObject({ RecordState: 'ARCHIVED', Compliance: { Status: 'WARNING' } });
    expect(suppressed.ProductFields![PRODUCT_FIELD.suppression]).toBe(
      'bastion host (owner net-team, until 2027-01-31)',
    );
    expectValidAsff([pass, suppressed]);
  });

  it('fingerprints content, not timestamps or version', () => {
    const at = (updatedAt: string, productVersion: string) =>
      toAsffFinding(aResult(), { updatedAt, productVersion }).ProductFields![PRODUCT_FIELD.fingerprint];
    expect(at('2026-01-01T00:00:00Z', '1.0.0')).toBe(at('2026-06-01T00:00:00Z', '2.0.0'));
    const changed = toAsffFinding(aResult({ message: 'sg-1 allows TCP 3389 from ::/0' }), {
      updatedAt: COLLECTED_AT,
    });
    expect(changed.ProductFields![PRODUCT_FIELD.fingerprint]).not.toBe(at(COLLECTED_AT, '1.0.0'));
    expect(fingerprintOf(changed)).toBe(changed.ProductFields![PRODUCT_FIELD.fingerprint]);
  });

  it('stays valid for any text, severity and evidence (property)', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string({ maxLength: 3000 }), fc.constantFrom(' ', '\n\t', '')),
        fc.oneof(fc.string({ maxLength: 1500 }), fc.constantFrom(' ', '')),
        fc.constantFrom(...SEVERITIES),
        fc.dictionary(
          fc.string({ minLength: 1, maxLength: 200 }),
          fc.oneof(fc.string(), fc.integer(), fc.boolean()),
          {
            maxKeys: 80,
          },
        ),
        (message, title, severity, evidence) => {
          const f = toAsffFinding(
            aResult({ message, title: title.trim() ? title : 'T', severity, evidence }),
            {
              updatedAt: COLLECTED_AT,
            },
          );
          expect(validateAsffFinding(f)).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('every ASFF finding the project emits', () => {
  const examples = join(__dirname, '../../examples');
  const files = [
    join(examples, 'demo.json'),
    ...readdirSync(join(examples, 'scenarios'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.json'))
      .map((f) => join(examples, 'scenarios', f)),
  ];

  it.each(files)('validates against the Security Hub model: %s', (file) => {
    const report = evaluate(loadSnapshotFile(file), defaultConfig(), RULES);
    expectValidAsff(toAsffFindings(report));
    expectValidAsff(
      report.results
        .filter((r) => r.status !== 'NOT_EVALUATED')
        .map((r) => toAsffFinding(r, { updatedAt: COLLECTED_AT })),
    );
  });

  it('validates for a synthetic landing zone with every kind of failure', () => {
    const report = evaluate(generateSnapshot('S'), defaultConfig(), RULES);
    const findings = toAsffFindings(report);
    expect(findings.length).toBeGreaterThan(0);
    expectValidAsff(findings);
  });
});

describe('hybrid-network findings in Security Hub', () => {
  it.each([
    ['AwsEc2TransitGateway', 'tgw-1', 'AwsEc2TransitGateway', { AwsEc2TransitGateway: { Id: 'tgw-1' } }],
    [
      'AwsEc2VpnConnection',
      'vpn-1',
      'AwsEc2VpnConnection',
      { AwsEc2VpnConnection: { VpnConnectionId: 'vpn-1' } },
    ],
    [
      'AwsEc2TransitGatewayRouteTable',
      'tgw-rtb-1',
      'Other',
      { Other: { TransitGatewayRouteTableId: 'tgw-rtb-1' } },
    ],
    ['AwsEc2VpnGateway', 'vgw-1', 'Other', { Other: { VpnGatewayId: 'vgw-1' } }],
    ['AwsDirectConnectVirtualInterface', 'dxvif-1', 'Other', { Other: { VirtualInterfaceId: 'dxvif-1' } }],
    ['AwsEc2VpcEndpoint', 'vpce-1', 'Other', { Other: { VpcEndpointId: 'vpce-1', VpcId: 'vpc-1' } }],
  ] as const)(
    'reports %s as the ASFF type %s, with its id in the details',
    (resourceType, id, type, details) => {
      const vpcId = resourceType === 'AwsEc2VpcEndpoint' ? 'vpc-1' : undefined;
      const finding = toAsffFinding(aResult({ resourceType, resourceId: id, vpcId }), {
        updatedAt: COLLECTED_AT,
      });

      expect(finding.Resources![0]).toMatchObject({ Type: type, Details: details });
      expect(validateAsffFinding(finding)).toEqual([]);
    },
  );

  it('names each resource by its own ARN: EC2 resource types, Direct Connect for virtual interfaces', () => {
    // Prepare: a 200-VPC region's hybrid network (few interfaces), where every hybrid rule has failures.
    const snapshot = generateSnapshot({ interfaces: 2_000, groups: 600, rules: 6_000, vpcs: 200 });

    // Act
    const findings = toAsffFindings(evaluate(snapshot, defaultConfig(), RULES));

    // Assess
    const arn = (service: string, type: string, id: string) =>
      new RegExp(`^arn:aws:${service}:us-east-1:123456789012:${type}/${id}-[0-9a-f]+$`);
    const expected: Record<string, { type: string; id: RegExp }> = {
      'TGW.1': { type: 'Other', id: arn('ec2', 'transit-gateway-route-table', 'tgw-rtb') },
      'TGW.2': { type: 'AwsEc2TransitGateway', id: arn('ec2', 'transit-gateway', 'tgw') },
      'TGW.3': { type: 'AwsEc2Subnet', id: arn('ec2', 'subnet', 'subnet') },
      'TGW.4': { type: 'Other', id: arn('ec2', 'transit-gateway-route-table', 'tgw-rtb') },
      'VPN.1': { type: 'AwsEc2VpnConnection', id: arn('ec2', 'vpn-connection', 'vpn') },
      'VPN.2': { type: 'AwsEc2VpnConnection', id: arn('ec2', 'vpn-connection', 'vpn') },
      'VGW.1': { type: 'Other', id: arn('ec2', 'vpn-gateway', 'vgw') },
      'DX.1': { type: 'Other', id: arn('directconnect', 'dxvif', 'dxvif') },
    };
    const hybrid = findings.filter((f) => f.GeneratorId!.replace('netaudit/', '') in expected);
    expect(new Set(hybrid.map((f) => f.GeneratorId))).toEqual(
      new Set(Object.keys(expected).map((id) => `netaudit/${id}`)),
    );
    for (const f of hybrid) {
      const { type, id } = expected[f.GeneratorId!.replace('netaudit/', '')]!;
      expect({ rule: f.GeneratorId, type: f.Resources![0]!.Type }).toEqual({ rule: f.GeneratorId, type });
      expect(f.Resources![0]!.Id).toMatch(id);
    }
    expectValidAsff(hybrid);
  });
});

describe('resources another account owns', () => {
  it('are named by their owner’s ARN in the audited account’s findings: a shared transit gateway, a hosted virtual interface', () => {
    // Prepare
    const s = new NetworkBuilder().snapshot();
    transitGateway(s, { id: 'tgw-shared', autoAccept: true }).OwnerId = '999999999999';
    virtualInterface(s, { id: 'dxvif-hosted', state: 'down' }).ownerAccount = '888888888888';

    // Act
    const findings = toAsffFindings(
      evaluate(s, defaultConfig(), [...transitGatewayRules, ...directConnectRules]),
    );

    // Assess
    const finding = (rule: string) => findings.find((f) => f.GeneratorId === `netaudit/${rule}`)!;
    expect(finding('TGW.2').AwsAccountId).toBe(s.accountId);
    expect(finding('TGW.2').Resources![0]!.Id).toBe(
      `arn:aws:ec2:${s.region}:999999999999:transit-gateway/tgw-shared`,
    );
    expect(finding('DX.1').Resources![0]!.Id).toBe(
      `arn:aws:directconnect:${s.region}:888888888888:dxvif/dxvif-hosted`,
    );
  });
});

describe('the validator itself', () => {
  const valid = () => toAsffFinding(aResult(), { updatedAt: COLLECTED_AT });

  it('rejects a missing required member, a bad enum, an over-long title and an unknown member', () => {
    const f = { ...valid(), Title: 'x'.repeat(257), RecordState: 'DELETED', Bogus: 1 } as Record<
      string,
      unknown
    >;
    delete f.Resources;
    const errors = validateAsffFinding(f).join('\n');
    expect(errors).toContain('finding.Resources: required');
    expect(errors).toContain('finding.RecordState: "DELETED" is not one of ACTIVE, ARCHIVED');
    expect(errors).toContain('finding.Title: longer than 256');
    expect(errors).toContain('finding.Bogus: not a member');
  });

  it('rejects a whitespace-only string, a wrong type namespace and a non-ISO timestamp', () => {
    const f = { ...valid(), Description: '   ', Types: ['Costs/Money'], UpdatedAt: 'yesterday' };
    const errors = validateAsffFinding(f).join('\n');
    expect(errors).toContain('finding.Description: does not match the pattern');
    expect(errors).toContain('namespace "Costs"');
    expect(errors).toContain('finding.UpdatedAt: "yesterday" is not an ISO 8601 timestamp');
  });

  it('truncateText returns clean short text as it is, and collapses any other whitespace', () => {
    const words = fc.array(fc.constantFrom('a', 'bc', ' ', '  ', '\t', '\n', '\u00a0', '\u2003', 'x.'), {
      maxLength: 30,
    });
    fc.assert(
      fc.property(words, fc.integer({ min: 2, max: 40 }), (parts, max) => {
        const text = parts.join('');
        const collapsed = text.replace(/\s+/g, ' ').trim();
        const result = truncateText(text, max);
        if (collapsed.length <= max) expect(result).toBe(collapsed);
        else expect(result.endsWith('…')).toBe(true);
      }),
    );
  });

  it('truncateText never exceeds the limit', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 600 }), fc.integer({ min: 2, max: 300 }), (text, max) => {
        expect(truncateText(text, max).length).toBeLessThanOrEqual(max);
      }),
    );
  });
});
