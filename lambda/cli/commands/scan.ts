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
import type { SnapshotIndex } from '../../engine/snapshot-index';
import { pathDiagrams } from '../../paths/diagrams';
import { RULE_IDS, RULES } from '../../rules/registry';
import type { Snapshot } from '../../snapshot/types';
import { asSetupError, checkCredentials, checkProfile } from '../credentials';
import { filterReport, hasFilters, resultFilter, type FilterOptions } from '../filters';
import {
  addOutputOptions,
  collect,
  collectLiveSnapshot,
  loadConfig,
  oneRegion,
  parseSeverity,
  parseVpcId,
  resolveFormat,
  type FormatOptions,
} from '../options';
import { colorFor, writeOutput } from '../output';
import { collectRegions, failureLines, type RegionFailure } from '../regions';
import {
  eachFile,
  indexInOneWorld,
  joinReports,
  liveSource,
  loadSnapshots,
  type Sourced,
} from '../snapshots';

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
export function audit(
  snapshot: Snapshot,
  config: AuditConfig,
  options: EvaluateOptions = {},
  index?: SnapshotIndex,
): AuditReport {
  return evaluate(snapshot, config, RULES, index, options);
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
  snapshot?: string[];
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

/** Checks the combination of options before any work: a typo must not cost a live collection. */
function checkScanOptions(options: ScanOptions): void {
  if (options.ou || options.roleName || options.concurrency) {
    throw new InputError('--ou, --role-name and --concurrency go with --org');
  }
  if (
    options.snapshot &&
    (options.region || options.regions || options.vpc || (options.profile && !options.publish))
  ) {
    throw new InputError(
      '--snapshot audits a file: --region, --regions, --vpc and --profile (but for --publish) apply to live audits only',
    );
  }
  if (options.region && options.regions) {
    throw new InputError('--region audits one region and --regions several: give one of them');
  }
  if (options.regions && options.vpc) {
    throw new InputError('--vpc names VPCs of one region: it does not go with --regions');
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
}

/** The snapshots to audit: the files given, else one live region, else each of --regions. */
async function snapshotsToAudit(
  options: ScanOptions,
): Promise<{ sourced: Sourced[]; failures: RegionFailure[] }> {
  if (options.snapshot) return { sourced: loadSnapshots(options.snapshot), failures: [] };
  if (!options.regions) {
    const snapshot = await collectLiveSnapshot(options);
    return { sourced: [{ snapshot, source: liveSource(snapshot) }], failures: [] };
  }
  const { snapshots, failures } = await collectRegions(options.regions, options);
  process.stderr.write(failureLines(failures));
  if (snapshots.length === 0)
    throw new InputError(`none of the ${failures.length} region(s) could be audited`);
  return { sourced: snapshots.map((snapshot) => ({ snapshot, source: liveSource(snapshot) })), failures };
}

/**
 * Security Hub takes a finding only from the account it is about, in the region it is about: each
 * snapshot's report goes to its own region's Security Hub, with the one set of credentials given, so
 * every snapshot must be of one account.
 */
function checkPublishable(sourced: readonly Sourced[]): void {
  const accounts = [...new Set(sourced.map((s) => s.snapshot.accountId))];
  if (accounts.length > 1) {
    throw new InputError(
      `--publish: the snapshots are of ${accounts.length} accounts (${accounts.join(', ')}) and Security Hub takes findings only from the account they are about: publish each account's snapshots with its own credentials`,
    );
  }
}

/**
 * `netaudit scan` of one or more snapshots (files, a live region, or several live regions): each audited
 * with its own index in one world, so declared paths cross from one into another, then reported as one.
 */
async function scanAccounts(options: ScanOptions, format: Format): Promise<void> {
  checkScanOptions(options);
  const keep = hasFilters(options) ? resultFilter(options, RULE_IDS) : undefined;
  const config = loadConfig(options.config);
  const { sourced, failures } = await snapshotsToAudit(options);
  if (options.publish) checkPublishable(sourced);
  const { indexes } = indexInOneWorld(sourced);
  // A live collection has just proven the credentials; a snapshot has not, and the report would be
  // printed before publishing found out.
  if (options.publish && options.snapshot) {
    for (const region of new Set(sourced.map((s) => s.snapshot.region))) {
      await checkCredentials({ region, ...(options.profile ? { profile: options.profile } : {}) });
    }
  }
  // Passes are shown only with --include-passed; publishing resolves findings with them, and filters
  // count them per rule shown.
  const keepPassed = Boolean(options.includePassed) || Boolean(options.publish) || keep !== undefined;
  const audited = sourced.map(({ snapshot, source }, i) => {
    const full = audit(snapshot, config, { keepPassed }, indexes[i]);
    return { report: keep ? filterReport(full, keep) : full, source, index: indexes[i]! };
  });
  const report = joinReports(audited);
  await writeOutput(
    render(report, {
      format,
      includePassed: Boolean(options.includePassed),
      source: audited[0]!.source,
      color: !options.out && colorFor(process.stdout),
      verbose: Boolean(options.verbose),
      ...(process.stdout.columns && !options.out ? { width: process.stdout.columns } : {}),
      // Every broken or exposed path of the HTML report is drawn, hop by hop, by the path engine.
      ...(format === 'html'
        ? { paths: new Map(audited.flatMap((a) => [...pathDiagrams(a.report, a.index, config)])) }
        : {}),
    }),
    options.out,
  );
  const { refused, unpublished } = options.publish
    ? await publishEach(audited, options, config)
    : { refused: 0, unpublished: 0 };
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
  // A region left out is the user's setup to fix (like credentials), and weighs more than any finding.
  if (failures.length > 0) {
    process.stderr.write(
      `netaudit: ${failures.length} region(s) not audited: ${failures.map((f) => f.region).join(', ')}\n`,
    );
    process.exitCode = 2;
  }
  if (unpublished > 0) process.exitCode = 2;
}

/**
 * Publishes each snapshot's report to its own region's Security Hub (findings are regional), one after
 * another. Returns how many findings Security Hub refused, and in how many regions publishing failed: with
 * several snapshots, such a region is one line and the others go on.
 */
async function publishEach(
  audited: readonly { report: AuditReport }[],
  options: ScanOptions,
  config: AuditConfig,
): Promise<{ refused: number; unpublished: number }> {
  const { publishFromCli } = await import('../publish');
  // Credential problems name the profile in use.
  const publishing = publishingAs(options.profile);
  let refused = 0;
  let unpublished = 0;
  for (const { report } of audited) {
    try {
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
      refused += published.refused;
    } catch (err) {
      if (audited.length === 1 || !(err instanceof InputError)) throw err;
      process.stderr.write(`netaudit: ${report.region} not published: ${err.message}\n`);
      unpublished++;
    }
  }
  return { refused, unpublished };
}

export function registerScanCommand(program: Command): void {
  const scan = program
    .command('scan')
    .description('Audit a region (live, read-only) or a snapshot file and report the findings')
    .option(
      '--snapshot <file>',
      'audit a snapshot file instead of a live account (repeatable: one file per account and region)',
      eachFile,
    )
    .option(
      '--region <region>',
      'AWS region to audit live (default: AWS_REGION, then the profile)',
      oneRegion,
    )
    .option('--regions <list>', 'audit these regions live, one after another (comma-separated)', collect)
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
    .option('--concurrency <n>', 'with --org: account × region targets audited at once (default 10)')
    .addHelpText(
      'after',
      '\nExit codes: 0 audit done (nothing shown at or above --fail-on), 1 failures at or above --fail-on (or, with --fail-on, an incomplete audit), 2 bad input, credentials or permissions, 3 unexpected error, 5 with --publish: Security Hub did not take every finding.',
    )
    .action(async (options: ScanOptions) => {
      const format = resolveFormat(options, FORMATS, 'table');
      if (options.org) return scanOrg(options, format);
      await scanAccounts(options, format);
    });
}
