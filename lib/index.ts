/**
 * The package's constructs, for use in one's own CDK app: `import { NetworkAuditor } from 'netaudit'`.
 * Only what a consumer builds with is exported; the CDK apps of this repository (bin/) stay private.
 */
export { NetworkAuditor, type NetworkAuditorProps } from './network-auditor';
export { NetAuditStack, type NetAuditStackProps } from './netaudit-stack';
export {
  OrganizationAuditor,
  type OrganizationAuditorProps,
  type OrgMapType,
} from './org/organization-auditor';
export { NetAuditOrgStack, type NetAuditOrgStackProps } from './org/netaudit-org-stack';
export { MemberRoleStack, type MemberRoleStackProps } from './org/member-role-stack';
export type { ConfigFile } from '../lambda/config/config';
export type { Severity } from '../lambda/engine/severity';
