import { ContextError } from '../../../lib/app-options';
import { validateRegions } from '../../../lambda/org/targets';
import {
  isOrgContextMistake,
  memberPropsFromContext,
  orgPropsFromContext,
} from '../../../lib/org/org-app-options';

const context = (values: Record<string, unknown>) => ({ tryGetContext: (key: string) => values[key] });

describe('organization apps: CDK context', () => {
  it('reads the organization, regions, filters and Map settings, and the shared keys as deploy.md documents them', () => {
    const props = orgPropsFromContext(
      context({
        organizationId: 'o-a1b2c3d4e5',
        regions: 'us-east-1, eu-west-1',
        ouIds: 'ou-a1b2-11111111',
        excludeAccountIds: ['111111111111'],
        mapType: 'inline',
        maxConcurrency: '20',
        externalId: 'netaudit-ext-1',
        alertEmail: 'sec@example.com',
        alarmEmail: 'oncall@example.com',
        logLevel: 'debug',
        schedule: 'rate(12 hours)',
      }),
    );

    expect(props).toMatchObject({
      organizationId: 'o-a1b2c3d4e5',
      regions: ['us-east-1', 'eu-west-1'],
      ouIds: ['ou-a1b2-11111111'],
      excludeAccountIds: ['111111111111'],
      mapType: 'INLINE',
      maxConcurrency: 20,
      memberExternalId: 'netaudit-ext-1',
      alertEmails: ['sec@example.com'],
      alarmEmails: ['oncall@example.com'],
      logLevel: 'DEBUG',
    });
    expect(props.schedule?.expressionString).toBe('rate(12 hours)');
    expect(props).not.toHaveProperty('accountIds');
  });

  it('names the key that is missing or wrong', () => {
    expect(() => orgPropsFromContext(context({ regions: 'us-east-1' }))).toThrow(
      new ContextError('organizationId', 'is required, e.g. -c organizationId=o-a1b2c3d4e5'),
    );
    expect(() => orgPropsFromContext(context({ organizationId: 'o-a1b2c3d4e5' }))).toThrow(
      /-c regions: is required/,
    );
    expect(() =>
      orgPropsFromContext(context({ organizationId: 'o-a1b2c3d4e5', regions: 'us-east-1', mapType: 'big' })),
    ).toThrow(/-c mapType: "BIG" is neither DISTRIBUTED nor INLINE/);
    expect(() =>
      orgPropsFromContext(
        context({ organizationId: 'o-a1b2c3d4e5', regions: 'us-east-1', maxConcurrency: '2.5' }),
      ),
    ).toThrow(/-c maxConcurrency/);
  });

  it('reads the member role settings', () => {
    expect(
      memberPropsFromContext(
        context({
          organizationId: 'o-a1b2c3d4e5',
          centralAccountId: '999999999999',
          trustedPrincipalArns: 'arn:aws:iam::999999999999:role/SecurityAudit',
        }),
      ),
    ).toEqual({
      organizationId: 'o-a1b2c3d4e5',
      centralAccountId: '999999999999',
      additionalTrustedPrincipalArns: ['arn:aws:iam::999999999999:role/SecurityAudit'],
    });
    expect(() => memberPropsFromContext(context({ organizationId: 'o-a1b2c3d4e5' }))).toThrow(
      /centralAccountId/,
    );
  });

  it('tells a mistake in a -c value (printed in one line) from a bug (printed with its stack)', () => {
    const thrown = (f: () => unknown): unknown => {
      try {
        f();
      } catch (err) {
        return err;
      }
      throw new Error('expected a throw');
    };

    expect(isOrgContextMistake(thrown(() => orgPropsFromContext(context({}))))).toBe(true);
    // The region and OU validators the construct shares with the runtime throw InputError.
    expect(isOrgContextMistake(thrown(() => validateRegions(['us-east-1', 'mars-1'])))).toBe(true);
    expect(isOrgContextMistake(new TypeError("Cannot read properties of undefined (reading 'x')"))).toBe(
      false,
    );
  });
});
