import type { RouteTable, Subnet } from '@aws-sdk/client-ec2';
import { defineRule, failed, notEvaluated, passed, type Outcome } from '../../engine/rule';
import { routeTarget, type SnapshotIndex } from '../../engine/snapshot-index';
import { internetRouteGap, notCollected, tableOfSubnetLabel } from './route-facts';
import { listSome } from '../text';
import { memoized } from '../../memo';

/** A subnet's public-address holders, and the addresses they show (an interface repeating one is left out). */
interface SubnetHolders {
  holders: string[];
  seen: Set<string>;
}

/**
 * `i-1 (203.0.113.10)` for each instance or interface holding a public IPv4 address, by subnet: instances
 * first, then interfaces whose address no instance of the subnet showed. One pass over each list: most hold
 * no public address, and grouping every one of them by subnet first cost more than the rule itself.
 */
function publicAddressHolders(index: SnapshotIndex): Map<string, SubnetHolders> {
  const bySubnet = new Map<string, SubnetHolders>();
  const add = (subnetId: string | undefined, ip: string, holder: string, unlessSeen: boolean) => {
    if (!subnetId) return;
    const subnet = memoized(bySubnet, subnetId, () => ({ holders: [] as string[], seen: new Set<string>() }));
    if (unlessSeen && subnet.seen.has(ip)) return;
    subnet.holders.push(`${holder} (${ip})`);
    subnet.seen.add(ip);
  };
  for (const instance of index.snapshot.instances) {
    if (!instance.PublicIpAddress || instance.State?.Name === 'terminated') continue;
    add(instance.SubnetId, instance.PublicIpAddress, instance.InstanceId!, false);
  }
  // Interfaces catch secondary ENIs and non-instance holders (load balancers, NAT gateways) too.
  for (const eni of index.snapshot.networkInterfaces) {
    const ip = index.publicIpOf(eni);
    if (ip) add(eni.SubnetId, ip, eni.NetworkInterfaceId!, true);
  }
  return bySubnet;
}

/** Kinds of default route target through which instances can still reach the internet without the IGW. */
const EGRESS_ELSEWHERE = new Set(['nat', 'instance', 'eni', 'tgw']);

/**
 * What the missing IGW route costs. Behind a NAT (gateway or instance) or a transit gateway the instances
 * may well reach the internet, through that hop, which other rules judge: only inbound traffic to their
 * public addresses is certainly lost.
 */
function consequence(index: SnapshotIndex, table: RouteTable): string {
  const route = index.defaultRouteOf(table);
  const target = route && route.State !== 'blackhole' ? routeTarget(route) : undefined;
  if (target && EGRESS_ELSEWHERE.has(target.kind)) {
    return `nothing on the internet can reach the public addresses (outbound traffic leaves through ${target.id}, not through them)`;
  }
  return 'the public addresses cannot reach or be reached from the internet';
}

function judge(index: SnapshotIndex, subnet: Subnet, holdersBySubnet: Map<string, SubnetHolders>): Outcome {
  const id = subnet.SubnetId!;
  const gap = notCollected(
    index,
    ['routeTables', 'internetGateways', 'instances', 'networkInterfaces'],
    [subnet.VpcId],
  );
  if (gap) return notEvaluated(id, gap);
  const holders = holdersBySubnet.get(id)?.holders ?? [];
  const why: string[] = [];
  if (holders.length > 0) why.push(`holds public IPv4 addresses on ${listSome(holders)}`);
  if (subnet.MapPublicIpOnLaunch) why.push('maps public IPv4 addresses on launch');
  if (why.length === 0) return passed(id, `${id} holds no public IPv4 address and maps none on launch`);
  const table = index.routeTableOf(id);
  if (!table) {
    return failed(id, `${id} ${why.join(' and ')} but has no route table at all`, {
      evidence: { publicAddresses: holders },
    });
  }
  const label = tableOfSubnetLabel(index, id, table);
  const problem = internetRouteGap(index, table);
  if (!problem) {
    return passed(
      id,
      `${id} ${why.join(' and ')} and its route table ${label} routes 0.0.0.0/0 to an attached internet gateway`,
    );
  }
  return failed(
    id,
    `${id} ${why.join(' and ')} but its route table ${label} ${problem}: ${consequence(index, table)}`,
    {
      evidence: {
        routeTableId: table.RouteTableId!,
        mainRouteTableFallback: index.usesMainRouteTable(id),
        publicAddresses: holders,
      },
    },
  );
}

export const publicSubnetWithoutInternetRoute = defineRule({
  id: 'RT.2',
  title: 'Subnet with public IP addresses has no route to an internet gateway',
  description:
    'Instances in this subnet have public IPv4 addresses (or get one at launch), but the route table the ' +
    'subnet uses (its own, or the VPC main table when it has no explicit association) has no working ' +
    '0.0.0.0/0 route to an internet gateway attached to the VPC. The instances cannot reach any public site ' +
    'and nothing on the internet can reach them: the classic "new instance cannot connect" incident.',
  severity: 'HIGH',
  resourceType: 'AwsEc2Subnet',
  category: 'connectivity',
  requires: ['subnets', 'routeTables', 'internetGateways', 'instances', 'networkInterfaces'],
  remediation: {
    text:
      "Add a 0.0.0.0/0 route to the VPC's attached internet gateway in the subnet's route table (or associate " +
      'the subnet with the public route table). If the subnet is meant to be private, stop mapping public IPs ' +
      'on launch and route 0.0.0.0/0 to a NAT gateway instead.',
    url: 'https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html',
  },
  references: [],
  evaluate(index) {
    const holders = publicAddressHolders(index);
    return index.snapshot.subnets.map((subnet) => judge(index, subnet, holders));
  },
});
