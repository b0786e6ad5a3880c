import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { parseOrgEnv } from '../org/env';
import { createAuditTargetHandler } from '../org/lambda';
import { RULE_IDS } from '../rules/registry';

/**
 * Organization run, step 2 (inside the Map): one account in one region, through the member role. Its
 * clients are per invocation, since each target has its own credentials and region.
 */
const env = parseOrgEnv(process.env, RULE_IDS);
const logger = new Logger({ serviceName: env.serviceName });
const metrics = new Metrics({ namespace: env.metricsNamespace, serviceName: env.serviceName });

const tracer = new Tracer({ serviceName: env.serviceName });

export const handler = createAuditTargetHandler({
  env,
  logger,
  metrics,
  audit: { traceClient: (client) => tracer.captureAWSv3Client(client) },
});
