import { EC2Client, type EC2ClientConfig } from '@aws-sdk/client-ec2';
import { STSClient } from '@aws-sdk/client-sts';
import { AdaptiveRetryStrategy } from '@smithy/util-retry';
import type { CollectionClients } from './collect';

/**
 * Adaptive mode slows the client down when EC2 throttles (a token bucket shared by the client's calls)
 * instead of only backing off per call; 8 attempts ride out a busy account's rate limits without letting
 * a real outage stall a run for minutes.
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
 * The clients collection needs. No endpoint is passed: the SDK then honours AWS_ENDPOINT_URL,
 * AWS_ENDPOINT_URL_EC2 / AWS_ENDPOINT_URL_STS and a profile's endpoint_url, which is how NetAudit is
 * pointed at a local emulator. Called by the CLI and the Lambda handler; never at import time.
 */
export function createCollectionClients(options: ClientOptions): CollectionClients {
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const config = {
    region: options.region,
    maxAttempts,
    retryStrategy: options.retryStrategy ?? new AdaptiveRetryStrategy(maxAttempts),
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  };
  return { ec2: new EC2Client(config), sts: new STSClient(config) };
}
