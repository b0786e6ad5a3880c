import type { AuditConfig } from '../../config/config';
import { describePortSpec, type PortSpec } from '../../config/ports';
import { defineRule, failed, passed, type Rule, type RuleMetadata } from '../../engine/rule';
import { describeHit, internetIngress, portsOpened } from './internet-ingress';

/**
 * Table-driven factory for "ingress from the internet reaches one of these ports" (SG.1, SG.2, SG.4):
 * the rules differ only in their metadata and in which configured port list they check.
 */
export function exposedPortsRule(
  meta: Omit<RuleMetadata, 'resourceType' | 'requires' | 'category'>,
  portsOf: (config: AuditConfig) => PortSpec,
  what: string,
): Rule {
  return defineRule({
    ...meta,
    resourceType: 'AwsEc2SecurityGroup',
    category: 'exposure',
    requires: ['securityGroups'],
    evaluate(index, config) {
      const spec = portsOf(config);
      return index.snapshot.securityGroups.map((group) => {
        const hits = internetIngress(group)
          .map((hit) => ({ hit, opened: portsOpened(hit.permission, spec) }))
          .filter(({ opened }) => !opened.tcp.isEmpty() || !opened.udp.isEmpty());
        const id = group.GroupId!;
        if (hits.length === 0) {
          return passed(id, `No ingress from the internet reaches ${what} (${describePortSpec(spec)})`);
        }
        const text = hits.map(({ hit, opened }) => describeHit(hit, opened)).join('; ');
        return failed(id, `${group.GroupName ?? id} allows ${what} from the internet: ${text}`, {
          evidence: { permissions: hits.map(({ hit, opened }) => describeHit(hit, opened)) },
        });
      });
    },
  });
}
