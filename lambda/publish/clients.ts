import { SecurityHubClient, type SecurityHubClientConfig } from '@aws-sdk/client-securityhub';
import { SNSClient } from '@aws-sdk/client-sns';
import { ConfiguredRetryStrategy } from '@smithy/util-retry';
import { backoffDelay } from './pacing';

export interface RetryBudget {
  /** Attempts in all, the first included: the SDK makes them, nothing in publishing retries on top. */
  maxAttempts: number;
  /** The wait before the first retry; it doubles each time. */
  baseDelayMs: number;
}

/**
 * Security Hub: 6 attempts, waiting 0.25, 0.5, 1, 2 and 4 s (under 8 s in all). The calls are already
 * paced under the documented rates, so a throttle is rare and short; no client-side rate limiter (the
 * SDK's adaptive mode) is added, since one would make GetFindings' throttling slow the imports down.
 */
export const SECURITY_HUB_RETRY: RetryBudget = { maxAttempts: 6, baseDelayMs: 250 };
/** SNS: one message a run, 4 attempts, waiting 0.5, 1 and 2 s. */
export const SNS_RETRY: RetryBudget = { maxAttempts: 4, baseDelayMs: 500 };

export interface PublishClientOptions {
  region: string;
  /** A shared config profile: its credentials and endpoint_url apply. */
  profile?: string;
  credentials?: SecurityHubClientConfig['credentials'];
  /**
   * Turns the backoff's wait (ms) into the one the SDK makes: tests record it, or move a fake clock,
   * and return 0 so that nothing waits on the real clock.
   */
  waitFor?: (delayMs: number) => number;
}

/**
 * The SDK's standard retry mode with NetAudit's budget: it retries throttling (429, ThrottlingException,
 * TooManyRequestsException, LimitExceededException...), timeouts and 500/502/503/504, and never a denial
 * or a bad request. No endpoint is passed, so AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_SECURITYHUB /
 * AWS_ENDPOINT_URL_SNS and a profile's endpoint_url apply.
 */
function clientConfig(options: PublishClientOptions, budget: RetryBudget) {
  const waitFor = options.waitFor ?? ((ms: number) => ms);
  // `retry` is 1 before the second attempt: 250, 500, 1000... for Security Hub.
  const delay = (retry: number) => waitFor(backoffDelay(budget.baseDelayMs, retry));
  return {
    region: options.region,
    maxAttempts: budget.maxAttempts,
    retryStrategy: new ConfiguredRetryStrategy(budget.maxAttempts, delay),
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
  };
}

/** Called by the handlers and the CLI, never at import time. */
export function createSecurityHubClient(options: PublishClientOptions): SecurityHubClient {
  return new SecurityHubClient(clientConfig(options, SECURITY_HUB_RETRY));
}

export function createSnsClient(options: PublishClientOptions): SNSClient {
  return new SNSClient(clientConfig(options, SNS_RETRY));
}
