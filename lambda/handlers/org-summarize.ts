import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { parseOrgEnv } from '../org/env';
import { createSummarizeHandler } from '../org/lambda';
import { createSnsClient } from '../publish/clients';
import { RULE_IDS } from '../rules/registry';

/** Organization run, last step: the run summary and the one digest alert to the central topic. */
const env = parseOrgEnv(process.env, RULE_IDS);
const logger = new Logger({ serviceName: env.serviceName });
const metrics = new Metrics({ namespace: env.metricsNamespace, serviceName: env.serviceName });
// The topic may live in another region than the function: the client follows the topic ARN.
const sns = new Tracer({ serviceName: env.serviceName }).captureAWSv3Client(
  createSnsClient({ region: env.alertTopicArn?.split(':')[3] ?? env.region }),
);

export const handler = createSummarizeHandler({ env, logger, metrics, sns });
