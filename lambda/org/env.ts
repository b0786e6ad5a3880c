import { z } from 'zod';
import { AWS_REGION_PATTERN } from '../aws/arn';
import { InputError } from '../errors';
import { parseEnv, type HandlerEnv } from '../handlers/env';
import { formatZodError } from '../snapshot/validate';
import { validateFilter, validateRegions, type TargetFilter } from './targets';

/** The organization Lambdas' own variables, on top of the single-account ones (parseEnv). */
export interface OrgEnv extends HandlerEnv {
  /** Regions every account is audited in (ORG_REGIONS). */
  regions: string[];
  filter: TargetFilter;
  memberRoleName: string;
  memberExternalId?: string;
}

const list = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  );

const orgSchema = z.object({
  ORG_REGIONS: list,
  ORG_OU_IDS: list,
  ORG_EXCLUDE_OU_IDS: list,
  ORG_ACCOUNT_IDS: list,
  ORG_EXCLUDE_ACCOUNT_IDS: list,
  MEMBER_ROLE_NAME: z
    .string({ message: 'MEMBER_ROLE_NAME is not set' })
    .regex(/^[\w+=,.@-]{1,64}$/, 'not an IAM role name'),
  MEMBER_EXTERNAL_ID: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(2).max(1224).optional()),
});

/**
 * Reads and validates the environment of an organization Lambda once, at cold start: a bad value fails
 * the cold start with one message naming the variable.
 */
export function parseOrgEnv(
  env: Record<string, string | undefined>,
  knownRuleIds: readonly string[],
): OrgEnv {
  const base = parseEnv(env, knownRuleIds);
  const parsed = orgSchema.safeParse(env);
  if (!parsed.success) {
    throw new InputError(
      `NetAudit organization Lambda environment is invalid:\n${formatZodError(parsed.error)}`,
    );
  }
  const e = parsed.data;
  const filter: TargetFilter = {
    ...(e.ORG_OU_IDS.length ? { ouIds: e.ORG_OU_IDS } : {}),
    ...(e.ORG_EXCLUDE_OU_IDS.length ? { excludeOuIds: e.ORG_EXCLUDE_OU_IDS } : {}),
    ...(e.ORG_ACCOUNT_IDS.length ? { accountIds: e.ORG_ACCOUNT_IDS } : {}),
    ...(e.ORG_EXCLUDE_ACCOUNT_IDS.length ? { excludeAccountIds: e.ORG_EXCLUDE_ACCOUNT_IDS } : {}),
  };
  try {
    validateFilter(filter);
    return {
      ...base,
      regions: validateRegions(e.ORG_REGIONS),
      filter,
      memberRoleName: e.MEMBER_ROLE_NAME,
      ...(e.MEMBER_EXTERNAL_ID ? { memberExternalId: e.MEMBER_EXTERNAL_ID } : {}),
    };
  } catch (error) {
    throw new InputError(`NetAudit organization Lambda environment is invalid: ${(error as Error).message}`);
  }
}

const target = z.object({
  accountId: z.string().regex(/^\d{12}$/),
  accountName: z.string().optional(),
  region: z.string().regex(AWS_REGION_PATTERN),
});

/**
 * Step Functions input of the audit step: one target. The Map hands over the account as listed
 * (`account`, whose name may be absent) beside its id, since JSONPath cannot copy an optional field.
 */
export const targetEvent = target
  .extend({ account: z.object({ accountName: z.string().optional() }).optional() })
  .transform(({ account, ...t }) => ({
    ...t,
    ...((t.accountName ?? account?.accountName)
      ? { accountName: t.accountName ?? account?.accountName }
      : {}),
  }));

const counts = z.partialRecord(z.enum(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL']), z.number());

/** Step Functions input of the per-account step: the region results of one account. */
export const accountEvent = z.object({
  results: z
    .array(
      target.extend({
        status: z.enum(['AUDITED', 'FAILED']),
        bySeverity: counts.optional(),
        newBySeverity: counts.optional(),
        crossed: z.array(z.string()).optional(),
        collectionErrors: z.number().optional(),
        publishFailed: z.number().optional(),
        error: z.object({ name: z.string(), message: z.string() }).optional(),
        durationMs: z.number().optional(),
      }),
    )
    .min(1),
});

export const accountResult = z.object({
  accountId: z.string(),
  accountName: z.string().optional(),
  targets: z.number(),
  audited: z.number(),
  open: z.array(z.number()).optional(),
  new: z.array(z.number()).optional(),
  crossed: z.record(z.string(), z.array(z.string())).optional(),
  failed: z
    .array(z.object({ regions: z.union([z.literal('*'), z.array(z.string())]), error: z.string() }))
    .optional(),
});

/**
 * Step Functions input of the final step: the Map's results (one per account) and the number of targets
 * listed. Items are checked one by one by the handler: a failed child execution's entry is not an
 * account result, and must be counted as unreported rather than fail the summary.
 */
export const runEvent = z.object({ accounts: z.array(z.unknown()), targets: z.number().optional() });

/** Parses a Step Functions event, or throws an InputError naming the bad field. */
export function parseEvent<T extends z.ZodType>(schema: T, event: unknown, what: string): z.infer<T> {
  const parsed = schema.safeParse(event);
  if (!parsed.success) throw new InputError(`${what}: unexpected event\n${formatZodError(parsed.error)}`);
  return parsed.data;
}
