import type { VpcEndpoint } from '@aws-sdk/client-ec2';

/** Endpoint states that no longer serve traffic, in the lower case the API writes them. */
const GONE = new Set(['deleting', 'deleted', 'rejected', 'failed', 'expired']);

/**
 * The interface endpoints that serve or will serve traffic. Gateway and Gateway Load Balancer endpoints
 * have no security groups or private DNS of their own.
 */
export function liveInterfaceEndpoints(endpoints: readonly VpcEndpoint[] | undefined): VpcEndpoint[] {
  // The API writes `Interface` and `available`; the SDK's enums disagree on case, so compare without it.
  return (endpoints ?? []).filter(
    (e) => e.VpcEndpointType?.toLowerCase() === 'interface' && !GONE.has((e.State ?? '').toLowerCase()),
  );
}

/** `vpce-1 (com.amazonaws.us-east-1.ssm)`. */
export const endpointLabel = (e: VpcEndpoint): string => `${e.VpcEndpointId} (${e.ServiceName ?? '?'})`;
