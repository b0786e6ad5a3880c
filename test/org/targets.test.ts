import {
  ListAccountsCommand,
  ListAccountsForParentCommand,
  OrganizationsClient,
  type Account,
} from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { InputError } from '../../lambda/errors';
import { expandTargets, listAccounts, listTargets, validateRegions } from '../../lambda/org/targets';
import { fakeOrganization } from './fake-organization';

const account = (id: string, name: string, state = 'ACTIVE'): Account =>
  ({ Id: id, Name: name, State: state }) as Account;

/**
 * r-a1b2 (root)
 * ├── 111111111111 management
 * ├── ou-a1b2-11111111 (prod): 222222222222 prod-a, 333333333333 prod-b (SUSPENDED)
 * │   └── ou-a1b2-22222222 (prod-eu): 444444444444 prod-eu
 * └── ou-a1b2-33333333 (sandbox): 555555555555 sandbox, 666666666666 closing (PENDING_CLOSURE, Status only)
 */
const ORG = {
  'r-a1b2': {
    accounts: [account('111111111111', 'management')],
    ous: ['ou-a1b2-11111111', 'ou-a1b2-33333333'],
  },
  'ou-a1b2-11111111': {
    accounts: [account('222222222222', 'prod-a'), account('333333333333', 'prod-b', 'SUSPENDED')],
    ous: ['ou-a1b2-22222222'],
  },
  'ou-a1b2-22222222': { accounts: [account('444444444444', 'prod-eu')], ous: [] },
  'ou-a1b2-33333333': {
    accounts: [
      account('555555555555', 'sandbox'),
      { Id: '666666666666', Name: 'closing', Status: 'PENDING_CLOSURE' } as Account,
    ],
    ous: [],
  },
};

describe('organization targets', () => {
  const org = new OrganizationsClient({ region: 'us-east-1' });
  const mock = mockClient(org);

  beforeEach(() => fakeOrganization(mock, ORG, 1));

  it('lists every active account of the organization, following every page, skipping suspended and closing ones', async () => {
    const accounts = await listAccounts(org);

    expect(accounts).toEqual([
      { accountId: '111111111111', accountName: 'management' },
      { accountId: '222222222222', accountName: 'prod-a' },
      { accountId: '444444444444', accountName: 'prod-eu' },
      { accountId: '555555555555', accountName: 'sandbox' },
    ]);
    // One account a page: six accounts are six pages, each asked for with the previous NextToken.
    expect(mock).toHaveReceivedCommandTimes(ListAccountsCommand, 6);
  });

  it('walks an OU and its nested OUs with ListAccountsForParent / ListOrganizationalUnitsForParent', async () => {
    const accounts = await listAccounts(org, { ouIds: ['ou-a1b2-11111111'] });

    expect(accounts.map((a) => a.accountId)).toEqual(['222222222222', '444444444444']);
    expect(mock).not.toHaveReceivedCommand(ListAccountsCommand);
    expect(mock).toHaveReceivedCommandWith(ListAccountsForParentCommand, { ParentId: 'ou-a1b2-22222222' });
  });

  it('drops excluded OUs (with their children) and excluded accounts, with or without an OU filter', async () => {
    const everyoneBut = await listAccounts(org, {
      excludeOuIds: ['ou-a1b2-22222222', 'ou-a1b2-33333333'],
      excludeAccountIds: ['111111111111'],
    });
    mock.resetHistory();
    const underRoot = await listAccounts(org, { ouIds: ['r-a1b2'], excludeOuIds: ['ou-a1b2-11111111'] });

    expect(everyoneBut.map((a) => a.accountId)).toEqual(['222222222222']);
    expect(underRoot.map((a) => a.accountId)).toEqual(['111111111111', '555555555555']);
    // An excluded OU is never walked (nor its children) when the walk starts above it.
    expect(mock).not.toHaveReceivedCommandWith(ListAccountsForParentCommand, {
      ParentId: 'ou-a1b2-11111111',
    });
    expect(mock).not.toHaveReceivedCommandWith(ListAccountsForParentCommand, {
      ParentId: 'ou-a1b2-22222222',
    });
  });

  it('keeps only the listed accounts when an account list is given', async () => {
    const accounts = await listAccounts(org, {
      accountIds: ['444444444444', '333333333333', '999999999999'],
    });

    // 333333333333 is suspended and 999999999999 is not in the organization.
    expect(accounts.map((a) => a.accountId)).toEqual(['444444444444']);
  });

  it('rejects a malformed OU or account id before any call', async () => {
    await expect(listAccounts(org, { ouIds: ['prod'] })).rejects.toThrow(InputError);
    await expect(listAccounts(org, { excludeAccountIds: ['1234'] })).rejects.toThrow(/12-digit/);
    expect(mock.calls()).toHaveLength(0);
  });

  it('expands accounts × regions, sorted by account then region, regions de-duplicated', async () => {
    const targets = await listTargets(org, { ouIds: ['ou-a1b2-11111111'] }, [
      'eu-west-1',
      'us-east-1',
      'eu-west-1',
    ]);

    expect(targets).toEqual([
      { accountId: '222222222222', accountName: 'prod-a', region: 'eu-west-1' },
      { accountId: '222222222222', accountName: 'prod-a', region: 'us-east-1' },
      { accountId: '444444444444', accountName: 'prod-eu', region: 'eu-west-1' },
      { accountId: '444444444444', accountName: 'prod-eu', region: 'us-east-1' },
    ]);
    expect(() => expandTargets([], ['mars-1'])).toThrow(/invalid AWS region/);
    // The same region names as the CLI and the snapshot schema, the European Sovereign Cloud's included.
    expect(validateRegions(['eusc-de-east-1', 'us-isob-east-1'])).toEqual([
      'eusc-de-east-1',
      'us-isob-east-1',
    ]);
    expect(() => expandTargets([], [])).toThrow(/no regions/);
  });
});
