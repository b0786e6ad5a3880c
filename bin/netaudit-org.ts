#!/usr/bin/env node
import { netauditApp } from '../lib/app-options';
import { NetAuditOrgStack } from '../lib/org/netaudit-org-stack';
import { isOrgContextMistake, orgPropsFromContext } from '../lib/org/org-app-options';

/**
 * Organization mode, the central stack (docs/organization.md):
 *   npx cdk deploy --app "npx tsx bin/netaudit-org.ts" -c organizationId=o-... -c regions=us-east-1,eu-west-1
 */
netauditApp(
  (app) => new NetAuditOrgStack(app, 'NetAuditOrg', orgPropsFromContext(app.node)),
  isOrgContextMistake,
);
