import {
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  type Account,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import type { AwsClientStub } from 'aws-sdk-client-mock';

/** An organization tree: for each root or OU, its direct accounts and child OUs. */
export type OrgTree = Record<string, { accounts: Account[]; ous: string[] }>;

/** A page of `items` after `token`, `size` at a time, with the NextToken of the next page. */
function page<T>(items: T[], token: string | undefined, size: number): { items: T[]; NextToken?: string } {
  const start = token ? Number(token) : 0;
  const end = start + size;
  return { items: items.slice(start, end), ...(end < items.length ? { NextToken: String(end) } : {}) };
}

/**
 * Organizations behind a mocked client: ListAccounts over the whole tree, ListAccountsForParent and
 * ListOrganizationalUnitsForParent per parent, all paged `pageSize` at a time as Organizations pages.
 */
export function fakeOrganization(
  mock: AwsClientStub<OrganizationsClient>,
  tree: OrgTree,
  pageSize = 20,
): void {
  mock.reset();
  const all = Object.values(tree).flatMap((node) => node.accounts);
  mock.on(ListAccountsCommand).callsFake((input: { NextToken?: string }) => {
    const { items, NextToken } = page(all, input.NextToken, pageSize);
    return { Accounts: items, NextToken };
  });
  mock.on(ListAccountsForParentCommand).callsFake((input: { ParentId: string; NextToken?: string }) => {
    const { items, NextToken } = page(tree[input.ParentId]?.accounts ?? [], input.NextToken, pageSize);
    return { Accounts: items, NextToken };
  });
  mock
    .on(ListOrganizationalUnitsForParentCommand)
    .callsFake((input: { ParentId: string; NextToken?: string }) => {
      const { items, NextToken } = page(tree[input.ParentId]?.ous ?? [], input.NextToken, pageSize);
      return { OrganizationalUnits: items.map((Id) => ({ Id, Name: Id })), NextToken };
    });
}
