import { formatSimulationTable, MODELED_APIS, simulateOrganization } from '../../bench/org-simulation';
import { COLLECTION_APIS } from '../../lambda/collect/apis';

const SMALL = { accounts: 40, regions: 4, seed: 7 };

describe('organization run simulation', () => {
  it('is deterministic for a seed', () => {
    const one = simulateOrganization({ ...SMALL, concurrency: 5 });

    expect(simulateOrganization({ ...SMALL, concurrency: 5 })).toEqual(one);
    expect(simulateOrganization({ ...SMALL, seed: 8, concurrency: 5 })).not.toEqual(one);
    expect(one.targets).toBe(160);
  });

  it('models every API the collector calls', () => {
    expect(new Set(MODELED_APIS)).toEqual(new Set(COLLECTION_APIS));
  });

  it('audits every target: two STS calls each, every list call, the per-VPC and the per-item calls', () => {
    const result = simulateOrganization({ ...SMALL, concurrency: 5 });

    expect(result.apiCalls.sts).toBe(2 * result.targets);
    // 26 EC2 list calls, 3 per VPC (each region has at least one), 8 AWS-managed prefix lists' entries.
    expect(result.apiCalls.ec2).toBeGreaterThanOrEqual((26 + 3 + 8) * result.targets);
    // DescribeDirectConnectGateways and DescribeVirtualInterfaces everywhere, and in every region of the
    // accounts with a (global) Direct Connect gateway, its associations; ListFirewalls, and DescribeFirewall
    // where there are firewalls.
    expect(result.apiCalls.directConnect).toBeGreaterThan(2 * result.targets);
    expect(result.apiCalls.networkFirewall).toBeGreaterThan(result.targets);
    expect(result.apiCalls.securityHub).toBeGreaterThanOrEqual(result.targets);
    const { total, ...byService } = result.apiCalls;
    expect(total).toBe(Object.values(byService).reduce((sum, n) => sum + n, 0));
  });

  it('finishes sooner with more accounts at once, for about the same number of calls', () => {
    const [slow, fast] = [2, 20].map((concurrency) => simulateOrganization({ ...SMALL, concurrency }));

    // Ten times the concurrency: well under a quarter of the time (the slowest account sets the tail).
    expect(fast!.wallSeconds).toBeLessThan(slow!.wallSeconds / 4);
    expect(Math.abs(fast!.apiCalls.total - slow!.apiCalls.total)).toBeLessThan(slow!.apiCalls.total * 0.01);
    // A target's own time does not depend on how many accounts run beside it: EC2 limits are per account.
    expect(fast!.targetSeconds.p50).toBeCloseTo(slow!.targetSeconds.p50, 1);
  });

  it('prints one row per concurrency', () => {
    const table = formatSimulationTable(
      [5, 10].map((concurrency) => simulateOrganization({ ...SMALL, concurrency })),
    );

    expect(table.split('\n')).toEqual([
      expect.stringMatching(/^concurrency\s+wall time\s+API calls\s+EC2\s+throttled/),
      expect.stringMatching(/^\s+5\s+0h \d\dm \d\ds\s/),
      expect.stringMatching(/^\s+10\s+0h \d\dm \d\ds\s/),
    ]);
  });
});
