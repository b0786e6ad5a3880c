import type {
  Address,
  FlowLog,
  Instance,
  InternetGateway,
  IpPermission,
  NatGateway,
  NetworkAcl,
  NetworkAclEntry,
  NetworkInterface,
  Route,
  RouteTable,
  SecurityGroup,
  Subnet,
  Vpc,
  VpcPeeringConnection,
} from '@aws-sdk/client-ec2';
import { withoutInterfaceCopy } from '../lambda/snapshot/instances';
import { emptySnapshot, type Snapshot } from '../lambda/snapshot/types';
import { addHybridNetwork, hybridInterfaceCount, type HybridVpc } from './generate-hybrid';

/**
 * A seeded generator of realistic synthetic Snapshots for the benchmark, in the exact EC2 API shapes
 * (what `aws ec2 describe-* --output json` prints) as `netaudit snapshot` writes them: instances without
 * the copy of their interfaces (`withoutInterfaceCopy`). The same size and seed always give the same snapshot,
 * byte for byte: the only randomness is mulberry32 below.
 *
 * Each VPC looks like a typical landing-zone VPC: three AZs, a public subnet and two private subnets per
 * AZ, a public route table (local + IGW, ::/0 where the VPC has IPv6), one private table per AZ routed
 * to that AZ's NAT gateway (with an Elastic IP), custom public and private NACLs with tens of entries,
 * security groups of about 10 rules each (cross-group references, some 0.0.0.0/0 and ::/0), instances
 * running and stopped, with and without public IPs, flow logs on most VPCs, peerings between some. A
 * small, fixed share of things is wrong (blackhole routes, SSH open to the world, a VPC without flow
 * logs, unassociated Elastic IPs...) so that every rule has failures to report and ASFF has work to do.
 * Transit gateways, VPN and Direct Connect come from `generate-hybrid.ts`.
 */

export type SizeName = 'S' | 'M' | 'L';

export interface SizeSpec {
  /** Network interfaces in total (instance, NAT gateway and unattached interfaces). */
  interfaces: number;
  /** Security groups in total, the VPC default groups included. */
  groups: number;
  /** Security group rules in total (ingress + egress permissions, one source each). */
  rules: number;
  vpcs: number;
}

export const SIZES: Record<SizeName, SizeSpec> = {
  S: { interfaces: 1_000, groups: 250, rules: 2_500, vpcs: 4 },
  M: { interfaces: 20_000, groups: 5_000, rules: 50_000, vpcs: 40 },
  L: { interfaces: 100_000, groups: 25_000, rules: 250_000, vpcs: 200 },
};

export const DEFAULT_SEED = 20261128;

/** mulberry32: a tiny, fast, well-distributed 32-bit PRNG. Returns floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const AZ_LETTERS = ['a', 'b', 'c'];
const PRIVATE_PER_AZ = 2;

/** /16 blocks for VPCs: 10.0-255, then 172.16-31, then 100.64-127 (337 in all, enough for L). */
function vpcBlock(i: number): [number, number] {
  if (i < 256) return [10, i];
  if (i < 272) return [172, 16 + i - 256];
  if (i < 336) return [100, 64 + i - 272];
  throw new Error(`too many VPCs for the address plan: ${i + 1}`);
}

class Ids {
  private counters = new Map<string, number>();
  /** AWS-like ids: prefix, then 17 hex digits (`eni-0000000000000002a`). */
  next(prefix: string): string {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    return `${prefix}-${n.toString(16).padStart(17, '0')}`;
  }
}

export interface GenerateOptions {
  seed?: number;
  region?: string;
  accountId?: string;
  collectedAt?: string;
}

/** Splits `total` into `parts` near-equal integers (the first ones get the remainder). */
function split(total: number, parts: number): number[] {
  const base = Math.floor(total / parts);
  const extra = total % parts;
  return Array.from({ length: parts }, (_, i) => base + (i < extra ? 1 : 0));
}

export function generateSnapshot(size: SizeName | SizeSpec, options: GenerateOptions = {}): Snapshot {
  const spec = typeof size === 'string' ? SIZES[size] : size;
  const rand = mulberry32(options.seed ?? DEFAULT_SEED);
  const chance = (p: number): boolean => rand() < p;
  const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
  const ids = new Ids();
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '123456789012';

  const s: Snapshot = emptySnapshot({
    accountId,
    region,
    collectedAt: options.collectedAt ?? '2026-11-28T00:00:00Z',
  });

  const groupsPerVpc = split(spec.groups, spec.vpcs);
  // NAT gateway interfaces count toward the total (3 per VPC, one per AZ), and so do transit gateway ones.
  const managedEnis = spec.vpcs * AZ_LETTERS.length + hybridInterfaceCount(spec.vpcs);
  const enisPerVpc = split(spec.interfaces - managedEnis, spec.vpcs);
  if (enisPerVpc.some((n) => n < 1) || groupsPerVpc.some((n) => n < 2)) {
    throw new Error('size too small for its number of VPCs');
  }
  // Default groups carry their 2 AWS-created rules; the others share the rest of the rule budget.
  const rulesPerVpc = split(spec.rules - 2 * spec.vpcs, spec.vpcs);

  const vpcs: (HybridVpc & { ipv6: string | undefined })[] = [];
  let eipCounter = 0;
  const nextPublicIp = (): string => {
    eipCounter++;
    // 3.0.0.0/8 and 54.0.0.0/8 look like AWS public space; uniqueness is all that matters.
    const n = eipCounter;
    return `${n < 16_000_000 ? 54 : 3}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
  };

  for (let v = 0; v < spec.vpcs; v++) {
    const [o1, o2] = vpcBlock(v);
    const cidr = `${o1}.${o2}.0.0/16`;
    const vpcId = ids.next('vpc');
    const hasIpv6 = v % 3 === 0;
    const ipv6 = hasIpv6 ? `2600:1f18:${(0x4000 + v).toString(16)}:${'00'}00::/56` : undefined;
    const vpc: Vpc = {
      CidrBlock: cidr,
      DhcpOptionsId: 'dopt-0123456789abcdef0',
      State: 'available',
      VpcId: vpcId,
      OwnerId: accountId,
      InstanceTenancy: 'default',
      ...(ipv6
        ? {
            Ipv6CidrBlockAssociationSet: [
              {
                AssociationId: `vpc-cidr-assoc-${vpcId.slice(4)}`,
                Ipv6CidrBlock: ipv6,
                Ipv6CidrBlockState: { State: 'associated' },
                NetworkBorderGroup: region,
                Ipv6Pool: 'Amazon',
              },
            ],
          }
        : {}),
      CidrBlockAssociationSet: [
        {
          AssociationId: `vpc-cidr-assoc-${vpcId.slice(4)}4`,
          CidrBlock: cidr,
          CidrBlockState: { State: 'associated' },
        },
      ],
      IsDefault: false,
      Tags: [
        { Key: 'Name', Value: `bench-vpc-${v}` },
        { Key: 'Environment', Value: pick(['prod', 'staging', 'dev']) },
      ],
    };
    s.vpcs.push(vpc);
    // A few VPCs have DNS hostnames off (VPC.2); all resolve DNS.
    s.vpcAttributes[vpcId] = { EnableDnsSupport: true, EnableDnsHostnames: v % 11 !== 5 };
    // Flow logs on most VPCs (VPC.1 fails on about one in eight), a few failing to deliver.
    if (v % 8 !== 7) {
      const log: FlowLog = {
        CreationTime: '2026-01-15T10:00:00.000Z' as unknown as Date,
        DeliverLogsStatus: v % 17 === 3 ? 'FAILED' : 'SUCCESS',
        FlowLogId: ids.next('fl'),
        FlowLogStatus: 'ACTIVE',
        LogGroupName: `/vpc/flow-logs/${vpcId}`,
        ResourceId: vpcId,
        TrafficType: 'ALL',
        LogDestinationType: 'cloud-watch-logs',
        LogFormat:
          '${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status}',
        MaxAggregationInterval: 600,
      };
      s.flowLogs.push(log);
    }

    // Internet gateway, attached.
    const igwId = ids.next('igw');
    const igw: InternetGateway = {
      Attachments: [{ State: 'available' as 'attached', VpcId: vpcId }],
      InternetGatewayId: igwId,
      OwnerId: accountId,
      Tags: [{ Key: 'Name', Value: `bench-igw-${v}` }],
    };
    s.internetGateways.push(igw);

    // Subnets: per AZ one public /20 and two private /20s.
    const subnets: { subnet: Subnet; public: boolean; az: number }[] = [];
    for (let a = 0; a < AZ_LETTERS.length; a++) {
      for (let k = 0; k <= PRIVATE_PER_AZ; k++) {
        const isPublic = k === 0;
        const third = (a * (1 + PRIVATE_PER_AZ) + k) * 16;
        const subnetId = ids.next('subnet');
        const subnet: Subnet = {
          AvailabilityZone: `${region}${AZ_LETTERS[a]}`,
          AvailabilityZoneId: `use1-az${a + 1}`,
          AvailableIpAddressCount: 4091,
          CidrBlock: `${o1}.${o2}.${third}.0/20`,
          DefaultForAz: false,
          // Public subnets assign public IPs on launch (VPC.3 reports them); one in five does not.
          MapPublicIpOnLaunch: isPublic && v % 5 !== 0,
          State: 'available',
          SubnetId: subnetId,
          VpcId: vpcId,
          OwnerId: accountId,
          AssignIpv6AddressOnCreation: false,
          Ipv6CidrBlockAssociationSet: ipv6
            ? [
                {
                  AssociationId: `subnet-cidr-assoc-${subnetId.slice(7)}`,
                  Ipv6CidrBlock: ipv6.replace('00::/56', `${(a * 3 + k).toString(16).padStart(2, '0')}::/64`),
                  Ipv6CidrBlockState: { State: 'associated' },
                },
              ]
            : [],
          SubnetArn: `arn:aws:ec2:${region}:${accountId}:subnet/${subnetId}`,
          Tags: [
            { Key: 'Name', Value: `bench-${isPublic ? 'public' : 'private'}-${v}-${AZ_LETTERS[a]}${k}` },
            { Key: 'Tier', Value: isPublic ? 'public' : 'private' },
          ],
        };
        s.subnets.push(subnet);
        subnets.push({ subnet, public: isPublic, az: a });
      }
    }

    // NAT gateways (one per AZ, in its public subnet) with their Elastic IPs and interfaces.
    const nats: NatGateway[] = [];
    for (let a = 0; a < AZ_LETTERS.length; a++) {
      const pub = subnets.find((x) => x.public && x.az === a)!.subnet;
      const natId = ids.next('nat');
      const allocationId = ids.next('eipalloc');
      const eniId = ids.next('eni');
      const publicIp = nextPublicIp();
      const privateIp = `${o1}.${o2}.${a * 48}.${5 + a}`;
      // One NAT in 50 has failed (NAT.2 / RT.4 when still routed).
      const state = v % 50 === 7 && a === 1 ? 'failed' : 'available';
      const nat: NatGateway = {
        CreateTime: '2026-01-15T10:00:00.000Z' as unknown as Date,
        NatGatewayAddresses: [
          {
            AllocationId: allocationId,
            NetworkInterfaceId: eniId,
            PrivateIp: privateIp,
            PublicIp: publicIp,
            AssociationId: `eipassoc-${allocationId.slice(9)}`,
            IsPrimary: true,
            Status: 'succeeded',
          },
        ],
        NatGatewayId: natId,
        State: state as 'available',
        SubnetId: pub.SubnetId,
        VpcId: vpcId,
        ConnectivityType: 'public',
        Tags: [{ Key: 'Name', Value: `bench-nat-${v}-${AZ_LETTERS[a]}` }],
      };
      s.natGateways.push(nat);
      nats.push(nat);
      s.addresses.push({
        AllocationId: allocationId,
        AssociationId: `eipassoc-${allocationId.slice(9)}`,
        Domain: 'vpc',
        NetworkInterfaceId: eniId,
        NetworkInterfaceOwnerId: accountId,
        PrivateIpAddress: privateIp,
        PublicIp: publicIp,
        PublicIpv4Pool: 'amazon',
        NetworkBorderGroup: region,
      } satisfies Address);
      s.networkInterfaces.push({
        Association: {
          IpOwnerId: 'amazon',
          PublicDnsName: '',
          PublicIp: publicIp,
          AllocationId: allocationId,
        },
        AvailabilityZone: pub.AvailabilityZone,
        Description: `Interface for NAT Gateway ${natId}`,
        Groups: [],
        // What the API really returns (the SDK's enum spells it natGateway).
        InterfaceType: 'nat_gateway' as 'natGateway',
        Ipv6Addresses: [],
        MacAddress: '02:00:00:00:00:00',
        NetworkInterfaceId: eniId,
        OwnerId: accountId,
        PrivateIpAddress: privateIp,
        PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: privateIp }],
        RequesterId: 'AWS',
        RequesterManaged: true,
        SourceDestCheck: false,
        Status: 'in-use',
        SubnetId: pub.SubnetId,
        TagSet: [],
        VpcId: vpcId,
      } satisfies NetworkInterface);
    }

    // Route tables: the main one (local only), the public one, one private per AZ.
    const local: Route = {
      DestinationCidrBlock: cidr,
      GatewayId: 'local',
      Origin: 'CreateRouteTable',
      State: 'active',
    };
    const local6: Route[] = ipv6
      ? [{ DestinationIpv6CidrBlock: ipv6, GatewayId: 'local', Origin: 'CreateRouteTable', State: 'active' }]
      : [];
    const table = (routes: Route[], main: boolean, name: string): RouteTable => {
      const id = ids.next('rtb');
      const t: RouteTable = {
        Associations: main
          ? [
              {
                Main: true,
                RouteTableAssociationId: `rtbassoc-${id.slice(4)}`,
                RouteTableId: id,
                AssociationState: { State: 'associated' },
              },
            ]
          : [],
        PropagatingVgws: [],
        RouteTableId: id,
        Routes: [local, ...local6, ...routes],
        Tags: [{ Key: 'Name', Value: name }],
        VpcId: vpcId,
        OwnerId: accountId,
      };
      s.routeTables.push(t);
      return t;
    };
    const associate = (t: RouteTable, subnet: Subnet): void => {
      t.Associations!.push({
        Main: false,
        RouteTableAssociationId: `rtbassoc-${subnet.SubnetId!.slice(7)}`,
        RouteTableId: t.RouteTableId,
        SubnetId: subnet.SubnetId,
        AssociationState: { State: 'associated' },
      });
    };
    table([], true, `bench-main-${v}`);
    const publicTable = table(
      [
        { DestinationCidrBlock: '0.0.0.0/0', GatewayId: igwId, Origin: 'CreateRoute', State: 'active' },
        ...(ipv6
          ? [
              {
                DestinationIpv6CidrBlock: '::/0',
                GatewayId: igwId,
                Origin: 'CreateRoute',
                State: 'active',
              } as Route,
            ]
          : []),
      ],
      false,
      `bench-public-${v}`,
    );
    const privateTables: RouteTable[] = [];
    for (let a = 0; a < AZ_LETTERS.length; a++) {
      // One VPC in nine shares a single NAT across its AZs (NAT.5, RT.8).
      const nat = v % 9 === 4 ? nats[0]! : nats[a]!;
      const routes: Route[] = [
        {
          DestinationCidrBlock: '0.0.0.0/0',
          NatGatewayId: nat.NatGatewayId,
          Origin: 'CreateRoute',
          State: 'active',
        },
      ];
      // A route to a deleted endpoint left behind in some tables (RT.1).
      if (v % 13 === 2 && a === 0) {
        routes.push({
          DestinationCidrBlock: '192.168.100.0/24',
          NetworkInterfaceId: 'eni-0deadbeef00000000',
          Origin: 'CreateRoute',
          State: 'blackhole',
        });
      }
      privateTables.push(table(routes, false, `bench-private-${v}-${AZ_LETTERS[a]}`));
    }
    for (const x of subnets) associate(x.public ? publicTable : privateTables[x.az]!, x.subnet);

    // NACLs: the default one (allow all, as AWS creates it), a public and a private one with tens of entries.
    const defaultAcl: NetworkAcl = {
      Associations: [],
      Entries: naclEntries([
        ['0.0.0.0/0', false, '-1', 'allow', 100],
        ['0.0.0.0/0', true, '-1', 'allow', 100],
        ...(ipv6
          ? ([
              ['::/0', false, '-1', 'allow', 101],
              ['::/0', true, '-1', 'allow', 101],
            ] as EntrySpec[])
          : []),
      ]),
      IsDefault: true,
      NetworkAclId: ids.next('acl'),
      Tags: [],
      VpcId: vpcId,
      OwnerId: accountId,
    };
    const publicAcl: NetworkAcl = {
      Associations: [],
      Entries: naclEntries(publicNaclSpec(cidr, !!ipv6, v)),
      IsDefault: false,
      NetworkAclId: ids.next('acl'),
      Tags: [{ Key: 'Name', Value: `bench-public-acl-${v}` }],
      VpcId: vpcId,
      OwnerId: accountId,
    };
    const privateAcl: NetworkAcl = {
      Associations: [],
      Entries: naclEntries(privateNaclSpec(cidr, !!ipv6)),
      IsDefault: false,
      NetworkAclId: ids.next('acl'),
      Tags: [{ Key: 'Name', Value: `bench-private-acl-${v}` }],
      VpcId: vpcId,
      OwnerId: accountId,
    };
    s.networkAcls.push(defaultAcl, publicAcl, privateAcl);
    // One VPC in six keeps its subnets on the default NACL; the others use the custom ones.
    for (const x of subnets) {
      const acl = v % 6 === 1 ? defaultAcl : x.public ? publicAcl : privateAcl;
      acl.Associations!.push({
        NetworkAclAssociationId: `aclassoc-${x.subnet.SubnetId!.slice(7)}`,
        NetworkAclId: acl.NetworkAclId,
        SubnetId: x.subnet.SubnetId,
      });
    }

    // Security groups: the default one, then web, app, db and admin tiers referencing each other.
    const defaultGroupId = ids.next('sg');
    const groups: SecurityGroup[] = [
      {
        Description: 'default VPC security group',
        GroupName: 'default',
        IpPermissions: [perm('-1', undefined, undefined, { group: defaultGroupId })],
        OwnerId: accountId,
        GroupId: defaultGroupId,
        IpPermissionsEgress: [perm('-1', undefined, undefined, { cidr: '0.0.0.0/0' })],
        VpcId: vpcId,
      },
    ];
    const named = groupsPerVpc[v]! - 1;
    const rulesOf = split(rulesPerVpc[v]!, named);
    const groupIds: string[] = [];
    for (let g = 0; g < named; g++) groupIds.push(ids.next('sg'));
    for (let g = 0; g < named; g++) {
      const tier = pick(TIERS);
      const count = rulesOf[g]!;
      const egressCount = count >= 4 ? (chance(0.3) ? 2 : 1) : 1;
      const ingress: IpPermission[] = [];
      for (let r = 0; r < count - egressCount; r++) {
        ingress.push(ingressRule(tier, r, cidr, ipv6, groupIds, rand));
      }
      const egress: IpPermission[] = [perm('-1', undefined, undefined, { cidr: '0.0.0.0/0' })];
      if (egressCount === 2) {
        egress.push(
          ipv6
            ? perm('-1', undefined, undefined, { cidr6: '::/0' })
            : perm('tcp', 443, 443, { cidr: '0.0.0.0/0' }),
        );
      }
      // A few groups have no egress at all (SG.8).
      if (g % 97 === 13) {
        const moved = egress.splice(0, egress.length);
        for (const m of moved) ingress.push(m.IpRanges?.length ? perm('tcp', 8443, 8443, { cidr }) : m);
      }
      groups.push({
        Description: `${tier} tier`,
        GroupName: `bench-${tier}-${v}-${g}`,
        IpPermissions: ingress,
        OwnerId: accountId,
        GroupId: groupIds[g],
        IpPermissionsEgress: egress,
        VpcId: vpcId,
        Tags: [
          { Key: 'Name', Value: `bench-${tier}-${v}-${g}` },
          { Key: 'Tier', Value: tier },
        ],
      });
    }
    s.securityGroups.push(...groups);
    // A stale reference to a group deleted in a peer VPC, as DescribeStaleSecurityGroups reports it.
    if (v % 10 === 3 && groupIds.length > 0) {
      s.staleSecurityGroups.push({
        Description: 'app tier',
        GroupId: groupIds[0],
        GroupName: `bench-stale-${v}`,
        StaleIpPermissions: [
          {
            FromPort: 5432,
            IpProtocol: 'tcp',
            ToPort: 5432,
            UserIdGroupPairs: [
              {
                GroupId: 'sg-0deleted000000001',
                PeeringStatus: 'active',
                VpcPeeringConnectionId: 'pcx-0000000000000dead',
              },
            ],
          },
        ],
        StaleIpPermissionsEgress: [],
        VpcId: vpcId,
      });
    }

    // Interfaces and instances. Most interfaces belong to an instance (a few instances have two);
    // the rest are unattached or managed (Lambda, load balancer) interfaces.
    const totalEnis = enisPerVpc[v]!;
    let made = 0;
    let hostCounter = 0;
    // Interfaces come in roles (an auto scaling group, a service): each role is a fixed set of 1-3 groups,
    // anchored on one of the groups most interfaces use (the others are unused: SG.6), and some roles are
    // far more common than others. A few roles include the VPC's default group.
    const nameOf = new Map(groups.map((g) => [g.GroupId!, g.GroupName!]));
    const usable = groupIds.slice(0, Math.max(1, Math.floor(groupIds.length * 0.9)));
    const roles = usable.map((anchor) => {
      const set = [anchor];
      for (let k = int(0, 2); k > 0; k--) {
        const other = chance(0.03) ? defaultGroupId : pick(usable);
        if (!set.includes(other)) set.push(other);
      }
      return set.map((gid) => ({ GroupId: gid, GroupName: nameOf.get(gid)! }));
    });
    while (made < totalEnis) {
      const x = subnets[int(0, subnets.length - 1)]!;
      const subnet = x.subnet;
      hostCounter++;
      const privateIp = hostAddress(o1, o2, x, hostCounter);
      const eniGroups = roles[Math.floor(rand() * rand() * roles.length)]!;
      const kind = rand();
      const eniId = ids.next('eni');
      const ipv6Address = ipv6 && chance(0.4) ? ipv6Host(subnet, hostCounter) : undefined;
      if (kind < 0.85) {
        // An instance, with one or (5%) two interfaces.
        const instanceId = ids.next('i');
        const running = !chance(0.1);
        // A stopped instance keeps only an Elastic IP (EIP.2); its auto-assigned public IP is released.
        const elastic = x.public && chance(0.1);
        const publicIp = elastic || (x.public && running && chance(0.65)) ? nextPublicIp() : undefined;
        const allocationId = elastic ? ids.next('eipalloc') : undefined;
        const enis: NetworkInterface[] = [
          instanceEni({
            eniId,
            subnet,
            privateIp,
            groups: eniGroups,
            instanceId,
            deviceIndex: 0,
            publicIp,
            allocationId,
            ipv6Address,
            accountId,
          }),
        ];
        made++;
        if (made < totalEnis && chance(0.05)) {
          hostCounter++;
          enis.push(
            instanceEni({
              eniId: ids.next('eni'),
              subnet,
              privateIp: hostAddress(o1, o2, x, hostCounter),
              groups: eniGroups,
              instanceId,
              deviceIndex: 1,
              accountId,
            }),
          );
          made++;
        }
        if (publicIp && allocationId) {
          s.addresses.push({
            AllocationId: allocationId,
            AssociationId: `eipassoc-${allocationId.slice(9)}`,
            Domain: 'vpc',
            InstanceId: instanceId,
            NetworkInterfaceId: eniId,
            NetworkInterfaceOwnerId: accountId,
            PrivateIpAddress: privateIp,
            PublicIp: publicIp,
            PublicIpv4Pool: 'amazon',
            NetworkBorderGroup: region,
          });
        }
        s.networkInterfaces.push(...enis);
        s.instances.push(instanceOf(instanceId, subnet, enis, running, publicIp, rand));
      } else {
        made++;
        const managed = kind < 0.95;
        s.networkInterfaces.push({
          ...(managed
            ? {
                Attachment: {
                  AttachmentId: `ela-attach-${eniId.slice(4)}`,
                  DeviceIndex: 1,
                  Status: 'attached',
                  InstanceOwnerId: 'amazon-aws',
                },
                RequesterId: 'AROAEXAMPLE:bench',
              }
            : {}),
          AvailabilityZone: subnet.AvailabilityZone,
          Description: managed ? `AWS Lambda VPC ENI-bench-${v}` : 'detached interface',
          Groups: eniGroups,
          InterfaceType: managed ? 'lambda' : 'interface',
          Ipv6Addresses: [],
          MacAddress: macOf(Number.parseInt(eniId.slice(4), 16)),
          NetworkInterfaceId: eniId,
          OwnerId: accountId,
          PrivateIpAddress: privateIp,
          PrivateIpAddresses: [{ Primary: true, PrivateIpAddress: privateIp }],
          RequesterManaged: managed,
          SourceDestCheck: true,
          Status: managed ? 'in-use' : 'available',
          SubnetId: subnet.SubnetId,
          TagSet: [],
          VpcId: vpcId,
        });
      }
    }
    vpcs.push({
      index: v,
      vpc,
      octets: [o1, o2],
      ipv6,
      privateTables,
      publicTable,
      zoneSubnets: AZ_LETTERS.map((_, a) => subnets.find((x) => x.az === a)!.subnet),
      nats,
      defaultAclId: defaultAcl.NetworkAclId!,
    });
  }

  // Peering: each VPC in five with the next one, routes both ways; one in four of those is not active.
  for (let v = 0; v + 1 < vpcs.length; v += 5) {
    const a = vpcs[v]!;
    const b = vpcs[v + 1]!;
    const id = ids.next('pcx');
    const broken = (v / 5) % 4 === 3;
    const peering: VpcPeeringConnection = {
      AccepterVpcInfo: { CidrBlock: b.vpc.CidrBlock, OwnerId: accountId, VpcId: b.vpc.VpcId, Region: region },
      RequesterVpcInfo: {
        CidrBlock: a.vpc.CidrBlock,
        OwnerId: accountId,
        VpcId: a.vpc.VpcId,
        Region: region,
      },
      Status: broken
        ? { Code: 'pending-acceptance', Message: `Pending Acceptance by ${accountId}` }
        : { Code: 'active', Message: 'Active' },
      Tags: [{ Key: 'Name', Value: `bench-peering-${v}` }],
      VpcPeeringConnectionId: id,
    };
    s.vpcPeeringConnections.push(peering);
    for (const [from, to] of [
      [a, b],
      [b, a],
    ] as const) {
      for (const t of [...from.privateTables, from.publicTable]) {
        t.Routes!.push({
          DestinationCidrBlock: to.vpc.CidrBlock,
          Origin: 'CreateRoute',
          State: 'active',
          VpcPeeringConnectionId: id,
        });
      }
    }
  }

  // A few Elastic IPs nobody uses (EIP.1), and a detached internet gateway (IGW.1).
  const spare = Math.max(2, Math.floor(spec.vpcs / 10));
  for (let k = 0; k < spare; k++) {
    s.addresses.push({
      AllocationId: ids.next('eipalloc'),
      Domain: 'vpc',
      PublicIp: nextPublicIp(),
      PublicIpv4Pool: 'amazon',
      NetworkBorderGroup: region,
      Tags: [{ Key: 'Name', Value: `bench-spare-${k}` }],
    });
  }
  s.internetGateways.push({
    Attachments: [],
    InternetGatewayId: ids.next('igw'),
    OwnerId: accountId,
    Tags: [],
  });
  addHybridNetwork(s, vpcs, (prefix) => ids.next(prefix));
  return s;
}

const TIERS = ['web', 'app', 'db', 'cache', 'admin', 'batch'] as const;
type Tier = (typeof TIERS)[number];

function perm(
  protocol: string,
  from: number | undefined,
  to: number | undefined,
  source: { cidr?: string; cidr6?: string; group?: string },
): IpPermission {
  return {
    IpProtocol: protocol,
    ...(from !== undefined ? { FromPort: from, ToPort: to } : {}),
    IpRanges: source.cidr ? [{ CidrIp: source.cidr }] : [],
    Ipv6Ranges: source.cidr6 ? [{ CidrIpv6: source.cidr6 }] : [],
    PrefixListIds: [],
    UserIdGroupPairs: source.group ? [{ GroupId: source.group, UserId: '123456789012' }] : [],
  };
}

const TIER_PORTS: Record<Tier, number[]> = {
  web: [443, 80, 8080, 8443],
  app: [8080, 8000, 9000, 3000],
  db: [5432, 3306, 1433, 27017],
  cache: [6379, 11211],
  admin: [22, 3389, 5900],
  batch: [9090, 9100, 50051],
};

/** One ingress permission, one source. The share that is open to the internet decides SG.1-SG.4 failures. */
function ingressRule(
  tier: Tier,
  r: number,
  vpcCidr: string,
  ipv6: string | undefined,
  groupIds: readonly string[],
  rand: () => number,
): IpPermission {
  const port = TIER_PORTS[tier][r % TIER_PORTS[tier].length]!;
  const peer = groupIds[Math.floor(rand() * groupIds.length)]!;
  const roll = rand();
  if (tier === 'web' && r < 2) {
    // Web tiers take 80/443 from the internet, over IPv6 too where the VPC has it.
    return roll < 0.5 && ipv6
      ? perm('tcp', port, port, { cidr6: '::/0' })
      : perm('tcp', port, port, { cidr: '0.0.0.0/0' });
  }
  if (roll < 0.004) return perm('-1', undefined, undefined, { cidr: '0.0.0.0/0' });
  if (roll < 0.012) return perm('tcp', 22, 22, { cidr: '0.0.0.0/0' });
  if (roll < 0.016) return perm('tcp', 3389, 3389, { cidr6: '::/0' });
  if (roll < 0.022) return perm('tcp', 6379, 6379, { cidr: '0.0.0.0/0' });
  if (roll < 0.03) return perm('tcp', 1024, 65535, { cidr: '0.0.0.0/0' });
  if (roll < 0.45) return perm('tcp', port, port, { group: peer });
  if (roll < 0.6) return perm('tcp', port, port, { cidr: vpcCidr });
  if (roll < 0.7) return perm('tcp', port, port + 10, { cidr: '10.0.0.0/8' });
  if (roll < 0.78) return perm('udp', 53, 53, { cidr: vpcCidr });
  if (roll < 0.84) return perm('icmp', -1, -1, { cidr: '10.0.0.0/8' });
  if (roll < 0.9) return perm('tcp', port, port, { cidr: `203.0.113.${Math.floor(rand() * 256)}/32` });
  if (roll < 0.95) return perm('-1', undefined, undefined, { group: peer });
  return perm('tcp', 443, 443, { cidr: '0.0.0.0/0' });
}

type EntrySpec = [
  cidr: string,
  egress: boolean,
  protocol: string,
  action: 'allow' | 'deny',
  rule: number,
  from?: number,
  to?: number,
];

function naclEntries(specs: EntrySpec[]): NetworkAclEntry[] {
  const entries: NetworkAclEntry[] = specs.map(([cidr, egress, protocol, action, rule, from, to]) => ({
    ...(cidr.includes(':') ? { Ipv6CidrBlock: cidr } : { CidrBlock: cidr }),
    Egress: egress,
    Protocol: protocol,
    RuleAction: action,
    RuleNumber: rule,
    ...(from !== undefined ? { PortRange: { From: from, To: to ?? from } } : {}),
    ...(protocol === '1' ? { IcmpTypeCode: { Code: -1, Type: -1 } } : {}),
  }));
  // AWS lists the final implicit deny (*, 32767) in both directions, and for IPv6 when it is enabled.
  const hasV6 = specs.some(([cidr]) => cidr.includes(':'));
  for (const egress of [false, true]) {
    entries.push({
      CidrBlock: '0.0.0.0/0',
      Egress: egress,
      Protocol: '-1',
      RuleAction: 'deny',
      RuleNumber: 32767,
    });
    if (hasV6)
      entries.push({
        Ipv6CidrBlock: '::/0',
        Egress: egress,
        Protocol: '-1',
        RuleAction: 'deny',
        RuleNumber: 32767,
      });
  }
  return entries;
}

const BAD_CIDRS = [
  '198.51.100.0/24',
  '192.0.2.0/24',
  '45.33.0.0/16',
  '185.220.0.0/16',
  '91.240.0.0/16',
  '23.129.64.0/24',
];

function publicNaclSpec(vpcCidr: string, ipv6: boolean, v: number): EntrySpec[] {
  const out: EntrySpec[] = [];
  let n = 10;
  for (const cidr of BAD_CIDRS) out.push([cidr, false, '-1', 'deny', (n += 10)]);
  out.push(['0.0.0.0/0', false, '6', 'allow', 100, 443, 443]);
  out.push(['0.0.0.0/0', false, '6', 'allow', 110, 80, 80]);
  // One public NACL in seven lets SSH in from anywhere (NACL.1).
  out.push(['0.0.0.0/0', false, '6', v % 7 === 3 ? 'allow' : 'deny', 120, 22, 22]);
  // RDP denied from the internet; being in the ephemeral range, it also drops replies (NACL.2, NET.2).
  if (v % 7 === 5) out.push(['0.0.0.0/0', false, '6', 'deny', 130, 3389, 3389]);
  out.push([vpcCidr, false, '-1', 'allow', 140]);
  out.push(['10.0.0.0/8', false, '6', 'allow', 150, 0, 65535]);
  // Shadowed by 150 (NACL.3).
  out.push(['10.1.0.0/16', false, '6', 'allow', 160, 8080, 8080]);
  out.push(['0.0.0.0/0', false, '6', 'allow', 170, 1024, 65535]);
  out.push(['0.0.0.0/0', false, '17', 'allow', 180, 1024, 65535]);
  out.push(['0.0.0.0/0', false, '1', 'allow', 190]);
  for (let k = 0; k < 6; k++)
    out.push([`172.${16 + k}.0.0/16`, false, '6', 'allow', 200 + k * 10, 8000 + k, 8000 + k]);
  if (ipv6) {
    out.push(['::/0', false, '6', 'allow', 300, 443, 443]);
    out.push(['::/0', false, '6', 'allow', 310, 80, 80]);
    out.push(['::/0', false, '6', 'allow', 320, 1024, 65535]);
    out.push(['::/0', false, '6', 'deny', 330, 22, 22]);
  }
  n = 10;
  for (const cidr of BAD_CIDRS.slice(0, 3)) out.push([cidr, true, '-1', 'deny', (n += 10)]);
  out.push(['0.0.0.0/0', true, '6', 'allow', 100, 443, 443]);
  out.push(['0.0.0.0/0', true, '6', 'allow', 110, 80, 80]);
  out.push(['0.0.0.0/0', true, '6', 'allow', 120, 1024, 65535]);
  out.push(['0.0.0.0/0', true, '17', 'allow', 130, 53, 53]);
  out.push(['0.0.0.0/0', true, '17', 'allow', 140, 123, 123]);
  out.push([vpcCidr, true, '-1', 'allow', 150]);
  out.push(['10.0.0.0/8', true, '-1', 'allow', 160]);
  if (ipv6) {
    out.push(['::/0', true, '6', 'allow', 300, 443, 443]);
    out.push(['::/0', true, '6', 'allow', 310, 1024, 65535]);
  }
  return out;
}

function privateNaclSpec(vpcCidr: string, ipv6: boolean): EntrySpec[] {
  const out: EntrySpec[] = [];
  out.push([vpcCidr, false, '-1', 'allow', 100]);
  out.push(['10.0.0.0/8', false, '6', 'allow', 110, 0, 65535]);
  out.push(['172.16.0.0/12', false, '6', 'allow', 120, 443, 443]);
  for (let k = 0; k < 8; k++) out.push([`10.${200 + k}.0.0/16`, false, '6', 'deny', 130 + k * 10, 22, 22]);
  out.push(['0.0.0.0/0', false, '6', 'allow', 300, 1024, 65535]);
  out.push(['0.0.0.0/0', false, '17', 'allow', 310, 1024, 65535]);
  out.push(['0.0.0.0/0', false, '6', 'deny', 320, 0, 1023]);
  if (ipv6) {
    out.push(['::/0', false, '6', 'allow', 400, 1024, 65535]);
    out.push(['::/0', false, '6', 'deny', 410, 0, 1023]);
  }
  out.push([vpcCidr, true, '-1', 'allow', 100]);
  out.push(['0.0.0.0/0', true, '6', 'allow', 110, 443, 443]);
  out.push(['0.0.0.0/0', true, '6', 'allow', 120, 80, 80]);
  out.push(['0.0.0.0/0', true, '17', 'allow', 130, 53, 53]);
  out.push(['0.0.0.0/0', true, '17', 'allow', 140, 123, 123]);
  out.push(['0.0.0.0/0', true, '6', 'allow', 150, 1024, 65535]);
  out.push(['10.0.0.0/8', true, '-1', 'allow', 160]);
  for (let k = 0; k < 4; k++) out.push([`198.18.${k}.0/24`, true, '-1', 'deny', 200 + k * 10]);
  if (ipv6) {
    out.push(['::/0', true, '6', 'allow', 400, 443, 443]);
    out.push(['::/0', true, '6', 'allow', 410, 1024, 65535]);
  }
  return out;
}

/** The n-th host of a subnet (from .10 up, within the /20). */
function hostAddress(o1: number, o2: number, x: { subnet: Subnet }, n: number): string {
  const base = Number(x.subnet.CidrBlock!.split('.')[2]);
  const offset = 10 + (n % 4000);
  return `${o1}.${o2}.${base + (offset >>> 8)}.${offset & 255}`;
}

function ipv6Host(subnet: Subnet, n: number): string {
  const prefix = subnet.Ipv6CidrBlockAssociationSet![0]!.Ipv6CidrBlock!.replace('::/64', '');
  return `${prefix}::${(n & 0xffff).toString(16)}`;
}

function macOf(n: number): string {
  const hex = n.toString(16).padStart(10, '0');
  return `02:${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}:${hex.slice(6, 8)}:${hex.slice(8, 10)}`;
}

function instanceEni(o: {
  eniId: string;
  subnet: Subnet;
  privateIp: string;
  groups: { GroupId: string; GroupName: string }[];
  instanceId: string;
  deviceIndex: number;
  publicIp?: string | undefined;
  allocationId?: string | undefined;
  ipv6Address?: string | undefined;
  accountId: string;
}): NetworkInterface {
  const {
    eniId,
    subnet,
    privateIp,
    groups,
    instanceId,
    deviceIndex,
    publicIp,
    allocationId,
    ipv6Address,
    accountId,
  } = o;
  // Like the collector (lambda/collect/clean.ts), no empty `Association: {}` on private interfaces.
  const association = publicIp
    ? {
        IpOwnerId: allocationId ? accountId : 'amazon',
        PublicDnsName: `ec2-${publicIp.replace(/\./g, '-')}.compute-1.amazonaws.com`,
        PublicIp: publicIp,
        ...(allocationId
          ? { AllocationId: allocationId, AssociationId: `eipassoc-${allocationId.slice(9)}` }
          : {}),
      }
    : undefined;
  return {
    ...(association ? { Association: association } : {}),
    Attachment: {
      AttachTime: '2026-02-01T08:00:00.000Z' as unknown as Date,
      AttachmentId: `eni-attach-${eniId.slice(4)}`,
      DeleteOnTermination: deviceIndex === 0,
      DeviceIndex: deviceIndex,
      NetworkCardIndex: 0,
      InstanceId: instanceId,
      InstanceOwnerId: '123456789012',
      Status: 'attached',
    },
    AvailabilityZone: subnet.AvailabilityZone,
    Description: deviceIndex === 0 ? '' : 'secondary interface',
    Groups: groups,
    InterfaceType: 'interface',
    Ipv6Addresses: ipv6Address ? [{ Ipv6Address: ipv6Address, IsPrimaryIpv6: false }] : [],
    MacAddress: macOf(Number.parseInt(eniId.slice(4), 16)),
    NetworkInterfaceId: eniId,
    OwnerId: accountId,
    PrivateDnsName: `ip-${privateIp.replace(/\./g, '-')}.ec2.internal`,
    PrivateIpAddress: privateIp,
    PrivateIpAddresses: [
      {
        ...(association && deviceIndex === 0 ? { Association: association } : {}),
        Primary: true,
        PrivateDnsName: `ip-${privateIp.replace(/\./g, '-')}.ec2.internal`,
        PrivateIpAddress: privateIp,
      },
    ],
    RequesterManaged: false,
    SourceDestCheck: true,
    Status: 'in-use',
    SubnetId: subnet.SubnetId,
    TagSet: [],
    VpcId: subnet.VpcId,
  };
}

const INSTANCE_TYPES = ['t3.micro', 't3.large', 'm6i.large', 'm6i.xlarge', 'c6g.2xlarge', 'r6i.large'];

function instanceOf(
  instanceId: string,
  subnet: Subnet,
  enis: NetworkInterface[],
  running: boolean,
  publicIp: string | undefined,
  rand: () => number,
): Instance {
  const primary = enis[0]!;
  // Built as DescribeInstances returns it, kept as the collector keeps it (without the interface copies).
  return withoutInterfaceCopy({
    AmiLaunchIndex: 0,
    ImageId: 'ami-0abcdef1234567890',
    InstanceId: instanceId,
    InstanceType: INSTANCE_TYPES[Math.floor(rand() * INSTANCE_TYPES.length)] as 't3.micro',
    LaunchTime: '2026-02-01T08:00:00.000Z' as unknown as Date,
    Monitoring: { State: 'disabled' },
    Placement: { AvailabilityZone: subnet.AvailabilityZone, GroupName: '', Tenancy: 'default' },
    PrivateDnsName: primary.PrivateDnsName,
    PrivateIpAddress: primary.PrivateIpAddress,
    ProductCodes: [],
    PublicDnsName: running && publicIp ? primary.Association?.PublicDnsName : '',
    ...(running && publicIp ? { PublicIpAddress: publicIp } : {}),
    State: running ? { Code: 16, Name: 'running' } : { Code: 80, Name: 'stopped' },
    ...(running ? {} : { StateTransitionReason: 'User initiated (2026-11-20 10:00:00 GMT)' }),
    SubnetId: subnet.SubnetId,
    VpcId: subnet.VpcId,
    Architecture: 'x86_64',
    EbsOptimized: true,
    EnaSupport: true,
    Hypervisor: 'xen',
    NetworkInterfaces: enis.map((eni) => ({
      Attachment: {
        AttachTime: eni.Attachment!.AttachTime,
        AttachmentId: eni.Attachment!.AttachmentId,
        DeleteOnTermination: eni.Attachment!.DeleteOnTermination,
        DeviceIndex: eni.Attachment!.DeviceIndex,
        Status: 'attached',
        NetworkCardIndex: 0,
      },
      Description: eni.Description,
      Groups: eni.Groups,
      Ipv6Addresses: eni.Ipv6Addresses,
      MacAddress: eni.MacAddress,
      NetworkInterfaceId: eni.NetworkInterfaceId,
      OwnerId: eni.OwnerId,
      PrivateDnsName: eni.PrivateDnsName,
      PrivateIpAddress: eni.PrivateIpAddress,
      SourceDestCheck: true,
      Status: 'in-use',
      SubnetId: subnet.SubnetId,
      VpcId: subnet.VpcId,
      InterfaceType: 'interface',
      ...(eni.Association?.PublicIp ? { Association: eni.Association as { PublicIp: string } } : {}),
    })),
    RootDeviceName: '/dev/xvda',
    RootDeviceType: 'ebs',
    SecurityGroups: primary.Groups,
    SourceDestCheck: true,
    Tags: [
      { Key: 'Name', Value: `bench-${instanceId.slice(-6)}` },
      { Key: 'Team', Value: ['payments', 'search', 'platform', 'data'][Math.floor(rand() * 4)]! },
    ],
    VirtualizationType: 'hvm',
    MetadataOptions: { HttpTokens: 'required', HttpEndpoint: 'enabled', State: 'applied' },
  });
}

/** Counts a benchmark reports next to its figures. */
export function countsOf(s: Snapshot): Record<string, number> {
  let rules = 0;
  let naclEntries = 0;
  for (const g of s.securityGroups)
    rules += (g.IpPermissions?.length ?? 0) + (g.IpPermissionsEgress?.length ?? 0);
  for (const a of s.networkAcls) naclEntries += a.Entries?.length ?? 0;
  return {
    vpcs: s.vpcs.length,
    subnets: s.subnets.length,
    routeTables: s.routeTables.length,
    natGateways: s.natGateways.length,
    addresses: s.addresses.length,
    securityGroups: s.securityGroups.length,
    securityGroupRules: rules,
    networkAcls: s.networkAcls.length,
    naclEntries,
    networkInterfaces: s.networkInterfaces.length,
    instances: s.instances.length,
    flowLogs: s.flowLogs.length,
    vpcPeeringConnections: s.vpcPeeringConnections.length,
    transitGateways: s.transitGateways?.length ?? 0,
    transitGatewayAttachments: s.transitGatewayAttachments?.length ?? 0,
    transitGatewayRoutes: (s.transitGatewayRouteTables ?? []).reduce(
      (n, t) => n + (t.Routes?.length ?? 0),
      0,
    ),
    vpnConnections: s.vpnConnections?.length ?? 0,
    vpnGateways: s.vpnGateways?.length ?? 0,
    virtualInterfaces: s.virtualInterfaces?.length ?? 0,
  };
}

export function isSizeName(value: string): value is SizeName {
  return value === 'S' || value === 'M' || value === 'L';
}

/** `tsx bench/generate.ts L [file] [--seed N]`: writes one snapshot (stdout without a file). */
async function cli(argv: string[]): Promise<void> {
  const { writeFileSync } = await import('node:fs');
  const seedAt = argv.indexOf('--seed');
  const seed = seedAt >= 0 ? Number(argv[seedAt + 1]) : DEFAULT_SEED;
  const positional = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--seed');
  const [size = 'S', file] = positional;
  if (!isSizeName(size)) throw new Error(`unknown size ${size}: use S, M or L`);
  const started = performance.now();
  const text = JSON.stringify(generateSnapshot(size, { seed }));
  if (file) {
    writeFileSync(file, text);
    const ms = (performance.now() - started).toFixed(0);
    process.stderr.write(`wrote ${file} (${(text.length / 1e6).toFixed(1)} MB) in ${ms} ms\n`);
  } else process.stdout.write(`${text}\n`);
}

if (require.main === module) {
  cli(process.argv.slice(2)).catch((err: unknown) => {
    process.stderr.write(`${String(err)}\n`);
    process.exitCode = 1;
  });
}
