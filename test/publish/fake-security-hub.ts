import {
  BatchImportFindingsCommand,
  GetFindingsCommand,
  SecurityHubClient,
  type AwsSecurityFinding,
  type AwsSecurityFindingFilters,
  type BatchImportFindingsCommandInput,
  type GetFindingsCommandInput,
  type StringFilter,
} from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import type { Clock, Sleep } from '../../lambda/publish/pacing';

/**
 * An in-memory Security Hub behind the real SecurityHubClient (aws-sdk-client-mock): GetFindings filters
 * (EQUALS / PREFIX on the string attributes NetAudit uses) and pages; BatchImportFindings creates or
 * updates, ignoring an update whose UpdatedAt is not later than the stored one, as Security Hub does.
 */
export class FakeSecurityHub {
  readonly client = new SecurityHubClient({ region: 'us-east-1' });
  readonly mock = mockClient(this.client);
  readonly store = new Map<string, AwsSecurityFinding>();
  /** Every BatchImportFindings request, in order. */
  readonly imports: AwsSecurityFinding[][] = [];
  readonly reads: GetFindingsCommandInput[] = [];
  /** Ids refused (FailedFindings) on their next N import attempts. */
  readonly refuse = new Map<string, number>();
  ignoredUpdates = 0;

  constructor() {
    this.mock.on(GetFindingsCommand).callsFake((input: GetFindingsCommandInput) => this.getFindings(input));
    this.mock
      .on(BatchImportFindingsCommand)
      .callsFake((input: BatchImportFindingsCommandInput) => this.batchImport(input));
  }

  reset(): void {
    this.imports.length = 0;
    this.reads.length = 0;
  }

  importedFindings(): AwsSecurityFinding[] {
    return this.imports.flat();
  }

  private getFindings(input: GetFindingsCommandInput) {
    this.reads.push(input);
    const all = [...this.store.values()].filter((f) => matches(f, input.Filters ?? {}));
    const start = Number(input.NextToken ?? 0);
    const size = input.MaxResults ?? 100;
    const page = all.slice(start, start + size);
    return {
      Findings: structuredClone(page),
      ...(start + size < all.length ? { NextToken: String(start + size) } : {}),
    };
  }

  private batchImport(input: BatchImportFindingsCommandInput) {
    const findings = input.Findings ?? [];
    this.imports.push(structuredClone(findings));
    const failed = [];
    for (const f of findings) {
      const refusals = this.refuse.get(f.Id!) ?? 0;
      if (refusals > 0) {
        this.refuse.set(f.Id!, refusals - 1);
        failed.push({ Id: f.Id!, ErrorCode: 'InternalFailure', ErrorMessage: 'try again' });
        continue;
      }
      const stored = this.store.get(f.Id!);
      if (stored && Date.parse(f.UpdatedAt!) <= Date.parse(stored.UpdatedAt!)) {
        this.ignoredUpdates++;
        continue;
      }
      this.store.set(f.Id!, {
        ...structuredClone(f),
        ProductFields: { ...f.ProductFields, 'aws/securityhub/FindingId': `arn:finding/${f.Id}` },
        ProductName: 'Default',
        CompanyName: 'Personal',
        Region: 'us-east-1',
        Workflow: { Status: 'NEW' },
      });
    }
    return {
      SuccessCount: findings.length - failed.length,
      FailedCount: failed.length,
      FailedFindings: failed,
    };
  }
}

function value(f: AwsSecurityFinding, key: keyof AwsSecurityFindingFilters): string | undefined {
  const v = (f as unknown as Record<string, unknown>)[key];
  return typeof v === 'string' ? v : undefined;
}

function matches(f: AwsSecurityFinding, filters: AwsSecurityFindingFilters): boolean {
  return Object.entries(filters).every(([key, list]) => {
    const actual = value(f, key as keyof AwsSecurityFindingFilters);
    return (list as StringFilter[]).some((filter) =>
      filter.Comparison === 'PREFIX' ? actual?.startsWith(filter.Value!) : actual === filter.Value,
    );
  });
}

/** A clock that only moves when the code under test sleeps: rate limits and backoff, without waiting. */
export function fakeTime(start = Date.parse('2026-11-28T01:00:00Z')): {
  clock: Clock;
  sleep: Sleep;
  sleeps: number[];
} {
  let now = start;
  const sleeps: number[] = [];
  return {
    clock: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
  };
}
