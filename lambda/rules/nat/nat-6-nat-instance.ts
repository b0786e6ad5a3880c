import type { Instance, NetworkInterface, Route, RouteTable } from '@aws-sdk/client-ec2';
import { defineRule, failed, notEvaluated, passed, type Outcome } from '../../engine/rule';
import { describeRoute, type SnapshotIndex } from '../../engine/snapshot-index';
import { memoized } from '../../memo';
import type { SnapshotPart } from '../../snapshot/types';
import { internetRouteGap, notCollected } from '../rt/route-facts';
import { listSome } from '../text';

const REQUIRES: SnapshotPart[] = [
  'routeTables',
  'instances',
  'networkInterfaces',
  'subnets',
  'internetGateways',
];

/** The routes that lead to one NAT instance (or to an interface attached to none), with their tables. */
interface RoutedHop {
  /** The instance id, or the interface id when the interface is attached to no instance the snapshot shows. */
  id: string;
  /** The interface the routes name, when they name one rather than the instance. */
  eni?: NetworkInterface;
  routes: { table: RouteTable; route: Route }[];
}

/** Live routes to an instance or a network interface, grouped by the instance behind them. */
function routedHops(index: SnapshotIndex): RoutedHop[] {
  const byId = new Map<string, RoutedHop>();
  for (const table of index.snapshot.routeTables) {
    for (const route of table.Routes ?? []) {
      // A blackhole route's target is gone: RT.1 reports it.
      if (route.State === 'blackhole' || (!route.InstanceId && !route.NetworkInterfaceId)) continue;
      const eni = route.NetworkInterfaceId
        ? index.networkInterfaces.get(route.NetworkInterfaceId)
        : undefined;
      const id = route.InstanceId ?? eni?.Attachment?.InstanceId ?? route.NetworkInterfaceId!;
      const hop = memoized(byId, id, () => ({ id, routes: [] as RoutedHop['routes'] }) as RoutedHop);
      if (eni && !hop.eni) hop.eni = eni;
      hop.routes.push({ table, route });
    }
  }
  return [...byId.values()].sort((a, b) => a.id.localeCompare(b.id));
}

/** The instance's primary interface (device index 0), which an instance-id route leads to. */
function primaryInterface(index: SnapshotIndex, instance: Instance): NetworkInterface | undefined {
  const interfaces = index.interfacesOfInstance(instance.InstanceId!);
  return interfaces.find((e) => e.Attachment?.DeviceIndex === 0) ?? interfaces[0];
}

/** Why the instance cannot take the internet traffic routed to it: no public address, no IGW route. */
function noWayOut(index: SnapshotIndex, instance: Instance, eni: NetworkInterface | undefined): string[] {
  const problems: string[] = [];
  const publicIp = (eni && index.publicIpOf(eni)) ?? instance.PublicIpAddress;
  if (!publicIp)
    problems.push(`${eni?.NetworkInterfaceId ?? instance.InstanceId} has no public IPv4 address`);
  const subnetId = eni?.SubnetId ?? instance.SubnetId;
  const table = subnetId ? index.routeTableOf(subnetId) : undefined;
  const gap = table ? internetRouteGap(index, table) : `${subnetId ?? 'its subnet'} has no route table`;
  if (gap) problems.push(table ? `its subnet ${subnetId}'s route table ${table.RouteTableId} ${gap}` : gap);
  return problems;
}

function judge(index: SnapshotIndex, hop: RoutedHop): Outcome {
  const routes = hop.routes.map(({ table, route }) => `${table.RouteTableId}: ${describeRoute(route)}`);
  const evidence = { routes };
  const instance = index.instances.get(hop.id);
  if (!instance) {
    if (hop.eni) {
      return failed(
        hop.id,
        `${hop.id} is attached to no instance, so nothing forwards the traffic of ${listSome(routes)}`,
        {
          resourceType: 'AwsEc2NetworkInterface',
          evidence,
        },
      );
    }
    return notEvaluated(
      hop.id,
      `Not evaluated: ${hop.id}, the target of ${listSome(routes)}, is not in the snapshot`,
      {
        resourceType: hop.id.startsWith('eni-') ? 'AwsEc2NetworkInterface' : 'AwsEc2Instance',
      },
    );
  }
  const gap = notCollected(index, REQUIRES, [instance.VpcId, ...hop.routes.map((r) => r.table.VpcId)]);
  if (gap) return notEvaluated(hop.id, gap);
  const eni = hop.eni ?? primaryInterface(index, instance);
  const problems: string[] = [];
  const state = instance.State?.Name ?? 'unknown';
  if (state !== 'running') problems.push(`it is ${state}`);
  // The check belongs to the interface; for an instance-id route, the instance's value is its primary's.
  const check = hop.eni ? hop.eni.SourceDestCheck : (instance.SourceDestCheck ?? eni?.SourceDestCheck);
  if (check === true) {
    problems.push(
      `${hop.eni ? hop.eni.NetworkInterfaceId : hop.id} keeps its source/destination check on, so it drops traffic not addressed to itself`,
    );
  }
  // Only internet-bound routes need a way out: a route to an appliance for one network does not.
  const carriesInternet = hop.routes.some(({ route }) => route.DestinationCidrBlock === '0.0.0.0/0');
  if (carriesInternet) {
    problems.push(...noWayOut(index, instance, eni));
  }
  if (problems.length > 0) {
    return failed(
      hop.id,
      `NAT instance ${hop.id} cannot forward the traffic of ${listSome(routes)}: ${problems.join('; ')}`,
      {
        evidence: { ...evidence, problems },
      },
    );
  }
  if (check === undefined) {
    return notEvaluated(
      hop.id,
      `Not evaluated: the snapshot does not say whether ${hop.id} keeps its source/destination check on`,
    );
  }
  const onward = carriesInternet ? ', with a public address and a route to an attached internet gateway' : '';
  return passed(hop.id, `NAT instance ${hop.id} is running with its source/destination check off${onward}`, {
    evidence,
  });
}

export const brokenNatInstance = defineRule({
  id: 'NAT.6',
  title: 'Route targets a NAT instance that cannot forward traffic',
  description:
    'A route to an instance or its network interface makes that instance a router (a NAT instance or an ' +
    'appliance). It forwards nothing when it is stopped, when its source/destination check is on (EC2 then ' +
    'drops every packet not addressed to the instance itself), or, for internet traffic, when it has no ' +
    'public address or its own subnet has no route to an attached internet gateway.',
  severity: 'HIGH',
  resourceType: 'AwsEc2Instance',
  category: 'connectivity',
  requires: REQUIRES,
  remediation: {
    text:
      'Start the instance, turn off its source/destination check (`aws ec2 modify-instance-attribute ' +
      '--no-source-dest-check`), give it an Elastic IP and place it in a subnet routed to the internet ' +
      'gateway; or replace it with a NAT gateway and point the routes there.',
    url: 'https://docs.aws.amazon.com/vpc/latest/userguide/work-with-nat-instances.html',
  },
  references: [],
  evaluate(index) {
    return routedHops(index).map((hop) => judge(index, hop));
  },
});
