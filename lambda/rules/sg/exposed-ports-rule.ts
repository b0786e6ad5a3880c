import type { AuditConfig } from '../../config/config';
import { describePortSpec, type PortSpec } from '../../config/ports';
import {
  defineRule,
  outcomesOf,
  failed,
  notEvaluated,
  passed,
  type Rule,
  type RuleMetadata,
} from '../../engine/rule';
import { everyGroupIngress } from '../../net/internet-ingress';
import { describeHit, isOpen, portsOpened, type ProtocolPolicy } from './opened-ports';

export interface ExposedPortsOptions {
  /** How the passing message names the ports checked (default: the port list itself). */
  describe?: (config: AuditConfig) => string;
  /** Whether a whole protocol without ports (protocol -1, ICMP, ESP...) counts as exposed (default: no). */
  countsProtocol?: ProtocolPolicy;
}

/**
 * Table-driven factory for "ingress from the internet reaches one of these ports" (SG.1, SG.2, SG.4):
 * the rules differ only in their metadata and in which configured port list they check.
 */
export function exposedPortsRule(
  meta: Omit<RuleMetadata, 'resourceType' | 'requires' | 'category'>,
  portsOf: (config: AuditConfig) => PortSpec,
  what: string,
  options: ExposedPortsOptions = {},
): Rule {
  const describe = options.describe ?? ((config: AuditConfig) => describePortSpec(portsOf(config)));
  return defineRule({
    ...meta,
    resourceType: 'AwsEc2SecurityGroup',
    category: 'exposure',
    requires: ['securityGroups'],
    evaluate(index, config) {
      const spec = portsOf(config);
      // One passing message for every clean group: built once, not per group.
      const passMessage = `No ingress from the internet reaches ${what} (${describe(config)})`;
      const everyIngress = everyGroupIngress(index);
      return outcomesOf(index.snapshot.securityGroups, (group, position) => {
        const id = group.GroupId!;
        const { internet, unresolved } = everyIngress[position]!;
        // Most groups admit nothing from the internet: no port arithmetic for them.
        if (internet.length === 0 && unresolved.length === 0) return passed(id, passMessage);
        const hits = internet
          .map((hit) => ({ hit, opened: portsOpened(hit.permission, spec, options.countsProtocol) }))
          .filter(({ opened }) => isOpen(opened));
        if (hits.length === 0) {
          // A prefix list we could not read may hold 0.0.0.0/0: a pass would be a guess.
          const unknown = unresolved.filter((u) =>
            isOpen(portsOpened(u.permission, spec, options.countsProtocol)),
          );
          if (unknown.length === 0) return passed(id, passMessage);
          const reasons = [...new Set(unknown.flatMap((u) => u.reasons))];
          return notEvaluated(
            id,
            `Not evaluated: ${group.GroupName ?? id} admits ${what} from a prefix list that could not be resolved (${reasons.join('; ')})`,
            { evidence: { unresolved: reasons } },
          );
        }
        const permissions = hits.map(({ hit, opened }) => describeHit(hit, opened));
        return failed(
          id,
          `${group.GroupName ?? id} allows ${what} from the internet: ${permissions.join('; ')}`,
          {
            evidence: { permissions },
          },
        );
      });
    },
  });
}
