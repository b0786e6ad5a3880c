import type { NetworkInterface, SecurityGroup, Subnet, Vpc } from '@aws-sdk/client-ec2';
import { SnapshotIndex } from '../../lambda/engine/snapshot-index';
import {
  diagnose,
  internetExposure,
  ReachabilityEngine,
  type Diagnosis,
  type PathQuery,
  type PortsByVersion,
} from '../../lambda/reachability';
import type { Snapshot } from '../../lambda/snapshot/types';
import { NetworkBuilder, toIgw } from './network-builder';
import { all, tcp } from './permissions';

/** A fresh engine over a snapshot, as one audit would build it. */
export function engineFor(snapshot: Snapshot): ReachabilityEngine {
  return new ReachabilityEngine(new SnapshotIndex(snapshot));
}

export function diagnoseInterface(
  snapshot: Snapshot,
  interfaceId: string,
  query: Partial<PathQuery> = {},
): Diagnosis {
  const engine = engineFor(snapshot);
  const eni = engine.index.networkInterfaces.get(interfaceId);
  if (!eni) throw new Error(`no interface ${interfaceId}`);
  return diagnose(engine, eni, { direction: 'egress', protocol: 'tcp', port: 443, ipVersion: 4, ...query });
}

export function exposureOf(snapshot: Snapshot, interfaceId: string): PortsByVersion {
  const engine = engineFor(snapshot);
  const eni = engine.index.networkInterfaces.get(interfaceId);
  if (!eni) throw new Error(`no interface ${interfaceId}`);
  return internetExposure(engine, eni);
}

/** `{tcp: '22, 80', udp: 'none'}` per version: exposure as text, for readable assertions. */
export function exposureText(ports: PortsByVersion): Record<'v4' | 'v6', { tcp: string; udp: string }> {
  const text = (v: 4 | 6) => ({ tcp: ports[v].tcp.toString(), udp: ports[v].udp.toString() });
  return { v4: text(4), v6: text(6) };
}

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
