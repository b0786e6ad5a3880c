import { DirectConnectClient } from '@aws-sdk/client-direct-connect';
import { EC2Client, type EC2ClientConfig } from '@aws-sdk/client-ec2';
import { NetworkFirewallClient } from '@aws-sdk/client-network-firewall';
import { STSClient } from '@aws-sdk/client-sts';
import { AdaptiveRetryStrategy } from '@smithy/util-retry';
import type { CollectionClients } from './collect';

/**
 * Adaptive mode slows the client down when its service throttles (a token bucket shared by the client's
 * calls) instead of only backing off per call; 8 attempts ride out a busy account's rate limits without
 * letting a real outage stall a run for minutes. The SDK makes these attempts itself: nothing in
 * collection retries on top of it, so 8 is the most any call is sent.
 */
export const DEFAULT_MAX_ATTEMPTS = 8;

export interface ClientOptions {
  region: string;
  /** Shared config profile: its region, endpoint_url and credentials settings apply. */
  profile?: string;
  credentials?: EC2ClientConfig['credentials'];
  maxAttempts?: number;
  /** Replaces the adaptive strategy (tests use one without backoff delays). */
  retryStrategy?: EC2ClientConfig['retryStrategy'];
}

/**
 * The clients collection needs. No endpoint is passed: the SDK then honours AWS_ENDPOINT_URL, the
 * per-service AWS_ENDPOINT_URL_EC2 / _STS / _DIRECT_CONNECT / _NETWORK_FIREWALL and a profile's
 * endpoint_url, which is how NetAudit is pointed at a local emulator. Each client has its own adaptive
 * strategy, so EC2 throttling does not slow the Direct Connect calls. Called by the CLI and the Lambda
 * handlers; never at import time.
 */
export function createCollectionClients(options: ClientOptions): CollectionClients {
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const config = () => ({
    region: options.region,
    maxAttempts,
    retryStrategy: options.retryStrategy ?? new AdaptiveRetryStrategy(maxAttempts),
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  });
  return {
    ec2: new EC2Client(config()),
    sts: new STSClient(config()),
    directConnect: new DirectConnectClient(config()),
    networkFirewall: new NetworkFirewallClient(config()),
  };
}
