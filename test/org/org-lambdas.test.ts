import { OrganizationsClient, type Account } from '@aws-sdk/client-organizations';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { InputError } from '../../lambda/errors';
import { parseOrgEnv } from '../../lambda/org/env';
import {
  createAccountSummaryHandler,
  createAuditTargetHandler,
  createListTargetsHandler,
  createSummarizeHandler,
} from '../../lambda/org/lambda';
import { RULE_IDS } from '../../lambda/rules/registry';
import { fakeOrganization } from './fake-organization';

const ENV = {
  AWS_REGION: 'us-east-1',
  ORG_REGIONS: 'us-east-1, eu-west-1',
  ORG_EXCLUDE_ACCOUNT_IDS: '111111111111',
  MEMBER_ROLE_NAME: 'NetAuditMember',
  ALERT_TOPIC_ARN: 'arn:aws:sns:us-east-1:999999999999:alerts',
};

function common() {
  const metrics = { addMetric: jest.fn(), publishStoredMetrics: jest.fn() };
  const logger = { info: jest.fn(), warn: jest.fn(), error: jest.fn() };
  return { env: parseOrgEnv(ENV, RULE_IDS), metrics, logger };
}

describe('organization Lambdas', () => {
  it('read their environment once, naming a bad variable', () => {
    expect(parseOrgEnv(ENV, RULE_IDS)).toMatchObject({
      regions: ['eu-west-1', 'us-east-1'],
      filter: { excludeAccountIds: ['111111111111'] },
      memberRoleName: 'NetAuditMember',
      securityHubEnabled: true,
    });
    expect(() => parseOrgEnv({ ...ENV, ORG_REGIONS: '' }, RULE_IDS)).toThrow(/no regions/);
    expect(() => parseOrgEnv({ ...ENV, ORG_OU_IDS: 'prod' }, RULE_IDS)).toThrow(InputError);
    expect(() => parseOrgEnv({ ...ENV, MEMBER_ROLE_NAME: undefined }, RULE_IDS)).toThrow(/MEMBER_ROLE_NAME/);
  });

  it('list the accounts and regions for the Map', async () => {
    const organizations = new OrganizationsClient({ region: 'us-east-1' });
    fakeOrganization(mockClient(organizations), {
      'r-a1b2': {
        accounts: ['111111111111', '222222222222'].map(
          (Id) => ({ Id, Name: Id, State: 'ACTIVE' }) as Account,
        ),
        ous: [],
      },
    });
    const deps = common();

    const list = await createListTargetsHandler({ ...deps, organizations })({});

    expect(list).toEqual({
      accounts: [{ accountId: '222222222222', accountName: '222222222222' }],
      regions: ['eu-west-1', 'us-east-1'],
      targets: 2,
    });
    expect(deps.metrics.publishStoredMetrics).toHaveBeenCalled();
  });

  it('reject a target event that is not one account in one region', async () => {
    const deps = common();

    await expect(createAuditTargetHandler(deps)({ accountId: 'x', region: 'us-east-1' })).rejects.toThrow(
      /audit target: unexpected event/,
    );
    expect(deps.logger.error).toHaveBeenCalled();
  });

  it('reduce an account, then summarize the run and send the digest', async () => {
    const sns = mockClient(SNSClient);
    sns.on(PublishCommand).resolves({ MessageId: 'm-1' });
    const deps = common();

    const account = await createAccountSummaryHandler(deps)({
      results: [
        {
          accountId: '222222222222',
          region: 'us-east-1',
          status: 'AUDITED',
          bySeverity: { HIGH: 1 },
          newBySeverity: { HIGH: 1 },
          crossed: ['HIGH 1 >= 1'],
        },
        {
          accountId: '222222222222',
          region: 'eu-west-1',
          status: 'FAILED',
          error: { name: 'States.Timeout', message: 'timed out' },
        },
      ],
    });
    const run = await createSummarizeHandler({ ...deps, sns: new SNSClient({ region: 'us-east-1' }) })({
      accounts: [account],
    });

    expect(run.summary).toMatchObject({ targets: 2, audited: 1, failed: 1, accounts: 1, unreported: 0 });
    expect(run.digest).toMatchObject({ sent: true });
    expect(sns).toHaveReceivedCommandWith(PublishCommand, { TopicArn: ENV.ALERT_TOPIC_ARN });
    expect(deps.metrics.addMetric).toHaveBeenCalledWith('OrgTargetsFailed', 'Count', 1);
    sns.restore();
  });

  it('count the targets of a failed child execution as unreported, not lost', async () => {
    const sns = mockClient(SNSClient);
    sns.on(PublishCommand).resolves({ MessageId: 'm-2' });
    const deps = common();

    const run = await createSummarizeHandler({ ...deps, sns: new SNSClient({ region: 'us-east-1' }) })({
      accounts: [
        { accountId: '222222222222', targets: 2, audited: 2 },
        { Error: 'States.TaskFailed', Cause: 'the account summary Lambda failed' },
      ],
      targets: 4,
    });

    expect(run.summary).toMatchObject({ targets: 4, audited: 2, failed: 2, unreported: 2 });
    expect(deps.logger.warn).toHaveBeenCalledWith('not an account result', expect.anything());
    expect(sns.commandCalls(PublishCommand)[0]!.args[0].input.Message).toContain(
      '2 target(s) reported no result',
    );
    sns.restore();
  });
});
