import type { StackProps } from 'aws-cdk-lib';
import { InputError } from '../../lambda/errors';
import { auditorPropsFromContext, ContextError, type ContextSource } from '../app-options';
import type { MemberRoleStackProps } from './member-role-stack';
import type { OrganizationAuditorProps, OrgMapType } from './organization-auditor';

/** The context keys of bin/netaudit-org.ts (beyond the shared ones of docs/deploy.md), in docs/organization.md. */
export const ORG_CONTEXT_KEYS = [
  'organizationId',
  'regions',
  'ouIds',
  'excludeOuIds',
  'accountIds',
  'excludeAccountIds',
  'memberRoleName',
  'auditRoleName',
  'externalId',
  'mapType',
  'maxConcurrency',
  'regionConcurrency',
  'toleratedFailurePercentage',
] as const;

/** The context keys of bin/netaudit-member.ts. */
export const MEMBER_CONTEXT_KEYS = [
  'organizationId',
  'centralAccountId',
  'auditRoleName',
  'memberRoleName',
  'externalId',
  'regions',
  'trustedPrincipalArns',
] as const;

/**
 * A wrong -c value in the organization apps: a ContextError, a construct's prop error (`name: problem`), or
 * an InputError from the validators the construct shares with the runtime (a malformed region or OU id).
 */
export function isOrgContextMistake(err: unknown): err is Error {
  return (
    err instanceof ContextError ||
    err instanceof InputError ||
    (err instanceof Error && /^\w+: /.test(err.message))
  );
}

/** A key either app reads: a misspelt key does not compile. */
type ContextKey = (typeof ORG_CONTEXT_KEYS)[number] | (typeof MEMBER_CONTEXT_KEYS)[number];
type Getter = (key: ContextKey) => unknown;

/** `{ [key]: value }`, or nothing when the value was not given. */
function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return (value === undefined ? {} : { [key]: value }) as Partial<Record<K, V>>;
}

function text(get: Getter, key: ContextKey): string | undefined {
  const value = get(key);
  if (value === undefined) return undefined;
  const trimmed = String(value).trim();
  if (trimmed === '') throw new ContextError(key, 'is empty');
  return trimmed;
}

function required(get: Getter, key: ContextKey, example: string): string {
  const value = text(get, key);
  if (value === undefined) throw new ContextError(key, `is required, e.g. -c ${key}=${example}`);
  return value;
}

function list(get: Getter, key: ContextKey): string[] | undefined {
  const value = get(key);
  if (value === undefined) return undefined;
  const items = (Array.isArray(value) ? value : String(value).split(','))
    .map((v) => String(v).trim())
    .filter((v) => v !== '');
  if (items.length === 0)
    throw new ContextError(key, 'is empty; give one or more values separated by commas');
  return items;
}

function whole(get: Getter, key: ContextKey): number | undefined {
  const value = get(key);
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n)) throw new ContextError(key, `"${String(value)}" is not a whole number`);
  return n;
}

/**
 * The OrganizationAuditor props from CDK context. The shared keys (alertEmail, alarmEmail, schedule,
 * configFile, publishToSecurityHub, logRetentionDays, memorySize, logLevel) are read exactly as the
 * single-account app reads
 * them; the construct validates the rest at synth.
 */
export function orgPropsFromContext(
  context: ContextSource,
  baseDir = process.cwd(),
): OrganizationAuditorProps {
  const get: Getter = (key) => context.tryGetContext(key);
  const shared = auditorPropsFromContext(context, baseDir);
  const mapType = text(get, 'mapType')?.toUpperCase();
  if (mapType !== undefined && mapType !== 'DISTRIBUTED' && mapType !== 'INLINE') {
    throw new ContextError('mapType', `"${mapType}" is neither DISTRIBUTED nor INLINE`);
  }
  return {
    organizationId: required(get, 'organizationId', 'o-a1b2c3d4e5'),
    regions: list(get, 'regions') ?? [required(get, 'regions', 'us-east-1,eu-west-1')],
    ...optional('ouIds', list(get, 'ouIds')),
    ...optional('excludeOuIds', list(get, 'excludeOuIds')),
    ...optional('accountIds', list(get, 'accountIds')),
    ...optional('excludeAccountIds', list(get, 'excludeAccountIds')),
    ...optional('memberRoleName', text(get, 'memberRoleName')),
    ...optional('auditRoleName', text(get, 'auditRoleName')),
    ...optional('memberExternalId', text(get, 'externalId')),
    ...optional('mapType', mapType as OrgMapType | undefined),
    ...optional('maxConcurrency', whole(get, 'maxConcurrency')),
    ...optional('regionConcurrency', whole(get, 'regionConcurrency')),
    ...optional('toleratedFailurePercentage', whole(get, 'toleratedFailurePercentage')),
    ...optional('alertEmails', shared.alertEmails),
    ...optional('alarmEmails', shared.alarmEmails),
    ...optional('logLevel', shared.logLevel),
    ...optional('schedule', shared.schedule),
    ...optional('config', shared.config),
    ...optional('publishToSecurityHub', shared.publishToSecurityHub),
    ...optional('logRetention', shared.logRetention),
    ...optional('memorySize', shared.memorySize),
  };
}

/** The MemberRoleStack props from CDK context. */
export function memberPropsFromContext(context: ContextSource): Omit<MemberRoleStackProps, keyof StackProps> {
  const get: Getter = (key) => context.tryGetContext(key);
  const regions = list(get, 'regions');
  const principals = list(get, 'trustedPrincipalArns');
  const auditRoleName = text(get, 'auditRoleName');
  const memberRoleName = text(get, 'memberRoleName');
  const externalId = text(get, 'externalId');
  return {
    organizationId: required(get, 'organizationId', 'o-a1b2c3d4e5'),
    centralAccountId: required(get, 'centralAccountId', '123456789012'),
    ...optional('auditRoleName', auditRoleName),
    ...optional('memberRoleName', memberRoleName),
    ...optional('externalId', externalId),
    ...optional('regions', regions),
    ...optional('additionalTrustedPrincipalArns', principals),
  };
}
