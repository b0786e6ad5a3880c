import { mockClient } from 'aws-sdk-client-mock';
import type { AuditSummary } from '../../lambda/handlers/audit-handler';
import { NetworkBuilder } from '../support/network-builder';
import { scheduledEvent } from './event-fixtures';

type HandlerModule = { handler: (event: unknown) => Promise<AuditSummary> };
type SecurityHubModule = typeof import('@aws-sdk/client-securityhub');
type SnsModule = typeof import('@aws-sdk/client-sns');

/**
 * The deployable module itself: its cold start reads the environment and builds the clients once. The
 * collector is swapped for a fixed snapshot (its own tests cover it); AWS calls go to mocks.
 */
describe('lambda/handlers/audit (the deployed entry point)', () => {
  const saved = { ...process.env };
  const collectSnapshot = jest.fn(async () => {
    const net = new NetworkBuilder();
    net.vpc({ id: 'vpc-1', bare: true });
    return { snapshot: net.snapshot(), stats: {} };
  });

  /** Loads the module fresh, as a cold start does, with the SDK clients of that fresh load mocked. */
  function load(env: Record<string, string>) {
    process.env = { ...saved, POWERTOOLS_METRICS_DISABLED: 'true', POWERTOOLS_LOG_LEVEL: 'SILENT', ...env };
    let loaded: { module: HandlerModule; getFindingsCalls: () => number } | undefined;
    jest.isolateModules(() => {
      jest.doMock('../../lambda/collect', () => ({
        ...jest.requireActual<object>('../../lambda/collect'),
        collectSnapshot,
      }));
      const sh = jest.requireActual<SecurityHubModule>('@aws-sdk/client-securityhub');
      const hub = mockClient(sh.SecurityHubClient);
      hub.on(sh.GetFindingsCommand).resolves({ Findings: [] });
      hub.on(sh.BatchImportFindingsCommand).resolves({ SuccessCount: 0, FailedCount: 0 });
      mockClient(jest.requireActual<SnsModule>('@aws-sdk/client-sns').SNSClient);
      loaded = {
        module: jest.requireActual<HandlerModule>('../../lambda/handlers/audit'),
        getFindingsCalls: () => hub.commandCalls(sh.GetFindingsCommand).length,
      };
    });
    return loaded!;
  }

  afterEach(() => {
    process.env = { ...saved };
  });

  // Each test loads the SDK, Powertools and the X-Ray SDK afresh: seconds on a busy machine, hence 30 s.
  it('validates its environment at cold start and audits on a scheduled event', async () => {
    const { module, getFindingsCalls } = load({ AWS_REGION: 'us-east-1' });

    const summary = await module.handler(scheduledEvent);

    expect(summary).toMatchObject({ target: 'region', region: 'us-east-1', accountId: '123456789012' });
    expect(collectSnapshot).toHaveBeenCalledWith(
      expect.objectContaining({ ec2: expect.anything(), sts: expect.anything() }),
      { region: 'us-east-1' },
    );
    expect(getFindingsCalls()).toBeGreaterThan(0);
  }, 30_000);

  it('fails the cold start with a clear error on a bad environment', () => {
    expect(() => load({ AWS_REGION: 'us-east-1', SECURITY_HUB_ENABLED: 'maybe' })).toThrow(
      /NetAudit Lambda environment is invalid:\n.*SECURITY_HUB_ENABLED/,
    );
  }, 30_000);
});
