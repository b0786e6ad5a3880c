#!/usr/bin/env node
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ContextError } from '../lib/app-options';
import { MemberRoleStack } from '../lib/org/member-role-stack';
import { memberPropsFromContext } from '../lib/org/org-app-options';

/**
 * Organization mode, the member role: synthesized once, deployed to every account of the chosen OUs by
 * a service-managed StackSet (docs/organization.md):
 *   npx cdk synth --app "npx tsx bin/netaudit-member.ts" -c organizationId=o-... -c centralAccountId=...
 */
const app = new App();

try {
  new MemberRoleStack(app, 'NetAuditMember', memberPropsFromContext(app.node));
} catch (err) {
  if (!(err instanceof ContextError) && !(err instanceof Error && /^\w+: /.test(err.message))) throw err;
  console.error(`netaudit: ${err.message}`);
  process.exit(1);
}

Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
