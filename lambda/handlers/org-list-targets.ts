import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { parseOrgEnv } from '../org/env';
import { createListTargetsHandler } from '../org/lambda';
import { RULE_IDS } from '../rules/registry';

/** Organization run, step 1: the active accounts to audit (state machine: ListTargets). */
const env = parseOrgEnv(process.env, RULE_IDS);
const logger = new Logger({ serviceName: env.serviceName });
const metrics = new Metrics({ namespace: env.metricsNamespace, serviceName: env.serviceName });
// Organizations answers from the management account or a delegated administrator, in any region.
const organizations = new Tracer({ serviceName: env.serviceName }).captureAWSv3Client(
  new OrganizationsClient({ region: env.region, maxAttempts: 8 }),
);

export const handler = createListTargetsHandler({ env, logger, metrics, organizations });
