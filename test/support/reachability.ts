import type { NetworkInterface, SecurityGroup, Subnet, Vpc } from '@aws-sdk/client-ec2';
import { NetworkBuilder, toIgw } from './network-builder';
import { all, tcp } from './permissions';

/** Gives a built interface an IPv6 address (the builder has no option for it). */
export function withIpv6(eni: NetworkInterface, address = '2001:db8:1::10'): NetworkInterface {
  eni.Ipv6Addresses = [{ Ipv6Address: address }];
  return eni;
}

/**
 * The common starting point: a VPC with an attached IGW, a public subnet routing 0.0.0.0/0 to it, the
 * default NACL (allow all), and one running instance with a public IP whose group `sg-app` has the given
 * ingress and all egress. Tests then break one hop.
 */
export function publicInstance(
  o: { ingress?: ReturnType<typeof tcp>[]; publicIp?: string | null; egress?: ReturnType<typeof all>[] } = {},
) {
  const net = new NetworkBuilder();
  const vpc: Vpc = net.vpc({ id: 'vpc-app', cidr: '10.0.0.0/16' });
  const igw = net.internetGateway({ vpc, id: 'igw-app' });
  const subnet: Subnet = net.subnet({ vpc, id: 'subnet-public', routes: [toIgw(igw)] });
  const group: SecurityGroup = net.securityGroup({
    vpc,
    id: 'sg-app',
    ingress: o.ingress ?? [],
    ...(o.egress ? { egress: o.egress } : {}),
  });
  const publicIp = o.publicIp === null ? undefined : (o.publicIp ?? '203.0.113.10');
  const { instance, eni } = net.instance({
    subnet,
    id: 'i-app',
    groups: [group],
    ...(publicIp ? { publicIp } : {}),
  });
  return { net, vpc, igw, subnet, group, instance, eni };
}
