import type { Instance, NatGateway, NetworkInterface } from '@aws-sdk/client-ec2';
import { describeRoute, type SnapshotIndex } from '../engine/snapshot-index';
import { check, internetCidr, type Check, type IpVersion, type Transport } from './diagnosis';
import { INTERNET_PROBE, type ReachabilityEngine, type RouteResolution } from './engine';
import { NAT_EPHEMERAL_PORTS, naclPortCheck, naclReturnCheck } from './nacl-checks';

/** What step 1 finds, without its text: the quick verdict asks this of every instance. */
export type InstanceState = 'detached' | 'service' | 'not-in-snapshot' | 'running' | 'not-running';

/** `known`: the interface's instance when the caller holds it already (saves a lookup per instance). */
export function instanceStateOf(
  index: SnapshotIndex,
  eni: NetworkInterface,
  known?: Instance,
): InstanceState {
  if (!eni.Attachment || eni.Status === 'available') return 'detached';
  const instanceId = eni.Attachment.InstanceId;
  if (!instanceId) return 'service';
  const instance = known?.InstanceId === instanceId ? known : index.instances.get(instanceId);
  if (!instance) return 'not-in-snapshot';
  return instance.State?.Name === 'running' ? 'running' : 'not-running';
}

/** Step 1 fails for a detached interface or a stopped (or stopping, terminated...) instance. */
export const INSTANCE_STATE_FAILS: ReadonlySet<InstanceState> = new Set(['detached', 'not-running']);

/** Step 1: only a running instance sends or answers traffic. `known` as for `instanceStateOf`. */
export function instanceStateCheck(index: SnapshotIndex, eni: NetworkInterface, known?: Instance): Check {
  const id = eni.NetworkInterfaceId ?? '?';
  const instanceId = eni.Attachment?.InstanceId ?? '?';
  switch (instanceStateOf(index, eni, known)) {
    case 'detached':
      return check(
        'FAIL',
        'interface-detached',
        `${id} is not attached to anything`,
        [`${id} status ${eni.Status ?? 'unknown'}`],
        `Attach ${id} to an instance.`,
      );
    case 'service':
      return check(
        'SKIP',
        'instance-state',
        `${id} belongs to an AWS service (${eni.InterfaceType ?? 'interface'})`,
      );
    case 'not-in-snapshot':
      return check('SKIP', 'instance-state', `${instanceId} is not in the snapshot`);
    case 'running':
      return check('PASS', 'instance-state', `${instanceId} is running`);
    case 'not-running': {
      const instance = known?.InstanceId === instanceId ? known : index.instances.get(instanceId);
      const state = instance?.State?.Name ?? 'unknown';
      return check(
        'FAIL',
        'instance-not-running',
        `${instanceId} is ${state}`,
        [`${instanceId} ${state}`],
        `Start ${instanceId}.`,
      );
    }
  }
}

function tableName(resolution: Exclude<RouteResolution, { kind: 'no-table' }>): string {
  const id = resolution.table.RouteTableId ?? '?';
  return resolution.viaMain ? `${id} (main route table of ${resolution.table.VpcId ?? '?'})` : id;
}

/** The IGW a fix should point at: one attached to the VPC, else a placeholder. */
function suggestedIgw(index: SnapshotIndex, vpcId: string | undefined): string {
  const igw = vpcId ? index.internetGatewaysOfVpc(vpcId)[0]?.InternetGatewayId : undefined;
  return igw ?? 'an internet gateway attached to the VPC';
}

/** Step 4: the longest-prefix route for internet destinations, in the subnet's (or main) table. */
export function routeCheck(
  engine: ReachabilityEngine,
  subnetId: string,
  version: IpVersion,
  egress: boolean,
): Check {
  return engine.cached(`route|${version}|${egress}`, subnetId, () =>
    computeRouteCheck(engine, subnetId, version, egress),
  );
}

function computeRouteCheck(
  engine: ReachabilityEngine,
  subnetId: string,
  version: IpVersion,
  egress: boolean,
): Check {
  const resolution = engine.internetRoute(subnetId, version);
  const internet = internetCidr(version);
  const traffic = egress ? 'internet traffic' : 'replies to the internet';
  if (resolution.kind === 'no-table') {
    return check(
      'FAIL',
      'route-table-missing',
      `${subnetId} has no route table in the snapshot (no association and no main table)`,
      [subnetId],
      `Associate ${subnetId} with a route table.`,
    );
  }
  const table = tableName(resolution);
  const vpcId = resolution.table.VpcId;
  if (resolution.kind === 'no-route') {
    const to = egress
      ? `${suggestedIgw(engine.index, vpcId)} (public subnet) or a NAT gateway (private subnet)`
      : suggestedIgw(engine.index, vpcId);
    return check(
      'FAIL',
      'no-route',
      `${table} has no route for ${traffic} (${internet}), used by ${subnetId}`,
      (resolution.table.Routes ?? []).map(describeRoute),
      `Add a route ${internet} -> ${to} to ${resolution.table.RouteTableId ?? 'the table'}.`,
    );
  }
  const route = describeRoute(resolution.route);
  if (resolution.kind === 'blackhole') {
    return check(
      'FAIL',
      'blackhole-route',
      `${table} sends ${traffic} to a deleted target: ${route}`,
      [`${resolution.table.RouteTableId}: ${route}`],
      `Replace the blackhole route in ${resolution.table.RouteTableId} with one to a working gateway (${suggestedIgw(engine.index, vpcId)} or an available NAT gateway).`,
    );
  }
  return check('PASS', 'no-route', `${table} sends ${traffic} via ${route}`, [
    `${resolution.table.RouteTableId}: ${route} (longest prefix for ${INTERNET_PROBE[version]})`,
  ]);
}

function igwAttachmentCheck(engine: ReachabilityEngine, igwId: string, vpcId: string | undefined): Check {
  const index = engine.index;
  if (vpcId && index.isInternetGatewayAttachedTo(igwId, vpcId)) {
    return check('PASS', 'igw-not-attached', `${igwId} is attached to ${vpcId}`, [
      `${igwId} attached to ${vpcId}`,
    ]);
  }
  const exists = index.internetGateways.has(igwId);
  const elsewhere = [...index.vpcsOfInternetGateway(igwId)];
  const where = !exists
    ? `${igwId} is not in the snapshot (deleted?)`
    : elsewhere.length > 0
      ? `${igwId} is attached to ${elsewhere.join(', ')}, not ${vpcId ?? '?'}`
      : `${igwId} is attached to no VPC`;
  const attached = vpcId ? index.internetGatewaysOfVpc(vpcId)[0]?.InternetGatewayId : undefined;
  return check(
    'FAIL',
    'igw-not-attached',
    where,
    [where],
    attached
      ? `Point the route at ${attached}, the internet gateway attached to ${vpcId}.`
      : `Attach an internet gateway to ${vpcId ?? 'the VPC'} and route to it.`,
  );
}

/** Step 5 for a route that leaves through something NetAudit cannot see past. */
function leavesVpc(resolution: Extract<RouteResolution, { kind: 'target' }>): Check {
  const { kind, id } = resolution.target;
  return check(
    'SKIP',
    'leaves-vpc',
    `leaves the VPC via ${id} (${kind}), not verifiable from this snapshot`,
    [describeRoute(resolution.route)],
  );
}

/**
 * A NAT gateway carries egress only when it is available, public, has an Elastic IP, its own subnet routes
 * to an attached IGW, and its subnet's NACL lets the request out and the replies in. (The NACL hops between
 * the instance and the NAT gateway use private addresses, which this internet-only model does not check.)
 */
function natChecks(engine: ReachabilityEngine, natId: string, protocol: Transport, port: number): Check[] {
  return engine.cached(`nat|${protocol}|${port}`, natId, (): Check[] => {
    const nat = engine.index.natGateways.get(natId);
    if (!nat) {
      return [
        check(
          'FAIL',
          'nat-missing',
          `${natId} is not in the snapshot (deleted?)`,
          [natId],
          'Create a NAT gateway and point the route at it.',
        ),
      ];
    }
    const checks: Check[] = [];
    const state = nat.State ?? 'unknown';
    checks.push(
      state === 'available'
        ? check('PASS', 'nat-not-available', `${natId} is available`, [`${natId} ${state}`])
        : check(
            'FAIL',
            'nat-not-available',
            `${natId} is ${state}, not available`,
            [`${natId} ${state}`],
            `Replace ${natId} with an available NAT gateway and update the route.`,
          ),
    );
    if (nat.ConnectivityType === 'private') {
      checks.push(
        check(
          'FAIL',
          'nat-private',
          `${natId} is a private NAT gateway: it cannot reach the internet`,
          [`${natId} ConnectivityType private`],
          'Route internet traffic to a public NAT gateway.',
        ),
      );
      return checks;
    }
    const eip = natPublicIp(nat);
    checks.push(
      eip
        ? check('PASS', 'nat-no-eip', `${natId} has Elastic IP ${eip}`, [`${natId} ${eip}`])
        : check(
            'FAIL',
            'nat-no-eip',
            `${natId} has no Elastic IP`,
            [`${natId} NatGatewayAddresses without PublicIp`],
            `Recreate ${natId} with an Elastic IP allocation.`,
          ),
    );
    const subnetId = nat.SubnetId ?? '?';
    const resolution = engine.internetRoute(subnetId, 4);
    if (engine.routesToAttachedIgw(resolution)) {
      const route = resolution.kind === 'target' ? describeRoute(resolution.route) : '';
      checks.push(
        check('PASS', 'nat-no-internet-route', `${natId}'s subnet ${subnetId} routes ${route}`, [route]),
      );
    } else {
      const has =
        resolution.kind === 'no-table'
          ? 'no route table'
          : resolution.kind === 'no-route'
            ? 'no internet route'
            : describeRoute(resolution.route);
      checks.push(
        check(
          'FAIL',
          'nat-no-internet-route',
          `${natId} sits in ${subnetId}, which has no route to an attached internet gateway (${has})`,
          [`${subnetId}: ${has}`],
          `Move the NAT gateway to a public subnet, or add 0.0.0.0/0 -> ${suggestedIgw(engine.index, nat.VpcId)} to ${subnetId}'s route table.`,
        ),
      );
    }
    const acl = engine.naclOf(nat.SubnetId);
    if (acl) {
      for (const c of [
        naclPortCheck(engine, acl, true, protocol, 4, port),
        naclReturnCheck(engine, acl, false, protocol, 4, NAT_EPHEMERAL_PORTS),
      ]) {
        checks.push({ ...c, hop: 'nat-nacl', message: `${natId}'s subnet: ${c.message}` });
      }
    }
    return checks;
  });
}

/** Step 5 on the way out: the gateway the route names, and whether it carries traffic to the internet. */
export function egressGatewayChecks(
  engine: ReachabilityEngine,
  subnetId: string,
  version: IpVersion,
  protocol: Transport,
  port: number,
): Check[] {
  const resolution = engine.internetRoute(subnetId, version);
  if (resolution.kind !== 'target') return [check('SKIP', 'gateway', 'no working route to follow')];
  const target = resolution.target;
  switch (target.kind) {
    case 'igw':
      return [igwAttachmentCheck(engine, target.id, resolution.table.VpcId)];
    case 'nat':
      return natChecks(engine, target.id, protocol, port);
    case 'eigw':
      return version === 6
        ? [
            check('PASS', 'gateway', `${target.id} is an egress-only internet gateway (outbound IPv6)`, [
              target.id,
            ]),
          ]
        : [check('FAIL', 'route-not-internet', `${target.id} carries only IPv6`, [target.id])];
    case 'local':
      return [
        check('FAIL', 'route-not-internet', 'internet destinations fall in the VPC local route', [
          describeRoute(resolution.route),
        ]),
      ];
    default:
      return [leavesVpc(resolution)];
  }
}

/** Step 5 on the way in: only an internet gateway attached to the VPC carries inbound connections. */
export function ingressGatewayChecks(
  engine: ReachabilityEngine,
  subnetId: string,
  version: IpVersion,
): Check[] {
  const resolution = engine.internetRoute(subnetId, version);
  if (resolution.kind !== 'target') return [check('SKIP', 'gateway', 'no working route to follow')];
  const target = resolution.target;
  if (target.kind === 'igw') return [igwAttachmentCheck(engine, target.id, resolution.table.VpcId)];
  if (target.kind === 'nat' || target.kind === 'eigw' || target.kind === 'local') {
    return [
      check(
        'FAIL',
        'route-not-internet',
        `replies leave via ${target.id}, which carries only connections the instance starts`,
        [describeRoute(resolution.route)],
        `Put the interface in a subnet whose route table sends ${internetCidr(version)} to ${suggestedIgw(engine.index, resolution.table.VpcId)}, or put a load balancer in front of it.`,
      ),
    ];
  }
  return [leavesVpc(resolution)];
}

/** What step 6 finds, without its text: the quick verdict asks this of every instance. */
export type PublicAddressCase =
  'nat-address' | 'nat-without-address' | 'own-address' | 'not-needed' | 'leaves-vpc' | 'missing';

/** The public address a NAT gateway sends traffic from (its Elastic IP), if it has one. */
function natPublicIp(nat: NatGateway | undefined): string | undefined {
  return (nat?.NatGatewayAddresses ?? []).find((a) => a.PublicIp)?.PublicIp;
}

export function publicAddressCase(
  engine: ReachabilityEngine,
  eni: NetworkInterface,
  version: IpVersion,
  egress: boolean,
): PublicAddressCase {
  const resolution = engine.internetRoute(eni.SubnetId ?? '', version);
  if (egress && resolution.kind === 'target' && resolution.target.kind === 'nat') {
    return natPublicIp(engine.index.natGateways.get(resolution.target.id))
      ? 'nat-address'
      : 'nat-without-address';
  }
  // Outbound, the interface sends from its primary private address, and only that address's own public IPv4
  // is used: an Elastic IP on a secondary private IP does not serve it.
  const own = egress && version === 4 ? engine.egressPublicIpv4(eni) : engine.publicAddress(eni, version);
  if (own) return 'own-address';
  if (egress && resolution.kind !== 'target') return 'not-needed';
  if (resolution.kind === 'target' && !['igw', 'eigw', 'nat'].includes(resolution.target.kind)) {
    return 'leaves-vpc';
  }
  return 'missing';
}

/** Step 6: the public address internet traffic needs, and whether it matters for this route. */
export function publicAddressCheck(
  engine: ReachabilityEngine,
  eni: NetworkInterface,
  version: IpVersion,
  egress: boolean,
): Check {
  const id = eni.NetworkInterfaceId ?? '?';
  const hop = version === 4 ? 'no-public-ip' : 'no-ipv6-address';
  const kind = version === 4 ? 'public IPv4 address' : 'IPv6 address';
  const resolution = engine.internetRoute(eni.SubnetId ?? '', version);
  const targetId = resolution.kind === 'target' ? resolution.target.id : '?';
  switch (publicAddressCase(engine, eni, version, egress)) {
    case 'nat-address': {
      const eip = natPublicIp(engine.index.natGateways.get(targetId)) ?? '?';
      return check('PASS', 'public-address', `traffic leaves with ${targetId}'s address ${eip}`, [eip]);
    }
    case 'nat-without-address':
      return check('SKIP', 'public-address', `${targetId} has no public address (see step 5)`);
    case 'own-address': {
      const address = engine.publicAddress(eni, version) ?? '?';
      return check('PASS', hop, `${id} has ${kind} ${address}`, [address]);
    }
    case 'not-needed':
      return check(
        'SKIP',
        'public-address',
        `${id} has no ${kind} (needed only if the route goes to an internet gateway)`,
      );
    case 'leaves-vpc':
      return check('SKIP', 'public-address', `${id} has no ${kind} (traffic leaves the VPC via ${targetId})`);
    case 'missing': {
      const fix =
        version === 4
          ? `Associate an Elastic IP with ${id}${egress ? ', or route the subnet through a NAT gateway' : ''}.`
          : `Assign an IPv6 address to ${id}.`;
      return check('FAIL', hop, `${id} has no ${kind}`, [`${id} Association: none`], fix);
    }
  }
}

/** Step 7 (advisory): DNS resolution for egress by name, public DNS hostnames for ingress by name. */
export function dnsCheck(index: SnapshotIndex, vpcId: string | undefined, egress: boolean): Check {
  const attrs = vpcId ? index.snapshot.vpcAttributes[vpcId] : undefined;
  if (!vpcId || !attrs || !index.hasPartFor('vpcAttributes', vpcId)) {
    return check('SKIP', 'dns', `DNS attributes of ${vpcId ?? 'the VPC'} were not collected`);
  }
  if (egress) {
    return attrs.EnableDnsSupport === false
      ? check(
          'FAIL',
          'dns',
          `${vpcId} has enableDnsSupport false: the Amazon resolver does not answer, names do not resolve unless DHCP options name other DNS servers`,
          [`${vpcId} EnableDnsSupport false`],
          `aws ec2 modify-vpc-attribute --vpc-id ${vpcId} --enable-dns-support`,
        )
      : check('PASS', 'dns', `${vpcId} resolves names (enableDnsSupport true)`, [
          `${vpcId} EnableDnsSupport true`,
        ]);
  }
  return attrs.EnableDnsHostnames === false
    ? check(
        'FAIL',
        'dns',
        `${vpcId} has enableDnsHostnames false: the instance has no public DNS name, clients must use its IP`,
        [`${vpcId} EnableDnsHostnames false`],
        `aws ec2 modify-vpc-attribute --vpc-id ${vpcId} --enable-dns-hostnames`,
      )
    : check('PASS', 'dns', `${vpcId} gives public DNS hostnames (enableDnsHostnames true)`, [
        `${vpcId} EnableDnsHostnames true`,
      ]);
}
