import { Command, Option } from 'commander';
import type { AuditConfig } from '../../config/config';
import { evaluate, type EvaluateOptions } from '../../engine/evaluate';
import type { AuditReport } from '../../engine/result';
import { atLeast, SEVERITIES, type Severity } from '../../engine/severity';
import { InputError } from '../../errors';
import { formatAsffChunks } from '../../findings/asff';
import { formatJsonChunks } from '../../findings/json';
import { formatSarifChunks } from '../../findings/sarif';
import { makeStyler } from '../../findings/style';
import { formatCsv } from '../../findings/csv';
import { formatHtml } from '../../findings/html';
import { formatOcsf } from '../../findings/ocsf';
import type { PathDiagram } from '../../findings/path-diagram';
import { formatTable } from '../../findings/table';
import { SnapshotIndex } from '../../engine/snapshot-index';
import { pathDiagrams } from '../../paths/diagrams';
import { RULE_IDS, RULES } from '../../rules/registry';
import { loadSnapshotFile } from '../../snapshot/load';
import type { Snapshot } from '../../snapshot/types';
import { asSetupError, checkCredentials, checkProfile } from '../credentials';
import { filterReport, hasFilters, resultFilter, type FilterOptions } from '../filters';
import {
  addOutputOptions,
  collect,
  collectLiveSnapshot,
  loadConfig,
  parseSeverity,
  parseVpcId,
  resolveFormat,
  type FormatOptions,
} from '../options';
import { colorFor, writeOutput } from '../output';

export const FORMATS = ['table', 'json', 'asff', 'sarif', 'csv', 'ocsf', 'html'] as const;
export type Format = (typeof FORMATS)[number];

export interface RenderOptions {
  format: Format;
  includePassed?: boolean;
  /** Where SARIF results point: the snapshot file or the live account. */
  source: string;
  color?: boolean;
  /** Table: each failure's remediation under it. */
  verbose?: boolean;
  /** Table: the terminal's width, which messages wrap to. */
  width?: number;
  /** HTML: the path engine's diagram of each NET finding, by finding id. */
  paths?: ReadonlyMap<string, PathDiagram>;
}

/** Pure: the audit of one snapshot with the full catalogue (passes kept only when asked, see evaluate). */
export function audit(snapshot: Snapshot, config: AuditConfig, options: EvaluateOptions = {}): AuditReport {
  return evaluate(snapshot, config, RULES, undefined, options);
}

export function render(report: AuditReport, options: RenderOptions): string | Iterable<string> {
  switch (options.format) {
    // The JSON formats come in pieces, written as they are produced: never the whole text in memory.
    case 'json':
      return formatJsonChunks(report, { includePassed: options.includePassed ?? false });
    case 'asff':
      return formatAsffChunks(report);
    case 'sarif':
      return formatSarifChunks(report, RULES, { artifactUri: options.source });
    case 'csv':
      return formatCsv(report, { includePassed: options.includePassed ?? false });
    case 'ocsf':
      return formatOcsf(report, { includePassed: options.includePassed ?? false });
    case 'html':
      return formatHtml(report, {
        includePassed: options.includePassed ?? false,
        ...(options.paths ? { paths: options.paths } : {}),
      });
    case 'table': {
      // The caller decided about colour (NO_COLOR, FORCE_COLOR, a TTY): the styler must not decide again.
      const tableOptions = {
        includePassed: options.includePassed ?? false,
        style: makeStyler({ isTTY: options.color ?? false }, {}),
        verbose: options.verbose ?? false,
        ...(options.width ? { width: options.width } : {}),
      };
      return formatTable(report, tableOptions);
    }
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
function publishingAs(profile: string | undefined) {
  return async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (err) {
      const { SecurityHubNotEnabledError } = await import('../../publish/security-hub');
      if (err instanceof SecurityHubNotEnabledError) throw new InputError(err.message);
      const name = (err as Error).name ?? '';
      if (/AccessDenied|UnauthorizedOperation/.test(name)) {
        throw new InputError(`publishing was refused: ${name}: ${(err as Error).message}`);
      }
      throw asSetupError(err, profile);
    }
  };
}

interface ScanOptions extends FormatOptions, FilterOptions {
  snapshot?: string;
  region?: string;
  profile?: string;
  vpc?: string[];
  config?: string;
  out?: string;
  failOn?: Severity;
  includePassed?: boolean;
  verbose?: boolean;
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
async function scanOrg(options: ScanOptions, format: Format): Promise<void> {
  if (options.snapshot || options.region || options.vpc) {
    throw new InputError(
      '--org audits the organization: --snapshot, --region and --vpc do not apply (use --regions)',
    );
  }
  if (!options.regions?.length)
    throw new InputError('--org needs --regions, e.g. --regions eu-west-1,us-east-1');
  if (format !== 'table')
    throw new InputError('--org prints a per-account × region table: use --output table');
  if (hasFilters(options)) {
    throw new InputError(
      '--org reports counts per account and region: --severity, --rule and --skip-rule do not apply',
    );
  }
  if (options.alertTopic)
    throw new InputError('--org sends no alert from a workstation: leave out --alert-topic');
  checkProfile(options.profile);
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
  }).catch((err: unknown) => {
    throw asSetupError(err, options.profile);
  });
  await writeOutput(text, options.out);
  process.exitCode = orgExitCode(results, options.failOn);
}

export function registerScanCommand(program: Command): void {
  const scan = program
    .command('scan')
    .description('Audit a region (live, read-only) or a snapshot file and report the findings')
    .option('--snapshot <file>', 'audit a snapshot file instead of a live account')
    .option('--region <region>', 'AWS region to audit live (default: AWS_REGION, then the profile)')
    .option('--profile <name>', 'AWS shared-config profile for a live audit or --publish')
    .option('--vpc <id>', 'audit only this VPC (repeatable, or comma-separated)', parseVpcId)
    .option('--config <file>', 'netaudit.config.json: severities, ports, suppressions...');
  addOutputOptions(scan, FORMATS, 'table')
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a failure at or above this severity exists')
        .choices(SEVERITIES)
        .argParser(parseSeverity),
    )
    .option(
      '--severity <list>',
      'show only this severity and above (one), or exactly these (a list): CRITICAL, HIGH, MEDIUM, LOW, INFORMATIONAL',
      collect,
    )
    .option('--rule <ids>', 'show only these rules or families, e.g. SG.1,NACL (repeatable)', collect)
    .option('--skip-rule <ids>', 'hide these rules or families (repeatable)', collect)
    .option('--include-passed', 'also list passing results')
    .option('--verbose', 'table: the remediation under each failure')
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
      '\nExit codes: 0 audit done (nothing shown at or above --fail-on), 1 failures at or above --fail-on (or, with --fail-on, an incomplete audit), 2 bad input, credentials or permissions, 3 unexpected error, 5 with --publish: Security Hub did not take every finding.',
    )
    .action(async (options: ScanOptions) => {
      const format = resolveFormat(options, FORMATS, 'table');
      if (options.org) return scanOrg(options, format);
      if (options.ou || options.roleName || options.regions || options.concurrency) {
        throw new InputError('--ou, --role-name, --regions and --concurrency go with --org');
      }
      if (options.snapshot && (options.region || options.vpc || (options.profile && !options.publish))) {
        throw new InputError(
          '--snapshot audits a file: --region, --vpc and --profile (but for --publish) apply to live audits only',
        );
      }
      if (options.alertTopic && !options.publish) {
        throw new InputError('--alert-topic needs --publish securityhub (alerts are about new findings)');
      }
      if (options.publish && hasFilters(options)) {
        // Publishing a subset would archive, as resolved, the active findings of the rules left out.
        throw new InputError(
          '--publish sends the whole audit to Security Hub: leave out --severity, --rule and --skip-rule (to stop a rule, list it in disabledRules of --config)',
        );
      }
      // Checked before any work: a typo in a filter must not cost a live collection.
      const keep = hasFilters(options) ? resultFilter(options, RULE_IDS) : undefined;
      const config = loadConfig(options.config);
      const snapshot = options.snapshot
        ? loadSnapshotFile(options.snapshot)
        : await collectLiveSnapshot(options);
      // A live collection has just proven the credentials; a snapshot has not, and the report would be
      // printed before publishing found out.
      if (options.publish && options.snapshot) {
        await checkCredentials({
          region: snapshot.region,
          ...(options.profile ? { profile: options.profile } : {}),
        });
      }
      // Passes are shown only with --include-passed; publishing resolves findings with them, and filters
      // count them per rule shown.
      const full = audit(snapshot, config, {
        keepPassed: Boolean(options.includePassed) || Boolean(options.publish) || keep !== undefined,
      });
      const report = keep ? filterReport(full, keep) : full;
      const source = options.snapshot ?? `aws://${snapshot.accountId}/${snapshot.region}`;
      await writeOutput(
        render(report, {
          format,
          includePassed: Boolean(options.includePassed),
          source,
          color: !options.out && colorFor(process.stdout),
          verbose: Boolean(options.verbose),
          ...(process.stdout.columns && !options.out ? { width: process.stdout.columns } : {}),
          // Every broken or exposed path of the HTML report is drawn, hop by hop, by the path engine.
          ...(format === 'html' ? { paths: pathDiagrams(report, new SnapshotIndex(snapshot), config) } : {}),
        }),
        options.out,
      );
      // Credential problems name the profile in use.
      const publishing = publishingAs(options.profile);
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
