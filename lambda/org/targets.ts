import {
  paginateListAccounts,
  paginateListAccountsForParent,
  paginateListOrganizationalUnitsForParent,
  type Account,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { AWS_REGION_PATTERN } from '../aws/arn';
import { InputError } from '../errors';
import type { OrgTarget } from './types';

/** Which accounts an organization run audits. Exclusions win over inclusions. */
export interface TargetFilter {
  /** Audit only the accounts under these OUs (or roots), nested OUs included. Default: the whole organization. */
  ouIds?: readonly string[];
  /** Skip the accounts under these OUs, nested OUs included. */
  excludeOuIds?: readonly string[];
  /** Audit only these accounts (intersected with `ouIds` when both are given). */
  accountIds?: readonly string[];
  /** Skip these accounts, e.g. the management account or a sandbox. */
  excludeAccountIds?: readonly string[];
}

const ACCOUNT_ID = /^\d{12}$/;
const PARENT_ID = /^(r-[0-9a-z]{4,32}|ou-[0-9a-z]{4,32}-[a-z0-9]{8,32})$/;

/** Checks ids before any call, so a typo is one clear error rather than an empty or partial run. */
export function validateFilter(filter: TargetFilter): void {
  for (const id of [...(filter.ouIds ?? []), ...(filter.excludeOuIds ?? [])]) {
    if (!PARENT_ID.test(id))
      throw new InputError(`"${id}" is not an OU id (ou-xxxx-xxxxxxxx) or root id (r-xxxx)`);
  }
  for (const id of [...(filter.accountIds ?? []), ...(filter.excludeAccountIds ?? [])]) {
    if (!ACCOUNT_ID.test(id)) throw new InputError(`"${id}" is not a 12-digit AWS account id`);
  }
}

export function validateRegions(regions: readonly string[]): string[] {
  if (regions.length === 0) throw new InputError('no regions: give at least one, e.g. us-east-1');
  for (const r of regions) {
    if (!AWS_REGION_PATTERN.test(r))
      throw new InputError(`invalid AWS region "${r}": expected a region such as us-east-1`);
  }
  return [...new Set(regions)].sort();
}

/**
 * Only ACTIVE accounts can be audited: a suspended or closing account refuses role assumption.
 * `State` replaces the retiring `Status`; either may be present.
 */
function isActive(account: Account): boolean {
  return (account.State ?? account.Status) === 'ACTIVE';
}

/** Every account directly under a parent and under its child OUs, depth first. */
async function accountsUnder(
  org: OrganizationsClient,
  parentId: string,
  skipOus: ReadonlySet<string>,
): Promise<Account[]> {
  if (skipOus.has(parentId)) return [];
  const found: Account[] = [];
  for await (const page of paginateListAccountsForParent({ client: org }, { ParentId: parentId })) {
    found.push(...(page.Accounts ?? []));
  }
  for await (const page of paginateListOrganizationalUnitsForParent(
    { client: org },
    { ParentId: parentId },
  )) {
    for (const ou of page.OrganizationalUnits ?? []) {
      if (ou.Id) found.push(...(await accountsUnder(org, ou.Id, skipOus)));
    }
  }
  return found;
}

async function allAccounts(org: OrganizationsClient): Promise<Account[]> {
  const found: Account[] = [];
  for await (const page of paginateListAccounts({ client: org }, {})) found.push(...(page.Accounts ?? []));
  return found;
}

/**
 * The active accounts a run audits, sorted by id. With OUs it walks those subtrees
 * (ListAccountsForParent / ListOrganizationalUnitsForParent); without, it lists the organization
 * (ListAccounts) and walks only the excluded OUs to learn which accounts to drop.
 */
export async function listAccounts(
  org: OrganizationsClient,
  filter: TargetFilter = {},
): Promise<{ accountId: string; accountName?: string }[]> {
  validateFilter(filter);
  const excludeOus = new Set(filter.excludeOuIds ?? []);
  let accounts: Account[];
  const excludedIds = new Set(filter.excludeAccountIds ?? []);
  if (filter.ouIds?.length) {
    accounts = [];
    for (const ou of [...new Set(filter.ouIds)].sort())
      accounts.push(...(await accountsUnder(org, ou, excludeOus)));
  } else {
    accounts = await allAccounts(org);
    for (const ou of excludeOus) {
      for (const a of await accountsUnder(org, ou, new Set())) if (a.Id) excludedIds.add(a.Id);
    }
  }
  const only = filter.accountIds?.length ? new Set(filter.accountIds) : undefined;
  const byId = new Map<string, { accountId: string; accountName?: string }>();
  for (const a of accounts) {
    if (!a.Id || !isActive(a) || excludedIds.has(a.Id) || (only && !only.has(a.Id))) continue;
    byId.set(a.Id, { accountId: a.Id, ...(a.Name ? { accountName: a.Name } : {}) });
  }
  return [...byId.values()].sort((x, y) => (x.accountId < y.accountId ? -1 : 1));
}

/** Account × region, sorted by account then region, so that a table of results reads by account. */
export function expandTargets(
  accounts: readonly { accountId: string; accountName?: string }[],
  regions: readonly string[],
): OrgTarget[] {
  const sorted = validateRegions(regions);
  return accounts.flatMap((a) => sorted.map((region) => ({ ...a, region })));
}

/** The targets of an organization run: active accounts after filtering, times the regions. */
export async function listTargets(
  org: OrganizationsClient,
  filter: TargetFilter,
  regions: readonly string[],
): Promise<OrgTarget[]> {
  return expandTargets(await listAccounts(org, filter), regions);
}
