import { Readable } from 'node:stream';
import { AdaptiveRetryStrategy } from '@smithy/util-retry';
import { collectSnapshot, createCollectionClients, type CollectionClients } from '../../lambda/collect';

/*
 * These tests run the real SDK middleware (endpoint resolution, signing, adaptive retry, XML parsing)
 * and replace only the HTTP transport, innermost in the stack. aws-sdk-client-mock replaces `send` and so
 * can show neither retries nor endpoints.
 */

interface SeenRequest {
  hostname: string;
  port?: number;
  action: string;
}

type Reply = { status: number; body: string };
type Middleware = Parameters<CollectionClients['ec2']['middlewareStack']['add']>[0];
type StsMiddleware = Parameters<CollectionClients['sts']['middlewareStack']['add']>[0];

function serveInMemory(
  clients: CollectionClients,
  reply: (action: string, attempt: number) => Reply,
): SeenRequest[] {
  const seen: SeenRequest[] = [];
  const attempts = new Map<string, number>();
  const transport = () => async (args: { request: { hostname: string; port?: number; body?: unknown } }) => {
    const action = new URLSearchParams(String(args.request.body)).get('Action') ?? '?';
    seen.push({ hostname: args.request.hostname, port: args.request.port, action });
    const attempt = (attempts.get(action) ?? 0) + 1;
    attempts.set(action, attempt);
    const { status, body } = reply(action, attempt);
    return { response: { statusCode: status, headers: {}, body: Readable.from([Buffer.from(body)]) } };
  };
  clients.ec2.middlewareStack.add(transport as unknown as Middleware, {
    step: 'deserialize',
    priority: 'low',
  });
  clients.sts.middlewareStack.add(transport as unknown as StsMiddleware, {
    step: 'deserialize',
    priority: 'low',
  });
  return seen;
}

const EC2_NS = 'http://ec2.amazonaws.com/doc/2016-11-15/';
const ok = (body: string): Reply => ({ status: 200, body });
const empty = (action: string): Reply =>
  ok(`<${action}Response xmlns="${EC2_NS}"><requestId>r</requestId></${action}Response>`);
const throttled: Reply = {
  status: 503,
  body: '<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>r</RequestID></Response>',
};

function account(action: string): Reply {
  switch (action) {
    case 'GetCallerIdentity':
      return ok(
        '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>' +
          '<Arn>arn:aws:iam::123456789012:user/auditor</Arn><UserId>AIDA</UserId><Account>123456789012</Account>' +
          '</GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>',
      );
    case 'DescribeVpcs':
      return ok(
        `<DescribeVpcsResponse xmlns="${EC2_NS}"><requestId>r</requestId><vpcSet><item><vpcId>vpc-1</vpcId>` +
          '<cidrBlock>10.0.0.0/16</cidrBlock></item></vpcSet></DescribeVpcsResponse>',
      );
    case 'DescribeSecurityGroups':
      return ok(
        `<DescribeSecurityGroupsResponse xmlns="${EC2_NS}"><requestId>r</requestId><securityGroupInfo><item>` +
          '<groupId>sg-1</groupId><groupName>web</groupName><vpcId>vpc-1</vpcId></item></securityGroupInfo>' +
          '</DescribeSecurityGroupsResponse>',
      );
    default:
      return empty(action);
  }
}

/** The production adaptive strategy, without its waits (backoff and the client-side rate limiter). */
const noWaitAdaptive = (maxAttempts: number) =>
  new AdaptiveRetryStrategy(maxAttempts, {
    backoff: { computeNextBackoffDelay: () => 0, setDelayBase: () => undefined },
    rateLimiter: { getSendToken: async () => undefined, updateClientSendingRate: () => undefined },
  });

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
const ENDPOINT_VARS = ['AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_EC2', 'AWS_ENDPOINT_URL_STS'] as const;

describe('collection over the real SDK clients', () => {
  const saved = Object.fromEntries(ENDPOINT_VARS.map((k) => [k, process.env[k]]));
  afterEach(() => {
    for (const k of ENDPOINT_VARS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  });

  it('retries a throttled call and succeeds, counting the retry', async () => {
    const clients = createCollectionClients({
      region: 'us-east-1',
      credentials,
      retryStrategy: noWaitAdaptive(3),
    });
    serveInMemory(clients, (action, attempt) =>
      action === 'DescribeSecurityGroups' && attempt === 1 ? throttled : account(action),
    );

    const { snapshot, stats } = await collectSnapshot(clients, { region: 'us-east-1' });

    expect(snapshot.errors).toEqual([]);
    expect(snapshot.securityGroups).toEqual([{ GroupId: 'sg-1', GroupName: 'web', VpcId: 'vpc-1' }]);
    expect(snapshot.vpcs).toEqual([{ VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16' }]);
    expect(stats.apis.find((s) => s.api === 'DescribeSecurityGroups')).toMatchObject({
      calls: 1,
      pages: 1,
      retries: 1,
      errors: 0,
    });
  });

  it('records throttling that outlasts maxAttempts and collects the rest', async () => {
    const clients = createCollectionClients({
      region: 'us-east-1',
      credentials,
      retryStrategy: noWaitAdaptive(3),
    });
    const seen = serveInMemory(clients, (action) =>
      action === 'DescribeSecurityGroups' ? throttled : account(action),
    );

    const { snapshot, stats } = await collectSnapshot(clients, { region: 'us-east-1' });

    expect(snapshot.errors).toEqual([
      {
        api: 'DescribeSecurityGroups',
        code: 'RequestLimitExceeded',
        message: 'Request limit exceeded. (after 3 attempts)',
      },
    ]);
    expect(seen.filter((r) => r.action === 'DescribeSecurityGroups')).toHaveLength(3);
    expect(stats.apis.find((s) => s.api === 'DescribeSecurityGroups')).toMatchObject({
      retries: 2,
      errors: 1,
    });
    expect(snapshot.vpcs).toHaveLength(1);
  });

  it('sends every call to AWS_ENDPOINT_URL, and EC2 calls to AWS_ENDPOINT_URL_EC2 when set', async () => {
    process.env.AWS_ENDPOINT_URL = 'http://localhost:4566';
    process.env.AWS_ENDPOINT_URL_EC2 = 'http://127.0.0.1:5000';
    const clients = createCollectionClients({
      region: 'us-east-1',
      credentials,
      retryStrategy: noWaitAdaptive(1),
    });
    const seen = serveInMemory(clients, account);

    await collectSnapshot(clients, { region: 'us-east-1' });

    const endpoints = new Set(
      seen.map((r) => `${r.action === 'GetCallerIdentity' ? 'sts' : 'ec2'} ${r.hostname}:${r.port}`),
    );
    expect([...endpoints].sort()).toEqual(['ec2 127.0.0.1:5000', 'sts localhost:4566']);
  });

  it('uses the adaptive retry mode by default', async () => {
    const { ec2, sts } = createCollectionClients({ region: 'us-east-1', credentials });

    for (const config of [ec2.config, sts.config]) {
      const strategy = (await config.retryStrategy()) as { mode?: string };
      expect(strategy.mode).toBe('adaptive');
      expect(await config.maxAttempts()).toBe(8);
    }
  });
});
