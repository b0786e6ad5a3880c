import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { S3Client } from '@aws-sdk/client-s3';
import { collectSnapshot, createCollectionClients } from '../collect';
import { createSecurityHubClient, createSnsClient } from '../publish/clients';
import { PUBLISH_STATE_PREFIX, S3StateStore, stateKey } from '../publish/s3-state-store';
import { RULE_IDS } from '../rules/registry';
import { createAuditHandler } from './audit-handler';
import { parseEnv } from './env';

/**
 * The deployable audit Lambda (scheduled, change-triggered or manual). Environment validation and the
 * clients happen once per cold start, outside the handler; a bad environment fails the cold start with
 * a message naming the variable. Clients take no endpoint: the SDK honours AWS_ENDPOINT_URL itself.
 */
const env = parseEnv(process.env, RULE_IDS);
const logger = new Logger({ serviceName: env.serviceName });
const metrics = new Metrics({ namespace: env.metricsNamespace, serviceName: env.serviceName });
// Every AWS call becomes an X-Ray subsegment of the invocation (a no-op outside Lambda).
const tracer = new Tracer({ serviceName: env.serviceName });
// The collector's clients, each with its adaptive retries; the change-event resolution reuses the EC2 one.
const clients = createCollectionClients({ region: env.region });
const { ec2 } = clients;
const securityHub = createSecurityHubClient({ region: env.region });
// The topic may live in another region than the audit: the SNS client follows the topic ARN.
const sns = createSnsClient({ region: env.alertTopicArn?.split(':')[3] ?? env.region });

const stateBucket = env.publishStateBucket;
const s3 = stateBucket ? new S3Client({ region: env.region }) : undefined;
for (const client of [...Object.values(clients), securityHub, sns, ...(s3 ? [s3] : [])]) {
  tracer.captureAWSv3Client(client);
}

export const handler = createAuditHandler({
  env,
  ec2,
  securityHub,
  sns,
  collect: async (options) => collectSnapshot(clients, options),
  logger,
  metrics,
  ...(stateBucket && s3
    ? {
        publishState: (accountId: string, region: string) =>
          new S3StateStore(s3, stateBucket, stateKey(PUBLISH_STATE_PREFIX, accountId, region)),
      }
    : {}),
});
