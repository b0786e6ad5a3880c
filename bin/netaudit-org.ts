#!/usr/bin/env node
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ContextError } from '../lib/app-options';
import { NetAuditOrgStack } from '../lib/org/netaudit-org-stack';
import { orgPropsFromContext } from '../lib/org/org-app-options';

/**
 * Organization mode, the central stack (docs/organization.md):
 *   npx cdk deploy --app "npx tsx bin/netaudit-org.ts" -c organizationId=o-... -c regions=us-east-1,eu-west-1
 */
const app = new App();

try {
  new NetAuditOrgStack(app, 'NetAuditOrg', orgPropsFromContext(app.node));
} catch (err) {
  if (!(err instanceof ContextError) && !(err instanceof Error && /^\w+: /.test(err.message))) throw err;
  // A wrong -c value is the user's to fix: say which one, without a stack trace.
  console.error(`netaudit: ${err.message}`);
  process.exit(1);
}

// Every synth checks the AwsSolutions rules; an unacknowledged finding fails it.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
