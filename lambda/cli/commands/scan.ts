import { Command, Option } from 'commander';
import type { AuditConfig } from '../../config/config';
import { evaluate, type EvaluateOptions } from '../../engine/evaluate';
import type { AuditReport } from '../../engine/result';
import { atLeast, SEVERITIES, type Severity } from '../../engine/severity';
import { InputError } from '../../errors';
import { toAsffFindings } from '../../findings/asff';
import { formatJsonChunks } from '../../findings/json';
import { formatSarif } from '../../findings/sarif';
import { makeStyler } from '../../findings/style';
import { formatTable } from '../../findings/table';
import { RULES } from '../../rules/registry';
import { loadSnapshotFile } from '../../snapshot/load';
import type { Snapshot } from '../../snapshot/types';
import { collect, collectLiveSnapshot, loadConfig, oneOf, parseSeverity, parseVpcId } from '../options';
import { writeOutput } from '../output';

export const FORMATS = ['table', 'json', 'asff', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

export interface RenderOptions {
  format: Format;
  includePassed?: boolean;
  /** Where SARIF results point: the snapshot file or the live account. */
  source: string;
  color?: boolean;
}

/** Pure: the audit of one snapshot with the full catalogue (passes kept only when asked, see evaluate). */
export function audit(snapshot: Snapshot, config: AuditConfig, options: EvaluateOptions = {}): AuditReport {
  return evaluate(snapshot, config, RULES, undefined, options);
}

export function render(report: AuditReport, options: RenderOptions): string | Iterable<string> {
  switch (options.format) {
    case 'json':
      // In pieces: a large region's JSON report is written as it is produced.
      return formatJsonChunks(report, { includePassed: options.includePassed ?? false });
    case 'asff':
      return `${JSON.stringify(toAsffFindings(report), null, 2)}\n`;
    case 'sarif':
      return formatSarif(report, RULES, { artifactUri: options.source });
    case 'table':
      return formatTable(report, {
        includePassed: options.includePassed ?? false,
        style: makeStyler({ isTTY: options.color ?? false }),
      });
  }
}

/**
 * 1 when a failure at or above `failOn` exists, or when `failOn` is set and API calls failed: a CI gate
 * must not go green on an audit that could not see part of the account. 0 otherwise.
 */
export function exitCodeFor(report: AuditReport, failOn: Severity | undefined): number {
  if (!failOn) return 0;
  if (report.errors.length > 0) return 1;
  return report.results.some((r) => r.status === 'FAILED' && atLeast(r.severity, failOn)) ? 1 : 0;
}

/** Publishing problems that are the user's setup, not NetAudit's bug: one line and exit 2. */
async function publishing<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    const { SecurityHubNotEnabledError } = await import('../../publish/security-hub');
    if (err instanceof SecurityHubNotEnabledError) throw new InputError(err.message);
    const name = (err as Error).name ?? '';
    if (
      /AccessDenied|UnauthorizedOperation|UnrecognizedClient|InvalidClientTokenId|ExpiredToken/.test(name)
    ) {
      throw new InputError(`publishing was refused: ${name}: ${(err as Error).message}`);
    }
    throw err;
  }
}

interface ScanOptions {
  snapshot?: string;
  region?: string;
  profile?: string;
  vpc?: string[];
  config?: string;
  format: Format;
  output?: string;
  failOn?: Severity;
  includePassed?: boolean;
  publish?: 'securityhub';
  alertTopic?: string;
  quiet?: boolean;
  stats?: boolean;
  org?: boolean;
  ou?: string[];
  roleName?: string;
  regions?: string[];
  concurrency?: string;
}

/** `netaudit scan --org`: every account of the organization (or of some OUs) × the given regions. */
async function scanOrg(options: ScanOptions): Promise<void> {
  if (options.snapshot || options.region || options.vpc) {
    throw new InputError(
      '--org audits the organization: --snapshot, --region and --vpc do not apply (use --regions)',
    );
  }
  if (!options.regions?.length)
    throw new InputError('--org needs --regions, e.g. --regions eu-west-1,us-east-1');
  if (options.format !== 'table')
    throw new InputError('--org prints a per-account × region table: use --format table');
  if (options.alertTopic)
    throw new InputError('--org sends no alert from a workstation: leave out --alert-topic');
  const { orgExitCode, scanOrganization } = await import('../org');
  const { text, results } = await scanOrganization({
    ...(options.ou?.length ? { ouIds: options.ou } : {}),
    roleName: options.roleName ?? '',
    regions: options.regions,
    concurrency: Number(options.concurrency ?? '10'),
    ...(options.profile ? { profile: options.profile } : {}),
    ...(options.config ? { configPath: options.config } : {}),
    publish: options.publish === 'securityhub',
    quiet: Boolean(options.quiet),
  });
  writeOutput(text, options.output);
  process.exitCode = orgExitCode(results, options.failOn);
}

export function registerScanCommand(program: Command): void {
  program
    .command('scan')
    .description('Audit a region (live, read-only) or a snapshot file and report the findings')
    .option('--snapshot <file>', 'audit a snapshot file instead of a live account')
    .option('--region <region>', 'AWS region to audit live (default: AWS_REGION, then the profile)')
    .option('--profile <name>', 'AWS shared-config profile for a live audit')
    .option('--vpc <id>', 'audit only this VPC (repeatable, or comma-separated)', parseVpcId)
    .option('--config <file>', 'netaudit.config.json: severities, ports, suppressions...')
    .addOption(
      new Option('--format <format>', 'output format')
        .choices(FORMATS)
        .default('table')
        .argParser(oneOf(FORMATS)),
    )
    .option('--output <file>', 'write the report to a file instead of stdout')
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a failure at or above this severity exists')
        .choices(SEVERITIES)
        .argParser(parseSeverity),
    )
    .option('--include-passed', 'also list passing results')
    .addOption(new Option('--publish <target>', 'publish the findings').choices(['securityhub']))
    .option('--alert-topic <arn>', 'SNS topic to alert when thresholds are crossed (with --publish)')
    .option('--quiet', 'no progress display')
    .option('--stats', 'print API call statistics of a live collection on stderr')
    .option('--org', 'audit every active account of the AWS Organization through its member role')
    .option(
      '--ou <id>',
      'with --org: only accounts under this OU or root (repeatable, or comma-separated)',
      collect,
    )
    .option('--role-name <name>', 'with --org: the member role to assume (default NetAuditMember)')
    .option('--regions <list>', 'with --org: comma-separated regions to audit in every account', collect)
    .option('--concurrency <n>', 'with --org: account × region targets audited at once (default 10)')
    .addHelpText(
      'after',
      '\nExit codes: 0 audit done (nothing at or above --fail-on), 1 failures at or above --fail-on (or, with --fail-on, an incomplete audit), 2 bad input, 5 with --publish: Security Hub did not take every finding.',
    )
    .action(async (options: ScanOptions) => {
      if (options.org) return scanOrg(options);
      if (options.ou || options.roleName || options.regions || options.concurrency) {
        throw new InputError('--ou, --role-name, --regions and --concurrency go with --org');
      }
      if (options.snapshot && (options.region || options.profile || options.vpc)) {
        throw new InputError(
          '--snapshot audits a file: --region, --profile and --vpc apply to live audits only',
        );
      }
      if (options.alertTopic && !options.publish) {
        throw new InputError('--alert-topic needs --publish securityhub (alerts are about new findings)');
      }
      const config = loadConfig(options.config);
      const snapshot = options.snapshot
        ? loadSnapshotFile(options.snapshot)
        : await collectLiveSnapshot(options);
      // Passes are shown only with --include-passed, and publishing resolves findings with them.
      const report = audit(snapshot, config, {
        keepPassed: Boolean(options.includePassed) || Boolean(options.publish),
      });
      const source = options.snapshot ?? `aws://${snapshot.accountId}/${snapshot.region}`;
      writeOutput(
        render(report, {
          format: options.format,
          includePassed: Boolean(options.includePassed),
          source,
          color: !options.output && Boolean(process.stdout.isTTY),
        }),
        options.output,
      );
      let refused = 0;
      if (options.publish) {
        const { publishFromCli } = await import('../publish');
        const published = await publishing(() =>
          publishFromCli(report, {
            publish: options.publish,
            ...(options.alertTopic ? { alertTopicArn: options.alertTopic } : {}),
            region: report.region,
            ...(options.profile ? { profile: options.profile } : {}),
            config,
          }),
        );
        process.stderr.write(`${published.text}\n`);
        refused = published.refused;
      }
      if (options.failOn && report.errors.length > 0) {
        process.stderr.write(
          `netaudit: ${report.errors.length} API call(s) failed, so the audit is incomplete and --fail-on fails (see AUDIT.1)\n`,
        );
      }
      process.exitCode = exitCodeFor(report, options.failOn);
      if (refused > 0) {
        // Refused findings are not in Security Hub: a scheduled job must not go green (docs/publishing.md).
        const { PUBLISH_REFUSED_EXIT_CODE } = await import('../publish');
        process.stderr.write(`netaudit: Security Hub did not take ${refused} finding(s)\n`);
        process.exitCode = PUBLISH_REFUSED_EXIT_CODE;
      }
    });
}
