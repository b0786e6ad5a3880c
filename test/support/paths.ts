import { SnapshotIndex } from '../../lambda/engine/snapshot-index';
import { answerPath, type PathQuestion } from '../../lambda/paths/explain';
import type { OnPremisesNetwork } from '../../lambda/paths/endpoints';
import type { PathAnswer } from '../../lambda/paths/types';
import type { Snapshot } from '../../lambda/snapshot/types';
import { NetworkBuilder, toIgw, toNat } from './network-builder';

/** `explain` as a function: the question's defaults are the CLI's (TCP 443 to the internet). */
export function ask(
  snapshot: Snapshot,
  source: string,
  question: Partial<Omit<PathQuestion, 'source'>> = {},
  networks: OnPremisesNetwork[] = [],
): PathAnswer {
  return answerPath(
    new SnapshotIndex(snapshot),
    { source, destination: 'internet', protocol: 'tcp', port: 443, ...question },
    networks,
  );
}

/** `kind resourceId STATUS` of every hop there and back: what a reader checks first. */
export function trail(answer: PathAnswer): string[] {
  return [
    ...answer.hops.map((h) => `${h.kind} ${h.resourceId} ${h.status}`),
    ...answer.returnPath.map((h) => `back: ${h.kind} ${h.resourceId} ${h.status}`),
  ];
}

/**
 * The landing-zone shape: a public subnet (10.0.0.0/24) with a NAT gateway (10.0.0.5, EIP 198.51.100.1)
 * routing 0.0.0.0/0 to the attached internet gateway, and a private subnet (10.0.1.0/24) routing
 * 0.0.0.0/0 to the NAT gateway, where instance i-db (10.0.1.10) runs with all egress allowed.
 */
export function privateBehindNat() {
  const net = new NetworkBuilder();
  const vpc = net.vpc({ id: 'vpc-1', cidr: '10.0.0.0/16' });
  const igw = net.internetGateway({ vpc, id: 'igw-1' });
  const publicSubnet = net.subnet({ vpc, id: 'subnet-public', cidr: '10.0.0.0/24', routes: [toIgw(igw)] });
  const nat = net.natGateway({ subnet: publicSubnet, id: 'nat-1' });
  const privateSubnet = net.subnet({ vpc, id: 'subnet-private', cidr: '10.0.1.0/24', routes: [toNat(nat)] });
  const group = net.securityGroup({ vpc, id: 'sg-db' });
  const { instance, eni } = net.instance({ subnet: privateSubnet, id: 'i-db', groups: [group] });
  return { net, vpc, igw, publicSubnet, nat, privateSubnet, group, instance, eni };
}
