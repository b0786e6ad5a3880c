import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { parseOrgEnv } from '../org/env';
import { createAccountSummaryHandler } from '../org/lambda';
import { RULE_IDS } from '../rules/registry';

/** Organization run, step 3 (per account): its region results reduced to one compact record. */
const env = parseOrgEnv(process.env, RULE_IDS);
const logger = new Logger({ serviceName: env.serviceName });
const metrics = new Metrics({ namespace: env.metricsNamespace, serviceName: env.serviceName });

export const handler = createAccountSummaryHandler({ env, logger, metrics });
