import type { Command } from 'commander';
import { InputError } from '../../errors';
import { stringifyObjectInPieces } from '../../findings/json';
import { importCliDumps } from '../../snapshot/import-cli-dumps';
import type { Snapshot } from '../../snapshot/types';
import { collectLiveSnapshot, parseVpcId } from '../options';
import { writeOutput } from '../output';

/** The snapshot as indented JSON, its lists in pieces: a large region's text is hundreds of megabytes. */
function snapshotJson(snapshot: Snapshot): Iterable<string> {
  return stringifyObjectInPieces({ ...snapshot });
}

export function registerSnapshotCommand(program: Command): void {
  const snapshot = program
    .command('snapshot')
    .description('Write a Snapshot of a region (live, read-only), or import one from AWS CLI outputs')
    .enablePositionalOptions()
    .option('--region <region>', 'AWS region (default: AWS_REGION, then the profile)')
    .option('--profile <name>', 'AWS shared-config profile')
    .option('--vpc <id>', 'collect only this VPC (repeatable, or comma-separated)', parseVpcId)
    .option('--out <file>', 'where to write the snapshot (default: stdout)')
    .option('--quiet', 'no progress display')
    .option('--stats', 'print API call statistics on stderr')
    .action(
      async (options: {
        region?: string;
        profile?: string;
        vpc?: string[];
        out?: string;
        quiet?: boolean;
        stats?: boolean;
      }) => {
        await writeOutput(snapshotJson(await collectLiveSnapshot(options)), options.out);
      },
    );

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
