import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../errors';

/**
 * Credential and permission problems are the user's setup, never NetAudit's bug: every command that
 * talks to AWS reports them as one line (exit 2) that says what to fix, naming the profile in use.
 */

/** The shared files the SDK reads, where it reads them. */
function sharedFiles(env: NodeJS.ProcessEnv): { config: string; credentials: string } {
  return {
    config: env.AWS_CONFIG_FILE || join(homedir(), '.aws', 'config'),
    credentials: env.AWS_SHARED_CREDENTIALS_FILE || join(homedir(), '.aws', 'credentials'),
  };
}

/** Section names of an ini file: `[profile x]` and `[x]` in config, `[x]` in credentials. */
function sectionNames(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return [...text.matchAll(/^\s*\[\s*(?:profile\s+)?([^\]]+?)\s*\]/gm)].map((m) => m[1]!);
}

/**
 * Refuses a profile (`--profile`, else AWS_PROFILE) that neither shared file has. The SDK says only
 * "Could not load credentials from any providers" after trying every other source (instance metadata
 * included), so the user never learns that the name is wrong. The SDK's own ini parser is not a
 * dependency of ours, and a section header is all this needs.
 */
export function checkProfile(profile: string | undefined, env: NodeJS.ProcessEnv = process.env): void {
  const name = profile ?? env.AWS_PROFILE;
  if (!name) return;
  const files = sharedFiles(env);
  if (sectionNames(files.config).includes(name) || sectionNames(files.credentials).includes(name)) return;
  const given = profile ? `--profile ${name}` : `AWS_PROFILE=${name}`;
  throw new InputError(
    `${given}: no such profile in ${files.config} or ${files.credentials} (aws configure list-profiles shows them)`,
  );
}

const EXPIRED = /^(ExpiredToken|ExpiredTokenException|RequestExpired|TokenRefreshRequired)$/;
const REJECTED =
  /^(InvalidClientTokenId|SignatureDoesNotMatch|UnrecognizedClientException|IncompleteSignature|InvalidSignatureException)$/;
const DENIED = /^(AccessDenied|AccessDeniedException|UnauthorizedOperation|AuthorizationError)$/;

/**
 * The line that says what to fix for an AWS error, by its name (the SDK's `name`, which is the error code),
 * or undefined when the error is not about credentials or permissions.
 */
export function credentialProblem(name: string, cause: string, profile?: string): string | undefined {
  const forProfile = profile ? ` for profile ${profile}` : '';
  if (name === 'CredentialsProviderError') {
    const hint = profile
      ? `check profile ${profile} (aws configure --profile ${profile}, or aws sso login --profile ${profile})`
      : 'pass --profile, run aws configure, or set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY';
    return `no AWS credentials${forProfile} (${cause}): ${hint}`;
  }
  if (EXPIRED.test(name)) {
    return `AWS credentials${forProfile} have expired: refresh them (for example aws sso login) and retry`;
  }
  if (REJECTED.test(name)) return `AWS credentials${forProfile} were rejected (${name}): ${cause}`;
  if (DENIED.test(name)) return `AWS refused the call${forProfile} (${name}): ${cause}`;
  return undefined;
}

/** Rethrows a credential or permission error as one line (InputError); anything else as it is. */
export function asSetupError(err: unknown, profile?: string): unknown {
  if (!(err instanceof Error)) return err;
  const problem = credentialProblem(err.name, err.message, profile);
  return problem ? new InputError(problem) : err;
}

/**
 * Proves the credentials work (STS GetCallerIdentity, which needs no permission) before a command does
 * work that would be wasted without them: `scan --publish` checks before it prints the report.
 */
export async function checkCredentials(options: { profile?: string; region: string }): Promise<void> {
  checkProfile(options.profile);
  const { GetCallerIdentityCommand, STSClient } = await import('@aws-sdk/client-sts');
  const sts = new STSClient({
    region: options.region,
    ...(options.profile ? { profile: options.profile } : {}),
  });
  try {
    await sts.send(new GetCallerIdentityCommand({}));
  } catch (err) {
    throw asSetupError(err, options.profile);
  } finally {
    sts.destroy();
  }
}
