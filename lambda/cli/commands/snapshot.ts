import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { InputError } from '../../errors';
import { stringifyObjectInPieces } from '../../findings/json';
import { importCliDumps } from '../../snapshot/import-cli-dumps';
import type { Snapshot } from '../../snapshot/types';
import { collect, collectLiveSnapshot, oneRegion, parseVpcId, type LiveOptions } from '../options';
import { checkProfile } from '../credentials';
import { collectRegion, failureLines, parseRegions, type RegionFailure } from '../regions';
import { writeOutput } from '../output';

/** The snapshot as indented JSON, its lists in pieces: a large region's text is hundreds of megabytes. */
function snapshotJson(snapshot: Snapshot): Iterable<string> {
  return stringifyObjectInPieces({ ...snapshot });
}

interface SnapshotOptions extends LiveOptions {
  regions?: string[];
  out?: string;
}

/**
 * `snapshot --regions a,b --out DIR`: each region collected in turn and written as soon as it is, to
 * DIR/<account>-<region>.json, its path printed. A region that cannot be read is one line on stderr and
 * the others go on; then the command exits 2.
 */
async function snapshotRegions(regions: string[], options: SnapshotOptions): Promise<void> {
  if (options.region)
    throw new InputError('--region collects one region and --regions several: give one of them');
  if (options.vpc) throw new InputError('--vpc names VPCs of one region: it does not go with --regions');
  if (!options.out) throw new InputError('--regions writes one file per region: give --out DIR');
  const dir = options.out;
  const names = parseRegions(regions);
  checkProfile(options.profile);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new InputError(`--out ${dir}: cannot create the directory: ${(err as Error).message}`);
  }
  const failures: RegionFailure[] = [];
  for (const region of names) {
    const collected = await collectRegion(region, options);
    if ('failure' in collected) {
      failures.push(collected.failure);
      process.stderr.write(failureLines([collected.failure]));
      continue;
    }
    const { snapshot } = collected;
    const path = join(dir, `${snapshot.accountId}-${snapshot.region}.json`);
    await writeOutput(snapshotJson(snapshot), path);
    process.stdout.write(`${path}\n`);
  }
  if (failures.length > 0) process.exitCode = 2;
}

export function registerSnapshotCommand(program: Command): void {
  const snapshot = program
    .command('snapshot')
    .description('Write a Snapshot of a region (live, read-only), or import one from AWS CLI outputs')
    .enablePositionalOptions()
    .option('--region <region>', 'AWS region (default: AWS_REGION, then the profile)', oneRegion)
    .option(
      '--regions <list>',
      'collect these regions (comma-separated), one file each, <account>-<region>.json, into --out DIR',
      collect,
    )
    .option('--profile <name>', 'AWS shared-config profile')
    .option('--vpc <id>', 'collect only this VPC (repeatable, or comma-separated)', parseVpcId)
    .option('--out <file>', 'where to write the snapshot (default: stdout); a directory with --regions')
    .option('--quiet', 'no progress display')
    .option('--stats', 'print API call statistics on stderr')
    .addHelpText(
      'after',
      '\nExit codes: 0 written, 2 bad input or credentials, or with --regions a region that could not be read (the others are written), 3 unexpected error.',
    )
    .action(async (options: SnapshotOptions) => {
      if (options.regions) return snapshotRegions(options.regions, options);
      await writeOutput(snapshotJson(await collectLiveSnapshot(options)), options.out);
    });

  snapshot
    .command('import <dir>')
    .description('Build a Snapshot from a folder of `aws ec2 describe-* --output json` outputs')
    .option('--out <file>', 'where to write the snapshot (default: stdout)')
    .option('--region <region>', 'the region the outputs come from (default: inferred from subnets)')
    .option('--account <id>', 'the account id (default: get-caller-identity.json, else resource owners)')
    .option('--collected-at <iso>', 'collection time (default: the newest file time)')
    .addHelpText(
      'after',
      [
        '',
        'Expected files (absent ones are recorded as not collected, so their rules report NOT_EVALUATED):',
        '  describe-vpcs.json describe-subnets.json describe-route-tables.json describe-internet-gateways.json',
        '  describe-nat-gateways.json describe-addresses.json describe-security-groups.json',
        '  describe-network-acls.json describe-network-interfaces.json describe-instances.json',
        '  describe-flow-logs.json describe-vpc-peering-connections.json',
        '  describe-stale-security-groups*.json (one per VPC) describe-vpc-attribute*.json (one per VPC and attribute)',
        '  get-caller-identity.json (optional: `aws sts get-caller-identity`)',
      ].join('\n'),
    )
    .action(
      async (
        dir: string,
        options: { out?: string; region?: string; account?: string; collectedAt?: string },
      ) => {
        if (options.account !== undefined && !/^\d{12}$/.test(options.account)) {
          throw new InputError(`--account: "${options.account}" is not a 12-digit AWS account id`);
        }
        const { snapshot: imported, missing } = importCliDumps(dir, {
          ...(options.region ? { region: options.region } : {}),
          ...(options.account ? { accountId: options.account } : {}),
          ...(options.collectedAt ? { collectedAt: options.collectedAt } : {}),
        });
        if (missing.length > 0) {
          process.stderr.write(`netaudit: not found, recorded as not collected: ${missing.join(', ')}\n`);
        }
        await writeOutput(snapshotJson(imported), options.out);
      },
    );
}
