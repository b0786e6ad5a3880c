import type { IpPermission, NetworkAclEntry } from '@aws-sdk/client-ec2';

/**
 * Security group permissions as people say them:
 *   tcp(22).from('0.0.0.0/0'), tcp(1000, 2000).from('::/0'), all().from('0.0.0.0/0'), tcp(5432).fromGroup('sg-1')
 */
export interface PermissionBuilder extends IpPermission {
  from(...cidrs: string[]): PermissionBuilder;
  fromGroup(...groupIds: string[]): PermissionBuilder;
  fromPrefixList(...ids: string[]): PermissionBuilder;
}

function permission(base: IpPermission): PermissionBuilder {
  const make = (p: IpPermission): PermissionBuilder => ({
    ...p,
    from: (...cidrs) =>
      make({
        ...p,
        IpRanges: [
          ...(p.IpRanges ?? []),
          ...cidrs.filter((c) => !c.includes(':')).map((CidrIp) => ({ CidrIp })),
        ],
        Ipv6Ranges: [
          ...(p.Ipv6Ranges ?? []),
          ...cidrs.filter((c) => c.includes(':')).map((CidrIpv6) => ({ CidrIpv6 })),
        ],
      }),
    fromGroup: (...ids) =>
      make({
        ...p,
        UserIdGroupPairs: [...(p.UserIdGroupPairs ?? []), ...ids.map((GroupId) => ({ GroupId }))],
      }),
    fromPrefixList: (...ids) =>
      make({
        ...p,
        PrefixListIds: [...(p.PrefixListIds ?? []), ...ids.map((PrefixListId) => ({ PrefixListId }))],
      }),
  });
  return make({ IpRanges: [], Ipv6Ranges: [], UserIdGroupPairs: [], PrefixListIds: [], ...base });
}

/** Strips the builder methods so the value is a plain AWS shape (as JSON would hold it). */
export function plain(p: IpPermission): IpPermission {
  const { IpProtocol, FromPort, ToPort, IpRanges, Ipv6Ranges, UserIdGroupPairs, PrefixListIds } = p;
  return {
    IpProtocol,
    ...(FromPort !== undefined ? { FromPort } : {}),
    ...(ToPort !== undefined ? { ToPort } : {}),
    IpRanges,
    Ipv6Ranges,
    UserIdGroupPairs,
    PrefixListIds,
  };
}

export const tcp = (from: number, to = from) => permission({ IpProtocol: 'tcp', FromPort: from, ToPort: to });
export const udp = (from: number, to = from) => permission({ IpProtocol: 'udp', FromPort: from, ToPort: to });
export const icmp = () => permission({ IpProtocol: 'icmp', FromPort: -1, ToPort: -1 });
/** IpProtocol -1: every protocol and port. */
export const all = () => permission({ IpProtocol: '-1' });

/**
 * NACL entries: nacl.in(100).allow.tcp(22).from('0.0.0.0/0'); nacl.out(100).deny.all().to('0.0.0.0/0').
 * Ports are [from, to]; `all()` is protocol -1.
 */
type Action = 'allow' | 'deny';
function entry(egress: boolean, ruleNumber: number, action: Action) {
  const finish = (protocol: string, from?: number, to?: number) => {
    const base: NetworkAclEntry = {
      RuleNumber: ruleNumber,
      Egress: egress,
      RuleAction: action,
      Protocol: protocol,
      ...(from !== undefined ? { PortRange: { From: from, To: to ?? from } } : {}),
    };
    const cidr = (c: string): NetworkAclEntry =>
      c.includes(':') ? { ...base, Ipv6CidrBlock: c } : { ...base, CidrBlock: c };
    return { from: cidr, to: cidr };
  };
  return {
    tcp: (from: number, to?: number) => finish('6', from, to),
    udp: (from: number, to?: number) => finish('17', from, to),
    icmp: () => finish('1'),
    all: () => finish('-1'),
  };
}
export const nacl = {
  in: (ruleNumber: number) => ({
    allow: entry(false, ruleNumber, 'allow'),
    deny: entry(false, ruleNumber, 'deny'),
  }),
  out: (ruleNumber: number) => ({
    allow: entry(true, ruleNumber, 'allow'),
    deny: entry(true, ruleNumber, 'deny'),
  }),
};
