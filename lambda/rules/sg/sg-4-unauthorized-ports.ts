import type { AuditConfig } from '../../config/config';
import { describePortSpec, type PortSpec } from '../../config/ports';
import { PortSet } from '../../net/ports';
import type { Protocol } from '../../net/protocol';
import { exposedPortsRule } from './exposed-ports-rule';

/** Everything `authorizedPorts` does not list, per protocol. */
export function unauthorizedPorts(config: AuditConfig): PortSpec {
  return {
    tcp: PortSet.ALL.subtract(config.authorizedPorts.tcp),
    udp: PortSet.ALL.subtract(config.authorizedPorts.udp),
  };
}

/**
 * `authorizedPorts` can only authorise TCP and UDP ports, so any other protocol open to the internet is
 * unauthorised: protocol -1, and whole protocols such as ESP (50) or GRE (47). ICMP and ICMPv6 are the
 * exception: they carry no ports, path MTU discovery needs them (ICMP type 3, ICMPv6 type 2), and they
 * reach no listening service.
 */
export const countsAsUnauthorized = (protocol: Protocol): boolean =>
  protocol !== 'icmp' && protocol !== 'icmpv6';

export const unauthorizedPortsOpenToInternet = exposedPortsRule(
  {
    id: 'SG.4',
    title: 'Security group allows the internet to a port outside the authorized ports',
    description:
      'Every port open to 0.0.0.0/0 or ::/0 beyond the ones the workload is meant to serve (by default TCP 80 ' +
      'and 443) is attack surface nobody intended: a debug endpoint, an admin console or a forgotten service ' +
      'becomes reachable by anyone.',
    severity: 'MEDIUM',
    remediation: {
      text:
        'Narrow the rules that admit 0.0.0.0/0 or ::/0 to the authorized ports, and give other ports sources ' +
        'you know (VPN or office CIDRs, other security groups). If the port is meant to be public, add it to ' +
        'authorizedPorts in the NetAudit config.',
      url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-18',
    },
    references: ['FSBP EC2.18'],
  },
  unauthorizedPorts,
  'a port outside the authorized ports',
  {
    describe: (config) => `authorized: ${describePortSpec(config.authorizedPorts)}`,
    countsProtocol: countsAsUnauthorized,
  },
);
