import { z } from 'zod';
import { parseConfig, type AuditConfig } from '../config/config';
import { InputError } from '../errors';
import { parseJson } from '../snapshot/load';
import { formatZodError } from '../snapshot/validate';

/** CDK passes unset optional values as empty strings; treat them as unset. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const envSchema = z.object({
  AWS_REGION: z.string({ message: 'AWS_REGION is not set (Lambda sets it)' }).min(1),
  ALERT_TOPIC_ARN: optional(
    z
      .string()
      .regex(
        /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/,
        'not a standard SNS topic ARN (arn:<partition>:sns:<region>:<account>:<name>)',
      ),
  ),
  SECURITY_HUB_ENABLED: optional(z.enum(['true', 'false'])),
  NETAUDIT_CONFIG: optional(z.string()),
  PUBLISH_STATE_BUCKET: optional(
    z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'not an S3 bucket name'),
  ),
  POWERTOOLS_SERVICE_NAME: optional(z.string()),
  POWERTOOLS_METRICS_NAMESPACE: optional(z.string()),
});

/** The Lambda's configuration, validated once at cold start. */
export interface HandlerEnv {
  region: string;
  alertTopicArn?: string;
  securityHubEnabled: boolean;
  config: AuditConfig;
  /** The bucket that keeps what was published between runs (docs/publishing.md); absent: reconcile every run. */
  publishStateBucket?: string;
  serviceName: string;
  metricsNamespace: string;
}

/**
 * Reads and validates the environment; a bad value fails the cold start with one message naming the
 * variable, rather than a confusing error mid-audit.
 */
export function parseEnv(
  env: Record<string, string | undefined>,
  knownRuleIds: readonly string[],
): HandlerEnv {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new InputError(`NetAudit Lambda environment is invalid:\n${formatZodError(parsed.error)}`);
  }
  const e = parsed.data;
  const config = parseConfig(
    e.NETAUDIT_CONFIG ? parseJson(e.NETAUDIT_CONFIG, 'NETAUDIT_CONFIG') : {},
    knownRuleIds,
    'NETAUDIT_CONFIG',
  );
  return {
    region: e.AWS_REGION,
    ...(e.ALERT_TOPIC_ARN ? { alertTopicArn: e.ALERT_TOPIC_ARN } : {}),
    securityHubEnabled: e.SECURITY_HUB_ENABLED !== 'false',
    config,
    ...(e.PUBLISH_STATE_BUCKET ? { publishStateBucket: e.PUBLISH_STATE_BUCKET } : {}),
    serviceName: e.POWERTOOLS_SERVICE_NAME ?? 'netaudit',
    metricsNamespace: e.POWERTOOLS_METRICS_NAMESPACE ?? 'NetAudit',
  };
}
