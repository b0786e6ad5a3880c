import type { NetworkInterface } from '@aws-sdk/client-ec2';
import { PortSet } from '../net/ports';
import type { PathProtocol } from './types';

/**
 * The other end as a filter sees it: any internet host, or one address (with its interface when the
 * snapshot has it, so a rule that references a security group can match it).
 */
export type Peer = { kind: 'internet' } | { kind: 'address'; address: string; eni?: NetworkInterface };

export const INTERNET: Peer = { kind: 'internet' };

export function describePeer(peer: Peer): string {
  return peer.kind === 'internet' ? 'the internet' : peer.address;
}

/** What a filter is asked: this protocol, to these ports (one for a request, a range for replies). */
export interface Traffic {
  protocol: PathProtocol;
  ports: PortSet;
}

export function trafficLabel(traffic: Traffic): string {
  if (traffic.protocol === 'icmp') return 'ICMP';
  return `${traffic.protocol.toUpperCase()} ${traffic.ports.toString()}`;
}
