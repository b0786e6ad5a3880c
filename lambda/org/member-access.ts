import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { partitionOf } from '../aws/arn';

type TemporaryCredentialsOptions = Parameters<typeof fromTemporaryCredentials>[0];
export type CredentialsProvider = ReturnType<typeof fromTemporaryCredentials>;

/** How the central principal reaches a member account. */
export interface MemberAccess {
  /** The member role's name, the same in every account (the StackSet deploys it). */
  roleName: string;
  /** Sent as sts:ExternalId when set; the member role then requires it. */
  externalId?: string;
  /** Names the session in the member's CloudTrail, so its owners can see who read their network. */
  sessionName?: string;
  /**
   * Where STS is called: the caller's own region. A target's region may be an opt-in region the
   * central account has not enabled, whose STS endpoint would refuse it. Default: the target's region.
   */
  stsRegion?: string;
  /** The caller's own credentials; default: the SDK's chain (the Lambda role, or the CLI profile). */
  masterCredentials?: TemporaryCredentialsOptions['masterCredentials'];
}

export const DEFAULT_MEMBER_ROLE_NAME = 'NetAuditMember';
export const DEFAULT_SESSION_NAME = 'netaudit-org-audit';
/** The shortest session STS grants: an audit of one region takes seconds to a few minutes. */
const SESSION_SECONDS = 900;

export function memberRoleArn(accountId: string, region: string, roleName: string): string {
  return `arn:${partitionOf(region)}:iam::${accountId}:role/${roleName}`;
}

/** Re-assume this long before the session expires, so no call starts with credentials about to lapse. */
const REFRESH_MARGIN_MS = 60_000;

/**
 * One assumption shared by every client of a target (EC2, STS, Security Hub): each SDK client caches
 * credentials only for itself, so without this a target would call AssumeRole once per client.
 */
export function shareCredentials(provider: CredentialsProvider): CredentialsProvider {
  let current: ReturnType<CredentialsProvider> | undefined;
  return async (...args) => {
    if (current) {
      const credentials = await current.catch(() => undefined);
      const expiresAt = credentials?.expiration?.getTime() ?? Infinity;
      if (credentials && expiresAt - Date.now() > REFRESH_MARGIN_MS) return credentials;
    }
    current = provider(...args);
    return current;
  };
}

/**
 * Temporary credentials of the member role in one account, from a regional STS endpoint (whose session
 * tokens are valid in every region). The role is assumed lazily,
 * on the first call that needs it, once for all the target's clients, and again before it expires.
 */
export function memberCredentials(
  accountId: string,
  region: string,
  access: MemberAccess,
): CredentialsProvider {
  return shareCredentials(
    fromTemporaryCredentials({
      params: {
        RoleArn: memberRoleArn(accountId, region, access.roleName),
        RoleSessionName: access.sessionName ?? DEFAULT_SESSION_NAME,
        DurationSeconds: SESSION_SECONDS,
        ...(access.externalId ? { ExternalId: access.externalId } : {}),
      },
      clientConfig: { region: access.stsRegion ?? region },
      ...(access.masterCredentials ? { masterCredentials: access.masterCredentials } : {}),
    }),
  );
}
