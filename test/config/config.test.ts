import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_HIGH_RISK_PORTS,
  defaultConfig,
  hourlyPrices,
  loadConfigFile,
  parseConfig,
} from '../../lambda/config/config';
import { describePortSpec, parsePortEntry, toPortSpec } from '../../lambda/config/ports';
import { InputError } from '../../lambda/errors';
import { PortSet } from '../../lambda/net/ports';

const RULES = ['SG.1', 'SG.2', 'NACL.1'];

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as Error).message;
  }
  throw new Error('expected an InputError');
}
const problem = (data: unknown) => errorOf(() => parseConfig(data, RULES, 'netaudit.json'));

const suppression = {
  ruleId: 'SG.1',
  resourceId: 'sg-1',
  reason: 'bastion, IP-restricted at the edge',
  owner: 'team-net',
  expires: '2027-01-31',
};

describe('defaults (RULES.md)', () => {
  const config = defaultConfig();

  it('admin ports are TCP 22 and 3389', () => {
    expect(config.adminPorts.tcp.equals(PortSet.ports([22, 3389]))).toBe(true);
    expect(config.adminPorts.udp.isEmpty()).toBe(true);
  });

  it('authorized ports are TCP 80 and 443', () => {
    expect(config.authorizedPorts.tcp.equals(PortSet.ports([80, 443]))).toBe(true);
    expect(config.authorizedPorts.udp.isEmpty()).toBe(true);
  });

  it('high-risk ports are FSBP EC2.19’s list plus Redis, Memcached and MongoDB', () => {
    const expected = [
      20, 21, 22, 23, 25, 110, 135, 143, 445, 1433, 1434, 3000, 3306, 3389, 4333, 5000, 5432, 5500, 5601,
      8080, 8088, 8888, 9200, 9300, 6379, 11211, 27017,
    ];
    expect(config.highRiskPorts.tcp.equals(PortSet.ports(expected))).toBe(true);
    expect(config.highRiskPorts.tcp.size()).toBe(expected.length);
    expect([...DEFAULT_HIGH_RISK_PORTS].sort()).toEqual([...expected].sort());
  });

  it('has no overrides, disabled rules, suppressions or on-premises ranges, and default prices', () => {
    expect(config.severityOverrides).toEqual({});
    expect(config.disabledRules).toEqual([]);
    expect(config.suppressions).toEqual([]);
    expect(config.onPremisesCidrs).toEqual([]);
    expect(config.costs).toEqual({
      natGatewayHourly: 0.045,
      publicIpv4Hourly: 0.005,
      currency: 'USD',
      regions: {},
    });
    expect(config.alertThresholds).toEqual({ CRITICAL: 1, HIGH: 1 });
    expect(config.refreshAgeDays).toBe(7);
  });

  it('an empty object, null and undefined all give the defaults', () => {
    expect(parseConfig({}, RULES)).toEqual(config);
    expect(parseConfig(null, RULES)).toEqual(config);
    expect(parseConfig(undefined, RULES)).toEqual(config);
  });
});

describe('port entries', () => {
  it('reads 22, "udp:161", "tcp:8000-8100" and "TCP:443"', () => {
    const spec = parseConfig(
      { adminPorts: [22, 'udp:161', 'tcp:8000-8100', 'TCP:443', '2222'] },
      RULES,
    ).adminPorts;
    expect(spec.tcp.toString()).toBe('22, 443, 2222, 8000-8100');
    expect(spec.udp.toString()).toBe('161');
    expect(describePortSpec(spec)).toBe('TCP 22, 443, 2222, 8000-8100; UDP 161');
  });

  it('an empty list is allowed and means no ports', () => {
    const config = parseConfig({ authorizedPorts: [] }, RULES);
    expect(config.authorizedPorts.tcp.isEmpty()).toBe(true);
    expect(describePortSpec(config.authorizedPorts)).toBe('none');
  });

  it.each([
    ['ssh', 'adminPorts[1]: "ssh" is not a port'],
    ['icmp:8', 'adminPorts[1]: "icmp:8" is not a port'],
    [70000, 'adminPorts[1]: "70000": ports go from 0 to 65535'],
    ['tcp:100-90', 'adminPorts[1]: "tcp:100-90": the range ends before it starts'],
    [-1, 'adminPorts[1]: "-1" is not a port'],
    [22.5, 'adminPorts[1]: "22.5" is not a port'],
    [true, 'adminPorts[1]: a port is a number or a string such as "udp:161"'],
  ])('rejects %j with its path', (entry, expected) => {
    expect(problem({ adminPorts: [22, entry] })).toContain(expected);
  });

  it('parsePortEntry and toPortSpec agree', () => {
    expect(parsePortEntry(' udp:53 ')).toEqual({ protocol: 'udp', from: 53, to: 53 });
    expect(parsePortEntry('0-65535')).toEqual({ protocol: 'tcp', from: 0, to: 65535 });
    expect(toPortSpec(['tcp:1-10', 'tcp:5-20', 21]).tcp.toString()).toBe('1-21');
    expect(() => toPortSpec(['nope'])).toThrow(/not a port/);
  });
});

describe('validation', () => {
  it.each(['__proto__', 'constructor', 'prototype'])(
    'refuses %s as a key anywhere, naming where (zod would drop __proto__ without a word)',
    (name) => {
      const at = (json: string) => problem(JSON.parse(json));
      expect(at(`{"severityOverrides": {"${name}": "LOW"}}`)).toBe(
        `netaudit.json: severityOverrides.${name}: "${name}" cannot be a key`,
      );
      expect(at(`{"costs": {"regions": {"${name}": {"natGatewayHourly": 9}}}}`)).toBe(
        `netaudit.json: costs.regions.${name}: "${name}" cannot be a key`,
      );
      expect(at(`{"${name}": {}}`)).toBe(`netaudit.json: ${name}: "${name}" cannot be a key`);
      expect(at(`{"suppressions": [{"tag": {"${name}": "x"}}]}`)).toBe(
        `netaudit.json: suppressions[0].tag.${name}: "${name}" cannot be a key`,
      );
    },
  );

  it('prices a region only by its own entry: a __proto__ entry never reaches the other regions', () => {
    expect(() =>
      parseConfig(JSON.parse('{"costs": {"regions": {"__proto__": {"natGatewayHourly": 9}}}}'), RULES),
    ).toThrow(InputError);
    expect(({} as Record<string, unknown>).natGatewayHourly).toBeUndefined();
  });

  it('keys regional prices by AWS region', () => {
    expect(problem({ costs: { regions: { 'eu-west-1': {}, Ireland: {} } } })).toBe(
      'netaudit.json: invalid config\ncosts.regions.Ireland: invalid key: must be an AWS region such as us-east-1',
    );
    expect(
      parseConfig({ costs: { regions: { 'cn-north-1': { natGatewayHourly: 0.4 } } } }, RULES),
    ).toBeDefined();
  });

  it('rejects unknown keys, naming them', () => {
    expect(problem({ adminPort: [22] })).toMatch(/^netaudit\.json: invalid config\n\(root\): .*adminPort/);
    expect(problem({ costs: { natGatewayHourly: 0.05, nat: 1 } })).toMatch(/costs: .*"nat"/);
  });

  it('rejects an unknown rule id in severityOverrides, disabledRules and suppressions with its path', () => {
    expect(problem({ severityOverrides: { 'SG.99': 'LOW' } })).toBe(
      'netaudit.json: severityOverrides.SG.99: unknown rule id "SG.99" (known: NACL.1, SG.1, SG.2)',
    );
    expect(problem({ disabledRules: ['SG.1', 'sg.2'] })).toMatch(
      /^netaudit\.json: disabledRules\[1\]: unknown rule id "sg\.2"/,
    );
    expect(problem({ suppressions: [suppression, { ...suppression, ruleId: 'RT.1' }] })).toMatch(
      /^netaudit\.json: suppressions\[1\]\.ruleId: unknown rule id "RT\.1"/,
    );
  });

  it('accepts known rule ids and valid severities', () => {
    const config = parseConfig(
      { severityOverrides: { 'SG.1': 'CRITICAL' }, disabledRules: ['NACL.1'] },
      RULES,
    );
    expect(config.severityOverrides).toEqual({ 'SG.1': 'CRITICAL' });
    expect(config.disabledRules).toEqual(['NACL.1']);
    expect(problem({ severityOverrides: { 'SG.1': 'SEVERE' } })).toContain('severityOverrides.SG.1: ');
  });

  it('rejects a bad on-premises CIDR with its path', () => {
    expect(parseConfig({ onPremisesCidrs: ['192.168.0.0/16'] }, RULES).onPremisesCidrs).toEqual([
      '192.168.0.0/16',
    ]);
    expect(problem({ onPremisesCidrs: ['10.0.0.0/8', '10/8'] })).toContain(
      'onPremisesCidrs[1]: not a CIDR block such as 10.0.0.0/8',
    );
  });

  it('rejects negative prices and out-of-range refreshAgeDays', () => {
    expect(problem({ costs: { natGatewayHourly: -1 } })).toContain('costs.natGatewayHourly: ');
    expect(problem({ refreshAgeDays: 90 })).toContain('refreshAgeDays: ');
    expect(problem({ refreshAgeDays: 0 })).toContain('refreshAgeDays: ');
  });

  it('rejects alert thresholds for unknown severities or non-positive counts', () => {
    expect(parseConfig({ alertThresholds: { HIGH: 5 } }, RULES).alertThresholds).toEqual({ HIGH: 5 });
    expect(problem({ alertThresholds: { HIGH: 0 } })).toContain('alertThresholds.HIGH: ');
    expect(problem({ alertThresholds: { URGENT: 1 } })).toContain('alertThresholds');
  });
});

describe('suppressions', () => {
  it('accepts one by resource id and one by tag (key only or key and value)', () => {
    const { resourceId: _r, ...byTag } = suppression;
    const config = parseConfig(
      {
        suppressions: [
          suppression,
          { ...byTag, tag: { key: 'netaudit:allow-ssh' } },
          { ...byTag, tag: { key: 'env', value: 'sandbox' } },
        ],
      },
      RULES,
    );
    expect(config.suppressions).toHaveLength(3);
    expect(config.suppressions[2]?.tag).toEqual({ key: 'env', value: 'sandbox' });
  });

  it.each(['reason', 'owner', 'expires'] as const)('requires %s', (field) => {
    const { [field]: _omit, ...rest } = suppression;
    // A missing expiry gets the same message as a malformed one: it says what to write.
    expect(problem({ suppressions: [rest] })).toMatch(
      new RegExp(
        `suppressions\\[0\\]\\.${field}: (required|expires must be a date such as 2027-01-31)$`,
        'm',
      ),
    );
  });

  it('rejects an empty reason and owner with a message saying what is needed', () => {
    expect(problem({ suppressions: [{ ...suppression, reason: '' }] })).toContain(
      'suppressions[0].reason: a suppression needs a reason',
    );
    expect(problem({ suppressions: [{ ...suppression, owner: '' }] })).toContain(
      'suppressions[0].owner: a suppression needs an owner',
    );
  });

  it('requires expires to be a date', () => {
    expect(problem({ suppressions: [{ ...suppression, expires: 'next year' }] })).toContain(
      'suppressions[0].expires: expires must be a date such as 2027-01-31',
    );
  });

  it('needs exactly one of resourceId and tag', () => {
    const { resourceId: _r, ...neither } = suppression;
    const message =
      'suppressions[0]: a suppression names either a resourceId or a tag, not both and not neither';
    expect(problem({ suppressions: [neither] })).toContain(message);
    expect(problem({ suppressions: [{ ...suppression, tag: { key: 'env' } }] })).toContain(message);
  });

  it('rejects unknown keys inside a suppression', () => {
    expect(problem({ suppressions: [{ ...suppression, until: '2027-01-01' }] })).toMatch(
      /suppressions\[0\]: .*until/,
    );
  });
});

describe('hourlyPrices', () => {
  it('uses a region’s own price and falls back to the defaults per field', () => {
    const config = parseConfig(
      {
        costs: {
          natGatewayHourly: 0.05,
          regions: { 'cn-north-1': { natGatewayHourly: 0.42 }, 'eu-west-1': { publicIpv4Hourly: 0.006 } },
        },
      },
      RULES,
    );
    expect(hourlyPrices(config, 'cn-north-1')).toEqual({ natGateway: 0.42, publicIpv4: 0.005 });
    expect(hourlyPrices(config, 'eu-west-1')).toEqual({ natGateway: 0.05, publicIpv4: 0.006 });
    expect(hourlyPrices(config, 'us-east-1')).toEqual({ natGateway: 0.05, publicIpv4: 0.005 });
    expect(config.costs.currency).toBe('USD');
  });

  it('default config prices', () => {
    expect(hourlyPrices(defaultConfig(), 'us-east-1')).toEqual({ natGateway: 0.045, publicIpv4: 0.005 });
  });
});

describe('loadConfigFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'netaudit-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('loads a file', () => {
    const path = join(dir, 'netaudit.json');
    writeFileSync(path, JSON.stringify({ $schema: './schema.json', adminPorts: [22, 2222] }));
    expect(loadConfigFile(path, RULES).adminPorts.tcp.toString()).toBe('22, 2222');
  });

  it('says when the file is missing', () => {
    const path = join(dir, 'missing.json');
    expect(errorOf(() => loadConfigFile(path, RULES))).toBe(`config file not found: ${path}`);
  });

  it('gives line and column of invalid JSON', () => {
    const path = join(dir, 'netaudit.json');
    writeFileSync(path, '{\n  "adminPorts": [22,]\n}');
    expect(errorOf(() => loadConfigFile(path, RULES))).toMatch(
      new RegExp(`^${path.replace(/[.\\]/g, '\\$&')}:2:21: invalid JSON: value expected`),
    );
  });

  it('names the file in validation errors', () => {
    const path = join(dir, 'netaudit.json');
    writeFileSync(path, JSON.stringify({ disabledRules: ['XX.1'] }));
    expect(errorOf(() => loadConfigFile(path, RULES))).toMatch(
      new RegExp(`^${path.replace(/[.\\]/g, '\\$&')}: disabledRules\\[0\\]: unknown rule id "XX\\.1"`),
    );
  });
});
