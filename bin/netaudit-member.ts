#!/usr/bin/env node
import { netauditApp } from '../lib/app-options';
import { MemberRoleStack } from '../lib/org/member-role-stack';
import { isOrgContextMistake, memberPropsFromContext } from '../lib/org/org-app-options';

/**
 * Organization mode, the member role: synthesized once, deployed to every account of the chosen OUs by
 * a service-managed StackSet (docs/organization.md):
 *   npx cdk synth --app "npx tsx bin/netaudit-member.ts" -c organizationId=o-... -c centralAccountId=...
 */
netauditApp(
  (app) => new MemberRoleStack(app, 'NetAuditMember', memberPropsFromContext(app.node)),
  isOrgContextMistake,
);
