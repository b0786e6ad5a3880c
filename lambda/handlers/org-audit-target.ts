import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
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

export const handler = createAuditTargetHandler({ env, logger, metrics });
