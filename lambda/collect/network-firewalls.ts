import {
  DescribeFirewallCommand,
  paginateListFirewalls,
  type FirewallMetadata,
} from '@aws-sdk/client-network-firewall';
import type { NetworkFirewall } from '../snapshot/types';
import { MAX_PAGE_SIZE } from './apis';
import { readOne, readPages, type CollectContext } from './context';
import type { Limiter } from './limit';
import { sortById } from './order';
import { list, perItem } from './list-steps';

/** ListFirewalls names the firewalls (of the scoped VPCs); DescribeFirewall reads each one. */
export async function networkFirewalls(
  ctx: CollectContext,
  limit: Limiter,
  vpcIds: string[] | undefined,
): Promise<NetworkFirewall[] | undefined> {
  const listed = await list(
    ctx,
    limit,
    'ListFirewalls',
    () =>
      readPages(
        ctx,
        'ListFirewalls',
        paginateListFirewalls(
          { client: ctx.networkFirewall, pageSize: MAX_PAGE_SIZE.ListFirewalls },
          vpcIds ? { VpcIds: vpcIds } : {},
        ),
        (p) => p.Firewalls,
      ),
    (x: FirewallMetadata) => x.FirewallArn,
  );
  if (!listed) return undefined;
  const described = await perItem(
    ctx,
    limit,
    'DescribeFirewall',
    listed,
    (f) => f.FirewallArn,
    async (arn) => {
      const output = await readOne(ctx, 'DescribeFirewall', () =>
        ctx.networkFirewall.send(new DescribeFirewallCommand({ FirewallArn: arn })),
      );
      if (!output.Firewall) throw new Error('the response holds no Firewall');
      const firewall: NetworkFirewall = { ...output.Firewall };
      if (output.FirewallStatus) firewall.FirewallStatus = output.FirewallStatus;
      return firewall;
    },
  );
  const firewalls = described.filter((f): f is NetworkFirewall => f !== undefined);
  return sortById(firewalls, (f) => f.FirewallArn);
}
