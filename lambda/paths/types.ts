import type { Instance, NetworkInterface } from '@aws-sdk/client-ec2';

/** The protocols a path question asks about. ICMP has no ports: `port` is ignored for it. */
export type PathProtocol = 'tcp' | 'udp' | 'icmp';
export type IpVersion = 4 | 6;

/**
 * One end of a path, resolved against the snapshot. `address` is the IP the packet carries at that end
 * (for `internet`, none: any public host).
 */
export type Endpoint =
  /** Any public host: a path that admits only some public addresses does not work for it. */
  | { kind: 'internet' }
  /** One public address (an administrator's, a partner's): matched exactly by every rule. */
  | { kind: 'public-host'; address: string }
  | { kind: 'interface'; eni: NetworkInterface; instance?: Instance; address: string }
  /** An address inside a VPC that no interface of the snapshot holds: a host the snapshot does not show. */
  | { kind: 'vpc-host'; address: string; vpcId: string; subnetId?: string }
  | { kind: 'on-premises'; network: string; address: string; cidrs: string[] }
  | { kind: 'service'; service: 's3' | 'dynamodb' };

/** What the JSON output says of an end: the input as given and what it resolved to. */
export interface EndpointSummary {
  input: string;
  kind: Endpoint['kind'];
  id?: string;
  instanceId?: string;
  address?: string;
  network?: string;
  service?: string;
}

export interface PathQuery {
  protocol: PathProtocol;
  /** The destination port (TCP/UDP); 0 for ICMP. */
  port: number;
  ipVersion: IpVersion;
}

export type HopStatus = 'PASS' | 'FAIL' | 'SKIP' | 'WARN';

/** The kinds of hop the walker reports, named after the resource that decides them. */
export type HopKind =
  | 'instance'
  | 'network-interface'
  | 'security-group'
  | 'network-acl'
  | 'route-table'
  | 'internet-gateway'
  | 'egress-only-internet-gateway'
  | 'block-public-access'
  | 'nat-gateway'
  | 'nat-instance'
  | 'vpc-peering'
  | 'vpc-endpoint'
  | 'inspection'
  | 'transit-gateway'
  | 'transit-gateway-attachment'
  | 'transit-gateway-route-table'
  | 'virtual-private-gateway'
  | 'vpn-connection'
  | 'direct-connect'
  | 'partition'
  | 'gateway'
  | 'public-address'
  | 'dns'
  | 'destination';

/** One hop of the path: what decided it, with the evidence and the change that fixes it. */
export interface Hop {
  kind: HopKind;
  resourceId: string;
  status: HopStatus;
  message: string;
  evidence: string[];
  fix: string | null;
}

export type PathVerdict = 'works' | 'broken' | 'unverifiable';

/** The answer to one question, in the JSON shape of the documentation. */
export interface PathAnswer {
  source: EndpointSummary;
  destination: EndpointSummary;
  query: PathQuery;
  verdict: PathVerdict;
  /** The first hop that drops the traffic (there or back), when broken. */
  brokenHop: (Pick<Hop, 'kind' | 'resourceId' | 'message' | 'fix'> & { direction: Direction }) | null;
  /** Where the walk could not see further, when unverifiable. */
  unverifiableHop: (Pick<Hop, 'kind' | 'resourceId' | 'message'> & { direction: Direction }) | null;
  warnings: { resourceId: string; message: string }[];
  hops: Hop[];
  returnPath: Hop[];
}

export type Direction = 'forward' | 'return';
