import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { MemberRoleStack, type MemberRoleStackProps } from '../../../lib/org/member-role-stack';
import { NetAuditOrgStack, type NetAuditOrgStackProps } from '../../../lib/org/netaudit-org-stack';
import { ORG_HANDLER_ENTRIES, type OrgHandler } from '../../../lib/org/organization-auditor';
import { FIXTURE_ENTRY, unbundledApp } from '../support';

export const ORG_ID = 'o-a1b2c3d4e5';
export const CENTRAL_ACCOUNT = '999999999999';

/** Every handler replaced by the fixture: the template tests skip bundling. */
const FIXTURE_ENTRIES = Object.fromEntries(
  Object.keys(ORG_HANDLER_ENTRIES).map((k) => [k, FIXTURE_ENTRY]),
) as Record<OrgHandler, string>;

export function buildOrgStack(
  props: Partial<NetAuditOrgStackProps> = {},
  app: App = unbundledApp(),
): NetAuditOrgStack {
  return new NetAuditOrgStack(app, 'NetAuditOrg', {
    organizationId: ORG_ID,
    regions: ['us-east-1', 'eu-west-1'],
    entries: FIXTURE_ENTRIES,
    ...props,
  });
}

export function buildMemberStack(props: Partial<MemberRoleStackProps> = {}): MemberRoleStack {
  return new MemberRoleStack(unbundledApp(), 'NetAuditMember', {
    centralAccountId: CENTRAL_ACCOUNT,
    organizationId: ORG_ID,
    ...props,
  });
}

/** The state machine's definition, parsed: DefinitionString is a Fn::Join of text and ARN tokens. */
export function stateMachineDefinition(template: Template): StateMachineDefinition {
  const [machine] = Object.values(template.findResources('AWS::StepFunctions::StateMachine'));
  const body = machine!.Properties.DefinitionString as string | { 'Fn::Join': [string, unknown[]] };
  const text =
    typeof body === 'string'
      ? body
      : body['Fn::Join'][1]
          .map((part) => (typeof part === 'string' ? part : `<${JSON.stringify(part).replace(/"/g, "'")}>`))
          .join('');
  return JSON.parse(text) as StateMachineDefinition;
}

export interface StateDefinition {
  Type: string;
  Next?: string;
  End?: boolean;
  Resource?: string;
  Parameters?: Record<string, unknown>;
  ItemsPath?: string;
  ItemSelector?: Record<string, unknown>;
  ResultPath?: string;
  MaxConcurrency?: number;
  ToleratedFailurePercentage?: number;
  Label?: string;
  ItemProcessor?: {
    ProcessorConfig?: { Mode?: string; ExecutionType?: string };
    StartAt: string;
    States: Record<string, StateDefinition>;
  };
  Retry?: { ErrorEquals: string[]; IntervalSeconds?: number; MaxAttempts?: number; BackoffRate?: number }[];
  Catch?: { ErrorEquals: string[]; ResultPath?: string; Next: string }[];
}

export interface StateMachineDefinition {
  StartAt: string;
  TimeoutSeconds?: number;
  States: Record<string, StateDefinition>;
}
