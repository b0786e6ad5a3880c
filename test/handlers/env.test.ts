import { InputError } from '../../lambda/errors';
import { parseEnv } from '../../lambda/handlers/env';

const RULE_IDS = ['SG.1', 'VPC.1'];

describe('parseEnv: the Lambda configuration, validated at cold start', () => {
  it('applies the defaults', () => {
    const env = parseEnv({ AWS_REGION: 'eu-west-1' }, RULE_IDS);

    expect(env).toMatchObject({
      region: 'eu-west-1',
      securityHubEnabled: true,
      serviceName: 'netaudit',
      metricsNamespace: 'NetAudit',
    });
    expect(env.alertTopicArn).toBeUndefined();
    expect(env.config.alertThresholds).toEqual({ CRITICAL: 1, HIGH: 1 });
  });

  it('reads every variable, treating empty strings as unset', () => {
    const env = parseEnv(
      {
        AWS_REGION: 'cn-north-1',
        ALERT_TOPIC_ARN: 'arn:aws-cn:sns:cn-north-1:123456789012:alerts',
        SECURITY_HUB_ENABLED: 'false',
        NETAUDIT_CONFIG: '{"alertThresholds":{"CRITICAL":1,"HIGH":5},"refreshAgeDays":14}',
        POWERTOOLS_SERVICE_NAME: '',
        POWERTOOLS_METRICS_NAMESPACE: 'Custom',
      },
      RULE_IDS,
    );

    expect(env).toMatchObject({
      alertTopicArn: 'arn:aws-cn:sns:cn-north-1:123456789012:alerts',
      securityHubEnabled: false,
      serviceName: 'netaudit',
      metricsNamespace: 'Custom',
      config: { alertThresholds: { CRITICAL: 1, HIGH: 5 }, refreshAgeDays: 14 },
    });
  });

  it.each([
    [{ ALERT_TOPIC_ARN: 'alerts' }, /ALERT_TOPIC_ARN.*not a standard SNS topic ARN/s],
    [{ SECURITY_HUB_ENABLED: 'yes' }, /SECURITY_HUB_ENABLED/],
    [{ NETAUDIT_CONFIG: '{"refreshAgeDays": ' }, /NETAUDIT_CONFIG.*invalid JSON/],
    [
      { NETAUDIT_CONFIG: '{"disabledRules":["SG.99"]}' },
      /NETAUDIT_CONFIG: disabledRules\[0\]: unknown rule id "SG.99"/,
    ],
  ])('fails with a message naming the variable: %j', (vars, message) => {
    expect(() => parseEnv({ AWS_REGION: 'us-east-1', ...vars }, RULE_IDS)).toThrow(message);
    expect(() => parseEnv({ AWS_REGION: 'us-east-1', ...vars }, RULE_IDS)).toThrow(InputError);
  });

  it('requires AWS_REGION', () => {
    expect(() => parseEnv({}, RULE_IDS)).toThrow(/AWS_REGION/);
  });
});
