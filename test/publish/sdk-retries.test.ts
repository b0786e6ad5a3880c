import { Readable } from 'node:stream';
import type { AwsSecurityFinding } from '@aws-sdk/client-securityhub';
import { PublishCommand } from '@aws-sdk/client-sns';
import { toAsffFindings } from '../../lambda/findings/asff';
import { publishMessage, sendAlert } from '../../lambda/publish/alert';
import {
  createSecurityHubClient,
  createSnsClient,
  SECURITY_HUB_RETRY,
  SNS_RETRY,
} from '../../lambda/publish/clients';
import { getAllFindings, importFindings, type ApiContext } from '../../lambda/publish/security-hub-api';
import { fakeTime } from './fake-security-hub';
import { aReport, aResult } from './fixtures';

/*
 * The real Security Hub and SNS clients NetAudit builds, with only the HTTP transport replaced: the SDK's
 * retry middleware, serialization, signing and error parsing all run. aws-sdk-client-mock replaces `send`
 * and so could show neither the retries nor the endpoints.
 */

interface SeenRequest {
  hostname: string;
  port?: number;
  path: string;
  body: string;
}
interface Reply {
  status: number;
  body: string;
  headers?: Record<string, string>;
}
interface Transported {
  config: object;
}

const bodyText = (body: unknown): string =>
  body instanceof Uint8Array ? Buffer.from(body).toString('utf8') : String(body ?? '');

/** Answers a client's HTTP requests in memory, `reply(attempt)` for the n-th request (1 for the first). */
function serveInMemory(client: Transported, reply: (attempt: number, request: SeenRequest) => Reply) {
  const seen: SeenRequest[] = [];
  const requestHandler = {
    handle: async (request: { hostname: string; port?: number; path: string; body?: unknown }) => {
      const req = {
        hostname: request.hostname,
        port: request.port,
        path: request.path,
        body: bodyText(request.body),
      };
      seen.push(req);
      const { status, body, headers = {} } = reply(seen.length, req);
      return {
        response: {
          statusCode: status,
          headers: { 'content-type': 'application/json', ...headers },
          body: Readable.from([Buffer.from(body)]),
        },
      };
    },
  };
  // The resolved client reads its handler on every send: this replaces the network and nothing else.
  Object.assign(client.config, { requestHandler });
  return seen;
}

/** A Security Hub error as the service sends it (restJson1): the type in a header and in the body. */
const securityHubError = (status: number, type: string, message: string): Reply => ({
  status,
  headers: { 'x-amzn-errortype': type },
  body: JSON.stringify({ __type: type, message }),
});
const throttling = securityHubError(429, 'TooManyRequestsException', 'Rate exceeded');
const throttlingException = securityHubError(400, 'ThrottlingException', 'Rate exceeded');
const denied = securityHubError(
  403,
  'AccessDeniedException',
  'not authorized to perform BatchImportFindings',
);
const ok = (body: object): Reply => ({ status: 200, body: JSON.stringify(body) });

/** An SNS (awsQuery) error or answer, in XML. */
const snsError = (status: number, code: string, message: string): Reply => ({
  status,
  headers: { 'content-type': 'text/xml' },
  body:
    `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type>` +
    `<Code>${code}</Code><Message>${message}</Message></Error><RequestId>r</RequestId></ErrorResponse>`,
});
const snsPublished: Reply = {
  status: 200,
  headers: { 'content-type': 'text/xml' },
  body:
    '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult>' +
    '<MessageId>m-1</MessageId></PublishResult><ResponseMetadata><RequestId>r</RequestId>' +
    '</ResponseMetadata></PublishResponse>',
};

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:netaudit-alerts';
const noWait = () => 0;

function securityHub(waits: number[] = []) {
  const client = createSecurityHubClient({
    region: 'us-east-1',
    waitFor: (ms) => {
      waits.push(ms);
      return 0;
    },
  });
  const time = fakeTime();
  const ctx: ApiContext = {
    client,
    accountId: '123456789012',
    region: 'us-east-1',
    sleep: time.sleep,
    readPace: async () => undefined,
    writePace: async () => undefined,
    calls: { getFindings: 0, batchImportFindings: 0 },
  };
  return { client, ctx, time };
}

/** A real NetAudit finding under another id: the transport tests follow ids, not content. */
const finding = (id: string): AwsSecurityFinding => ({ ...toAsffFindings(aReport([aResult()]))[0]!, Id: id });

describe('Security Hub client retries (the SDK, over its HTTP transport)', () => {
  it('retries throttling itself with the backoff the budget sets, and the call succeeds', async () => {
    // Prepare
    const waits: number[] = [];
    const { client, ctx } = securityHub(waits);
    const seen = serveInMemory(client, (attempt) =>
      attempt === 1 ? throttling : attempt === 2 ? throttlingException : ok({ Findings: [finding('f-1')] }),
    );

    // Act
    const findings = await getAllFindings(ctx, {});

    // Assess
    expect(findings.map((f) => f.Id)).toEqual(['f-1']);
    expect(seen).toHaveLength(3);
    expect(seen.every((r) => r.path === '/findings')).toBe(true);
    expect(waits).toEqual([250, 500]);
    expect(ctx.calls.getFindings).toBe(3);
  });

  it('makes 6 attempts at most, then reports every finding of the batch as uncertain', async () => {
    const waits: number[] = [];
    const { client, ctx } = securityHub(waits);
    const seen = serveInMemory(client, () => throttling);

    const { imported, failures } = await importFindings(ctx, [finding('f-1'), finding('f-2')]);

    expect(seen).toHaveLength(SECURITY_HUB_RETRY.maxAttempts);
    expect(waits).toEqual([250, 500, 1000, 2000, 4000]);
    expect(imported.size).toBe(0);
    expect(failures).toEqual([
      { findingId: 'f-1', code: 'TooManyRequestsException', message: 'Rate exceeded', uncertain: true },
      { findingId: 'f-2', code: 'TooManyRequestsException', message: 'Rate exceeded', uncertain: true },
    ]);
    expect(ctx.calls.batchImportFindings).toBe(6);
  });

  it('does not retry a denial, and reports it as a definite failure', async () => {
    const { client, ctx } = securityHub();
    const seen = serveInMemory(client, () => denied);

    const { failures } = await importFindings(ctx, [finding('f-1')]);

    expect(seen).toHaveLength(1);
    expect(failures).toEqual([
      {
        findingId: 'f-1',
        code: 'AccessDeniedException',
        message: 'not authorized to perform BatchImportFindings',
      },
    ]);
  });

  it('retries a server error, and re-sends only the FailedFindings of a 200 (which the SDK does not)', async () => {
    const { client, ctx, time } = securityHub();
    const seen = serveInMemory(client, (attempt, request) => {
      if (attempt === 1) return securityHubError(500, 'InternalException', 'internal error');
      const sent = (JSON.parse(request.body) as { Findings: AwsSecurityFinding[] }).Findings;
      const refused = attempt === 2 ? sent.filter((f) => f.Id === 'f-2') : [];
      return ok({
        SuccessCount: sent.length - refused.length,
        FailedCount: refused.length,
        FailedFindings: refused.map((f) => ({
          Id: f.Id,
          ErrorCode: 'InternalFailure',
          ErrorMessage: 'retry',
        })),
      });
    });

    const { imported, failures } = await importFindings(ctx, [finding('f-1'), finding('f-2')]);

    expect(failures).toEqual([]);
    expect([...imported].sort()).toEqual(['f-1', 'f-2']);
    const ids = seen.map((r) =>
      (JSON.parse(r.body) as { Findings: AwsSecurityFinding[] }).Findings.map((f) => f.Id),
    );
    expect(ids).toEqual([['f-1', 'f-2'], ['f-1', 'f-2'], ['f-2']]);
    expect(seen.map((r) => r.path)).toEqual(['/findings/import', '/findings/import', '/findings/import']);
    // The re-send of the refused finding waits on NetAudit's own backoff (250 ms), not the SDK's.
    expect(time.sleeps).toEqual([250]);
  });

  it('uses the standard retry mode with 6 attempts by default', async () => {
    const client = createSecurityHubClient({ region: 'us-east-1' });

    const strategy = (await client.config.retryStrategy()) as { mode?: string };

    expect(strategy.mode).toBe('standard');
    expect(await client.config.maxAttempts()).toBe(6);
  });
});

describe('SNS client retries (the SDK, over its HTTP transport)', () => {
  const findings = [aResult({ severity: 'CRITICAL' })];

  it('retries throttling itself, and the alert is sent', async () => {
    const waits: number[] = [];
    const client = createSnsClient({ region: 'us-east-1', waitFor: (ms) => (waits.push(ms), 0) });
    const seen = serveInMemory(client, (attempt) =>
      attempt <= 2 ? snsError(400, 'Throttling', 'Rate exceeded') : snsPublished,
    );

    const outcome = await sendAlert(client, TOPIC, aReport(findings), findings);

    expect(outcome).toMatchObject({ sent: true, messageId: 'm-1' });
    expect(seen).toHaveLength(3);
    expect(waits).toEqual([500, 1000]);
  });

  it('makes 4 attempts at most, then reports the failure instead of throwing', async () => {
    const client = createSnsClient({ region: 'us-east-1', waitFor: noWait });
    const seen = serveInMemory(client, () => snsError(500, 'InternalError', 'internal error'));

    const outcome = await sendAlert(client, TOPIC, aReport(findings), findings);

    expect(seen).toHaveLength(SNS_RETRY.maxAttempts);
    expect(outcome).toMatchObject({ sent: false, error: expect.stringMatching(/^InternalError/) });
  });

  it('does not retry a denial', async () => {
    const client = createSnsClient({ region: 'us-east-1', waitFor: noWait });
    const seen = serveInMemory(client, () => snsError(403, 'AuthorizationError', 'not authorized'));

    const outcome = await publishMessage(
      client,
      new PublishCommand({ TopicArn: TOPIC, Message: 'm' }),
      'test',
    );

    expect(seen).toHaveLength(1);
    expect(outcome).toMatchObject({
      sent: false,
      error: expect.stringMatching(/^AuthorizationError.*: not authorized/),
    });
  });
});

describe('publishing clients and endpoints', () => {
  const VARS = ['AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_SNS', 'AWS_ENDPOINT_URL_SECURITYHUB'] as const;
  const saved = Object.fromEntries(VARS.map((k) => [k, process.env[k]]));
  afterEach(() => {
    for (const k of VARS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  });

  it('sends Security Hub and SNS calls to AWS_ENDPOINT_URL, and SNS to AWS_ENDPOINT_URL_SNS when set', async () => {
    process.env.AWS_ENDPOINT_URL = 'http://localhost:4566';
    process.env.AWS_ENDPOINT_URL_SNS = 'http://127.0.0.1:5000';
    const hub = securityHub();
    const sns = createSnsClient({ region: 'us-east-1', waitFor: noWait });
    const hubSeen = serveInMemory(hub.client, () => ok({ Findings: [] }));
    const snsSeen = serveInMemory(sns, () => snsPublished);

    await getAllFindings(hub.ctx, {});
    await publishMessage(sns, new PublishCommand({ TopicArn: TOPIC, Message: 'm' }), 'test');

    expect(hubSeen.map((r) => `${r.hostname}:${r.port}`)).toEqual(['localhost:4566']);
    expect(snsSeen.map((r) => `${r.hostname}:${r.port}`)).toEqual(['127.0.0.1:5000']);
  });
});
