import { compareRuleIds } from '../../engine/evaluate';
import { defineRule, failed, passed, type Outcome, type Rule, type RuleMetadata } from '../../engine/rule';
import { PART_API, partOfApi, type CollectionError } from '../../snapshot/types';
import { isCoreApi } from './core-apis';

/** What AUDIT.1 needs to know of the other rules: which snapshot parts each one reads. */
export type RuleDependency = Pick<RuleMetadata, 'id' | 'requires'>;

const COLLECTION_APIS = new Set(Object.values(PART_API));

/** `<account>/<api>` or `<account>/<api>/<vpc>`: one resource per failed call, so results never clash. */
function resourceIdOf(accountId: string, error: CollectionError): string {
  return [accountId, error.api, error.vpcId].filter(Boolean).join('/');
}

function groupErrors(accountId: string, errors: readonly CollectionError[]): Map<string, CollectionError[]> {
  const groups = new Map<string, CollectionError[]>();
  for (const error of errors) {
    const id = resourceIdOf(accountId, error);
    groups.set(id, [...(groups.get(id) ?? []), error]);
  }
  return groups;
}

/** Ids of the rules that read a part the API fills, sorted as the catalogue is. */
function rulesBlockedBy(api: string, rules: readonly RuleDependency[]): string[] {
  // Follow-up calls (prefix list entries, transit gateway routes...) leave their parent part incomplete.
  const part = partOfApi(api);
  const parts = part ? [part] : [];
  return rules
    .filter((rule) => rule.requires.some((part) => parts.includes(part)))
    .map((rule) => rule.id)
    .sort(compareRuleIds);
}

/**
 * AUDIT.1 has to name the rules a failed call kept from running, but a rule cannot import the registry
 * that lists it without an import cycle. So the rule is built from a provider of the other rules'
 * dependencies, read lazily at evaluation time; the family index wires in the real catalogue and tests
 * wire in their own. Disabled rules are left out: they were not going to run anyway.
 */
export function collectionErrorsRule(dependents: () => readonly RuleDependency[]): Rule {
  return defineRule({
    id: 'AUDIT.1',
    title: 'An API call failed during collection, so some rules could not run',
    description:
      'When NetAudit cannot read part of the network (for example AccessDenied on DescribeFlowLogs), the ' +
      'rules that need that data are reported as not evaluated instead of passing. Until the call succeeds, ' +
      'problems in that data go unseen. A core call (VPCs, subnets, route tables, security groups, network ' +
      'ACLs, interfaces, instances) blinds most rules, so its failure is reported as HIGH.',
    severity: 'MEDIUM',
    resourceType: 'AwsAccount',
    category: 'audit',
    requires: [],
    remediation: {
      text:
        'Grant the audit role the missing read-only permission (the AWS managed policy ReadOnlyAccess or ' +
        'ec2:Describe* covers every call NetAudit makes), or fix the cause the error names (throttling, an ' +
        'SCP denial, a disabled region), then run the audit again.',
      url: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html',
    },
    references: [],
    evaluate(index, config) {
      const { accountId, errors } = index.snapshot;
      const disabled = new Set(config.disabledRules);
      const active = dependents().filter((rule) => !disabled.has(rule.id));
      const failures = [...groupErrors(accountId, errors)].map(([id, group]): Outcome => {
        const { api, vpcId } = group[0]!;
        const causes = group.map((e) => `${e.code}: ${e.message}`).join('; ');
        const blocked = rulesBlockedBy(api, active);
        const scope = vpcId ? ` for ${vpcId}` : '';
        const impact =
          blocked.length > 0
            ? `rules not run${scope}: ${blocked.join(', ')}`
            : 'no rule depends on it directly';
        const core = isCoreApi(api);
        return failed(id, `${api} failed${scope} (${causes}); ${impact}`, {
          resourceType: 'AwsAccount',
          // MEDIUM by default; a core call's loss is HIGH, as NET.1 sets severity per result.
          ...(core ? { severity: 'HIGH' as const } : {}),
          evidence: {
            api,
            codes: [...new Set(group.map((e) => e.code))],
            rules: blocked,
            ...(vpcId ? { vpcId } : {}),
          },
        });
      });
      // Every API that answered gets a PASSED result of its own, so a failure fixed since the last run
      // resolves its own finding (`<account>/<api>`) instead of staying open forever.
      const failedApis = new Set(errors.filter((e) => !e.vpcId).map((e) => e.api));
      const successes = [...COLLECTION_APIS]
        .filter((api) => !failedApis.has(api))
        .map((api) =>
          passed(`${accountId}/${api}`, `${api} succeeded`, {
            resourceType: 'AwsAccount',
            evidence: { api },
          }),
        );
      return [...failures, ...successes];
    },
  });
}
