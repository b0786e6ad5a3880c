import type { VpcEndpoint } from '@aws-sdk/client-ec2';
import type { SnapshotIndex } from '../../engine/snapshot-index';

export type EndpointKind =
  | { kind: 'gateway'; endpoint: VpcEndpoint; service: string }
  | { kind: 'inspection'; endpoint?: VpcEndpoint; by: string; subnetId?: string }
  | { kind: 'interface'; endpoint: VpcEndpoint; service: string }
  | { kind: 'unknown'; reason: string };

/** The service a gateway or interface endpoint serves: `s3` of `com.amazonaws.eu-west-1.s3`. */
export function serviceOf(endpoint: VpcEndpoint): string {
  return (endpoint.ServiceName ?? '').split('.').pop() ?? '';
}

/**
 * What a `vpce-` route target is: a gateway endpoint (S3, DynamoDB), a Gateway Load Balancer endpoint or a
 * Network Firewall endpoint (inspection: routing through it is followed, its policy is not evaluated).
 */
export function classifyEndpoint(index: SnapshotIndex, vpceId: string): EndpointKind {
  for (const firewall of index.snapshot.networkFirewalls ?? []) {
    for (const [az, sync] of Object.entries(firewall.FirewallStatus?.SyncStates ?? {})) {
      if (sync.Attachment?.EndpointId === vpceId) {
        return {
          kind: 'inspection',
          by: `Network Firewall ${firewall.FirewallName ?? '?'} (${az})`,
          ...(sync.Attachment.SubnetId ? { subnetId: sync.Attachment.SubnetId } : {}),
        };
      }
    }
  }
  const endpoints = index.snapshot.vpcEndpoints;
  if (!endpoints || index.missingParts.has('vpcEndpoints')) {
    return { kind: 'unknown', reason: `VPC endpoints were not collected: what ${vpceId} is cannot be told` };
  }
  const endpoint = endpoints.find((e) => e.VpcEndpointId === vpceId);
  if (!endpoint) return { kind: 'unknown', reason: `${vpceId} is not in the snapshot (deleted?)` };
  switch (endpoint.VpcEndpointType) {
    case 'Gateway':
      return { kind: 'gateway', endpoint, service: serviceOf(endpoint) };
    case 'GatewayLoadBalancer':
      return {
        kind: 'inspection',
        endpoint,
        by: `Gateway Load Balancer endpoint ${vpceId}`,
        ...(endpoint.SubnetIds?.[0] ? { subnetId: endpoint.SubnetIds[0] } : {}),
      };
    default:
      return { kind: 'interface', endpoint, service: serviceOf(endpoint) };
  }
}
