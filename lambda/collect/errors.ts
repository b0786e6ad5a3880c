import type { CollectionError } from '../snapshot/types';

/**
 * The account could not be identified (STS GetCallerIdentity failed). This is never recorded and skipped
 * like an EC2 failure: it means no credentials, rejected credentials or an unreachable endpoint, and every
 * other call would fail the same way.
 */
export class AccountIdentityError extends Error {
  constructor(
    message: string,
    /** The SDK's error name, e.g. `CredentialsProviderError`, `ExpiredToken`. */
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AccountIdentityError';
  }
}

const MAX_MESSAGE = 500;

/** The AWS error code of an SDK error (`UnauthorizedOperation`, `RequestLimitExceeded`...). */
export function errorCode(err: unknown): string {
  if (!(err instanceof Error)) return 'UnknownError';
  const fields = err as Error & { Code?: unknown; code?: unknown };
  if (typeof fields.Code === 'string' && fields.Code) return fields.Code;
  if (fields.name && fields.name !== 'Error') return fields.name;
  if (typeof fields.code === 'string' && fields.code) return fields.code;
  return 'Error';
}

/** How many HTTP attempts the SDK made before giving up, when it says. */
export function attemptsOf(err: unknown): number | undefined {
  const metadata = (err as { $metadata?: { attempts?: unknown } } | null)?.$metadata;
  return typeof metadata?.attempts === 'number' ? metadata.attempts : undefined;
}

/** One line a person can act on; the attempt count shows when throttling outlasted the retries. */
export function toCollectionError(api: string, err: unknown, vpcId?: string): CollectionError {
  const raw = err instanceof Error ? err.message : String(err);
  let message = raw.replace(/\s+/g, ' ').trim() || 'no message';
  if (message.length > MAX_MESSAGE) message = `${message.slice(0, MAX_MESSAGE - 3)}...`;
  const attempts = attemptsOf(err);
  if (attempts !== undefined && attempts > 1) message += ` (after ${attempts} attempts)`;
  return { api, code: errorCode(err), message, ...(vpcId ? { vpcId } : {}) };
}
