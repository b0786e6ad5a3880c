import { STSClient } from '@aws-sdk/client-sts';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import {
  AccountIdentityError,
  collectSnapshot,
  createCollectionClients,
  formatStatsTable,
  formatSummary,
  ProgressDisplay,
  type TextSink,
} from '../collect';
import { AWS_REGION_PATTERN } from '../aws/arn';
import { InputError } from '../errors';
import { checkProfile, credentialProblem } from './credentials';
import type { Snapshot } from '../snapshot/types';

export interface LiveOptions {
  region?: string;
  profile?: string;
  vpcIds?: string[];
  quiet?: boolean;
  /** Print calls, pages, retries and time per API on stderr at the end. */
  stats?: boolean;
  concurrency?: number;
}

/** Where feedback goes; the CLI passes process.stderr, tests a recorder. */
export interface LiveIo {
  stderr: TextSink & { isTTY?: boolean };
}

const VPC_ID = /^vpc-[0-9a-f]{8}([0-9a-f]{9})?$/;

/** Validated, de-duplicated and sorted VPC ids (`--vpc` may repeat and take comma lists). */
export function parseVpcIds(values: readonly string[]): string[] {
  const ids = values.flatMap((v) => v.split(',')).map((v) => v.trim());
  for (const id of ids) {
    if (!VPC_ID.test(id))
      throw new InputError(`invalid --vpc "${id}": expected a VPC id such as vpc-0a1b2c3d`);
  }
  return [...new Set(ids)].sort();
}

/** A commander option parser for the repeatable `--vpc ID`. */
export function vpcOption(value: string, previous: string[] = []): string[] {
  return parseVpcIds([...previous, value]);
}

/** --region, then AWS_REGION / AWS_DEFAULT_REGION, then the profile's region in the shared config files. */
export async function resolveRegion(explicit?: string, profile?: string): Promise<string> {
  const region =
    explicit || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || (await profileRegion(profile));
  if (!region) {
    const where = profile ? `, or set region in profile ${profile}` : '';
    throw new InputError(`no AWS region: pass --region or set AWS_REGION${where}`);
  }
  if (!AWS_REGION_PATTERN.test(region)) {
    throw new InputError(`invalid AWS region "${region}": expected a region such as us-east-1`);
  }
  return region;
}

/**
 * The SDK's own loader reads the profile's region (AWS_CONFIG_FILE, AWS_PROFILE and friends included);
 * a client that sends nothing is the supported way to ask it.
 */
async function profileRegion(profile?: string): Promise<string | undefined> {
  const probe = new STSClient(profile ? { profile } : {});
  try {
    return await probe.config.region();
  } catch {
    return undefined;
  } finally {
    probe.destroy();
  }
}

/**
 * Collects a live Snapshot for `netaudit scan --region` and `netaudit snapshot`. Credentials come from
 * the SDK's default chain (or the profile); no endpoint is set, so AWS_ENDPOINT_URL still applies.
 * A missing region or unusable credentials is an InputError (one line, exit 2); a failed EC2 API is
 * not: it is in snapshot.errors and reported as a warning.
 */
export async function collectLive(
  options: LiveOptions,
  io: LiveIo = { stderr: process.stderr },
): Promise<Snapshot> {
  const vpcIds = options.vpcIds?.length ? parseVpcIds(options.vpcIds) : undefined;
  // Before the region: a profile that does not exist has no region either, and that is not the news.
  checkProfile(options.profile);
  const region = await resolveRegion(options.region, options.profile);
  const profile = options.profile;
  const clients = createCollectionClients({
    region,
    ...(profile ? { profile } : {}),
    credentials: fromNodeProviderChain(profile ? { profile } : {}),
  });
  const display = !options.quiet && io.stderr.isTTY ? new ProgressDisplay(io.stderr) : undefined;
  try {
    const { snapshot, stats } = await collectSnapshot(clients, {
      region,
      ...(vpcIds ? { vpcIds } : {}),
      ...(options.concurrency ? { concurrency: options.concurrency } : {}),
      ...(display ? { onProgress: display.update } : {}),
    });
    display?.finish();
    if (display) io.stderr.write(`netaudit: ${formatSummary(stats)}\n`);
    const refused = regionRefusal(snapshot);
    if (refused) throw new InputError(refused);
    if (!options.quiet) {
      for (const e of snapshot.errors) {
        const where = e.vpcId ? ` for ${e.vpcId}` : '';
        io.stderr.write(`netaudit: warning: ${e.api}${where} failed (${e.code}): ${e.message}\n`);
      }
    }
    if (options.stats) io.stderr.write(formatStatsTable(stats));
    return snapshot;
  } catch (err) {
    display?.finish();
    if (err instanceof AccountIdentityError) throw new InputError(identityProblem(err, profile, region));
    throw err;
  } finally {
    clients.ec2.destroy();
    clients.sts.destroy();
  }
}

/**
 * The codes AWS answers every call of a region with when the account cannot use that region: an opt-in
 * region that is not enabled (EC2 AuthFailure or OptInRequired, STS InvalidClientTokenId, the JSON
 * services UnrecognizedClientException), or credentials that are not valid there.
 */
export const REGION_REFUSED =
  /^(AuthFailure|OptInRequired|InvalidClientTokenId|UnrecognizedClientException)$/;

const ENABLE_HINT = 'if it is an opt-in region, enable it for the account (aws account list-regions)';

/**
 * Why a whole region could not be read, when EC2 refused the first call of every collection: then every
 * other call was refused too, and a snapshot of refusals would only list every rule as not evaluated.
 */
export function regionRefusal(snapshot: Snapshot): string | undefined {
  const vpcs = snapshot.errors.find((e) => e.api === 'DescribeVpcs' && REGION_REFUSED.test(e.code));
  if (!vpcs) return undefined;
  return `EC2 in ${snapshot.region} refused the credentials (${vpcs.code}): ${vpcs.message}; ${ENABLE_HINT}`;
}

/** One line that says what to fix, from why STS could not identify the caller. */
export function identityProblem(err: AccountIdentityError, profile?: string, region?: string): string {
  const cause = err.cause instanceof Error ? err.cause.message : err.message;
  const problem =
    credentialProblem(err.code, cause, profile) ?? `cannot identify the AWS account (${err.code}): ${cause}`;
  return region && REGION_REFUSED.test(err.code) ? `${problem} (in ${region}; ${ENABLE_HINT})` : problem;
}
