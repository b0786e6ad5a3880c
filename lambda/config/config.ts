import { z } from 'zod';
import { AWS_REGION_PATTERN } from '../aws/arn';
import { InputError } from '../errors';
import { SEVERITIES, type Severity } from '../engine/severity';
import { parseCidr } from '../net/cidr';
import { parseJson, readTextFile } from '../snapshot/load';
import { RESERVED_NAMES } from '../snapshot/item-checks';
import { formatPath, formatZodError } from '../snapshot/validate';
import { pathsConfigShape, type DeclaredPath, type OnPremisesNetworkConfig } from './paths-config';
import { parsePortEntry, toPortSpec, type PortEntry, type PortSpec } from './ports';

/** FSBP EC2.19's high-risk ports, plus Redis, Memcached and MongoDB (RULES.md SG.2). */
export const DEFAULT_HIGH_RISK_PORTS: PortEntry[] = [
  20, 21, 22, 23, 25, 110, 135, 143, 445, 1433, 1434, 3000, 3306, 3389, 4333, 5000, 5432, 5500, 5601, 8080,
  8088, 8888, 9200, 9300, 6379, 11211, 27017,
];

// Any number is let through to parsePortEntry, which names what is wrong with 22.5 or -1.
const portEntry = z
  .union([z.number(), z.string()], { error: 'a port is a number or a string such as "udp:161"' })
  .superRefine((value, ctx) => {
    const parsed = parsePortEntry(value);
    if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', message: parsed });
  });

const cidr = z
  .string()
  .refine((v) => parseCidr(v) !== undefined, { message: 'not a CIDR block such as 10.0.0.0/8' });
const severity = z.enum(SEVERITIES);
const price = z.number().nonnegative();

const suppression = z
  .strictObject({
    ruleId: z.string().min(1),
    resourceId: z.string().min(1).optional(),
    tag: z.strictObject({ key: z.string().min(1), value: z.string().optional() }).optional(),
    reason: z.string().min(1, 'a suppression needs a reason'),
    owner: z.string().min(1, 'a suppression needs an owner'),
    expires: z.iso.date({ message: 'expires must be a date such as 2027-01-31' }),
  })
  .refine((s) => (s.resourceId === undefined) !== (s.tag === undefined), {
    message: 'a suppression names either a resourceId or a tag, not both and not neither',
  });

export const configSchema = z.strictObject({
  $schema: z.string().optional(),
  severityOverrides: z.record(z.string(), severity).default({}),
  disabledRules: z.array(z.string()).default([]),
  adminPorts: z.array(portEntry).default([22, 3389]),
  highRiskPorts: z.array(portEntry).default(DEFAULT_HIGH_RISK_PORTS),
  authorizedPorts: z.array(portEntry).default([80, 443]),
  onPremisesCidrs: z.array(cidr).default([]),
  costs: z
    .strictObject({
      natGatewayHourly: price.default(0.045),
      publicIpv4Hourly: price.default(0.005),
      currency: z.string().default('USD'),
      regions: z
        .record(
          z.string().regex(AWS_REGION_PATTERN, 'must be an AWS region such as us-east-1'),
          z.strictObject({ natGatewayHourly: price.optional(), publicIpv4Hourly: price.optional() }),
        )
        .default({}),
    })
    .default({ natGatewayHourly: 0.045, publicIpv4Hourly: 0.005, currency: 'USD', regions: {} }),
  suppressions: z.array(suppression).default([]),
  alertThresholds: z.partialRecord(severity, z.number().int().positive()).default({ CRITICAL: 1, HIGH: 1 }),
  refreshAgeDays: z.number().int().min(1).max(89).default(7),
  ...pathsConfigShape,
});

export type ConfigFile = z.input<typeof configSchema>;
type ParsedConfig = z.output<typeof configSchema>;
export type Suppression = ParsedConfig['suppressions'][number];

/** The validated configuration every rule reads. Port lists are already interval sets. */
export interface AuditConfig {
  severityOverrides: Record<string, Severity>;
  disabledRules: string[];
  adminPorts: PortSpec;
  highRiskPorts: PortSpec;
  authorizedPorts: PortSpec;
  onPremisesCidrs: string[];
  costs: ParsedConfig['costs'];
  suppressions: Suppression[];
  alertThresholds: Partial<Record<Severity, number>>;
  refreshAgeDays: number;
  /** Named on-premises networks, declared paths that must work and paths that must not (NET.4, NET.5). */
  onPremisesNetworks: OnPremisesNetworkConfig[];
  requiredPaths: DeclaredPath[];
  forbiddenPaths: DeclaredPath[];
}

/**
 * Validates a config object. `knownRuleIds` lets it reject a misspelt rule id in overrides,
 * disabled rules and suppressions instead of silently ignoring it.
 */
export function parseConfig(data: unknown, knownRuleIds: readonly string[], source = 'config'): AuditConfig {
  const reserved = reservedKeyPath(data);
  if (reserved) {
    throw new InputError(`${source}: ${formatPath(reserved)}: "${String(reserved.at(-1))}" cannot be a key`);
  }
  const parsed = configSchema.safeParse(data ?? {});
  if (!parsed.success) throw new InputError(`${source}: invalid config\n${formatZodError(parsed.error)}`);
  const c = parsed.data;
  const known = new Set(knownRuleIds);
  const unknown = [
    ...Object.keys(c.severityOverrides).map((id) => [`severityOverrides.${id}`, id] as const),
    ...c.disabledRules.map((id, i) => [`disabledRules[${i}]`, id] as const),
    ...c.suppressions.map((s, i) => [`suppressions[${i}].ruleId`, s.ruleId] as const),
  ].filter(([, id]) => !known.has(id));
  if (unknown.length > 0) {
    const [where, id] = unknown[0]!;
    throw new InputError(
      `${source}: ${where}: unknown rule id "${id}" (known: ${[...known].sort().join(', ')})`,
    );
  }
  return {
    severityOverrides: c.severityOverrides,
    disabledRules: c.disabledRules,
    adminPorts: toPortSpec(c.adminPorts),
    highRiskPorts: toPortSpec(c.highRiskPorts),
    authorizedPorts: toPortSpec(c.authorizedPorts),
    onPremisesCidrs: c.onPremisesCidrs,
    costs: c.costs,
    suppressions: c.suppressions,
    alertThresholds: c.alertThresholds,
    refreshAgeDays: c.refreshAgeDays,
    onPremisesNetworks: c.onPremisesNetworks,
    requiredPaths: c.requiredPaths,
    forbiddenPaths: c.forbiddenPaths,
  };
}

/**
 * The path of the first key named `__proto__`, `constructor` or `prototype`, if any. zod drops a
 * `__proto__` key without a word and would let the others through as a rule id or a region: a config
 * that says more than NetAudit reads must fail, never be half applied.
 */
function reservedKeyPath(value: unknown, path: PropertyKey[] = []): PropertyKey[] | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const at = [...path, Array.isArray(value) ? Number(key) : key];
    if (!Array.isArray(value) && RESERVED_NAMES.has(key)) return at;
    const inner = reservedKeyPath(child, at);
    if (inner) return inner;
  }
  return undefined;
}

export function loadConfigFile(path: string, knownRuleIds: readonly string[]): AuditConfig {
  return parseConfig(parseJson(readTextFile(path, 'config file'), path), knownRuleIds, path);
}

/** Hourly prices for a region: the region's own entry, else the defaults. */
export function hourlyPrices(
  config: AuditConfig,
  region: string,
): { natGateway: number; publicIpv4: number } {
  const own = config.costs.regions[region] ?? {};
  return {
    natGateway: own.natGatewayHourly ?? config.costs.natGatewayHourly,
    publicIpv4: own.publicIpv4Hourly ?? config.costs.publicIpv4Hourly,
  };
}

/** Hours in an average month (365 × 24 / 12), for "costs about X a month". */
export const HOURS_PER_MONTH = 730;

/** The defaults of RULES.md, for callers without a config file. */
export function defaultConfig(): AuditConfig {
  return parseConfig({}, []);
}
