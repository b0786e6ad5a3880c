import { NetworkBuilder, toIgw, toNat, toPeering, blackhole } from '../support/network-builder';
import { ask, privateBehindNat, trail } from '../support/paths';
import { all, nacl, tcp } from '../support/permissions';
import { publicInstance, withIpv6 } from '../support/reachability';

/*
 * Each case is an answer version 1 got wrong, built from AWS's documented behaviour: the comment above
 * each says which documentation decides it.
 */

describe('NAT gateway: its subnet NACL is crossed twice (AWS: "NAT gateway ... network ACL" recommended rules)', () => {
  it('works through an open NAT subnet, and lists the NAT subnet crossings there and back', () => {
    const { net } = privateBehindNat();
    const answer = ask(net.snapshot(), 'i-db');
    expect(answer.verdict).toBe('works');
    expect(trail(answer)).toEqual([
      'dns vpc-1 PASS',
      'instance i-db PASS',
      'security-group sg-db PASS',
      'network-acl acl-1 PASS',
      'route-table rtb-3 PASS',
      'nat-gateway nat-1 PASS',
      'network-acl acl-1 PASS',
      'network-acl acl-1 PASS',
      'route-table rtb-2 PASS',
      'internet-gateway igw-1 PASS',
      'destination igw-1 PASS',
      'back: network-acl acl-1 PASS',
      'back: network-acl acl-1 PASS',
      'back: network-acl acl-1 PASS',
    ]);
  });

  it('is broken when the NAT subnet NACL denies the request entering it (443 from the private subnet)', () => {
    const { net, vpc, publicSubnet } = privateBehindNat();
    net.networkAcl({
      vpc,
      id: 'acl-nat',
      subnets: [publicSubnet],
      entries: [
        nacl.in(90).deny.tcp(443).from('10.0.1.0/24'),
        nacl.in(100).allow.all().from('0.0.0.0/0'),
        nacl.out(100).allow.all().to('0.0.0.0/0'),
      ],
    });
    const answer = ask(net.snapshot(), 'i-db');
    expect(answer.verdict).toBe('broken');
    expect(answer.brokenHop).toMatchObject({
      kind: 'network-acl',
      resourceId: 'acl-nat',
      direction: 'forward',
    });
    expect(answer.brokenHop?.message).toContain('denies inbound TCP 443 from 10.0.1.10');
  });

  it('is broken when the NAT subnet NACL denies the replies leaving it towards the instance', () => {
    const { net, vpc, publicSubnet } = privateBehindNat();
    net.networkAcl({
      vpc,
      id: 'acl-nat',
      subnets: [publicSubnet],
      entries: [
        nacl.in(100).allow.all().from('0.0.0.0/0'),
        nacl.out(90).deny.all().to('10.0.1.0/24'),
        nacl.out(100).allow.all().to('0.0.0.0/0'),
      ],
    });
    const answer = ask(net.snapshot(), 'i-db');
    expect(answer.verdict).toBe('broken');
    expect(answer.brokenHop).toMatchObject({
      kind: 'network-acl',
      resourceId: 'acl-nat',
      direction: 'return',
    });
    expect(answer.brokenHop?.message).toContain('to 10.0.1.10');
  });

  it('warns, and still works, when the FSBP hardening denies 3389 from the internet in the NAT subnet', () => {
    const { net, vpc, publicSubnet } = privateBehindNat();
    net.networkAcl({
      vpc,
      id: 'acl-nat',
      subnets: [publicSubnet],
      entries: [
        nacl.in(50).deny.tcp(22).from('0.0.0.0/0'),
        nacl.in(60).deny.tcp(3389).from('0.0.0.0/0'),
        nacl.in(100).allow.all().from('0.0.0.0/0'),
        nacl.out(100).allow.all().to('0.0.0.0/0'),
      ],
    });
    const answer = ask(net.snapshot(), 'i-db');
    expect(answer.verdict).toBe('works');
    expect(answer.warnings).toHaveLength(1);
    expect(answer.warnings[0]).toMatchObject({ resourceId: 'acl-nat' });
    expect(answer.warnings[0]!.message).toContain('about 1 in 64,512 connections');
  });

  it('is broken when a NACL admits only part of the NAT ports and more than 1% of replies are lost', () => {
    const { net, vpc, publicSubnet } = privateBehindNat();
    net.networkAcl({
      vpc,
      id: 'acl-nat',
      subnets: [publicSubnet],
      entries: [
        nacl.in(100).allow.tcp(443).from('10.0.0.0/16'),
        nacl.in(110).allow.tcp(32768, 65535).from('0.0.0.0/0'),
        nacl.out(100).allow.all().to('0.0.0.0/0'),
      ],
    });
    const answer = ask(net.snapshot(), 'i-db');
    expect(answer.verdict).toBe('broken');
    expect(answer.brokenHop?.message).toMatch(/1024-32767 of the NAT gateway ports 1024-65535: .*\(49\.2%\)/);
  });
});

describe('public addresses belong to one private address (EC2: "Elastic IP addresses ... secondary private IP")', () => {
  it('does not let the primary address egress on an Elastic IP of a secondary private IP', () => {
    const { net, eni } = publicInstance({ publicIp: null });
    eni.PrivateIpAddresses = [
      { PrivateIpAddress: '10.0.1.10', Primary: true },
      { PrivateIpAddress: '10.0.1.11', Primary: false, Association: { PublicIp: '203.0.113.99' } },
    ];
    const answer = ask(net.snapshot(), 'i-app');
    expect(answer.verdict).toBe('broken');
    expect(answer.brokenHop).toMatchObject({ kind: 'public-address', resourceId: 'eni-1' });
    expect(answer.brokenHop?.message).toContain('203.0.113.99 serves 10.0.1.11 only');
  });
});

describe('IPv6 through an egress-only internet gateway (VPC: "egress-only internet gateways")', () => {
  function ipv6Instance() {
    const net = new NetworkBuilder();
    const vpc = net.vpc({ id: 'vpc-6', cidr: '10.0.0.0/16', ipv6Cidr: '2001:db8:1::/56' });
    const eigw = 'eigw-1';
    net.data.egressOnlyInternetGateways = [
      { EgressOnlyInternetGatewayId: eigw, Attachments: [{ VpcId: 'vpc-6', State: 'attached' }] },
    ];
    const subnet = net.subnet({
      vpc,
      id: 'subnet-6',
      routes: [{ DestinationIpv6CidrBlock: '::/0', EgressOnlyInternetGatewayId: eigw, State: 'active' }],
    });
    // A VPC with IPv6 gets ::/0 entries in its NACLs, as AWS adds them to the default NACL.
    net.networkAcl({
      vpc,
      id: 'acl-6',
      subnets: [subnet],
      entries: [nacl.in(101).allow.all().from('::/0'), nacl.out(101).allow.all().to('::/0')],
    });
    const group = net.securityGroup({ vpc, id: 'sg-6', egress: [all().from('::/0')] });
    const { eni } = net.instance({ subnet, id: 'i-6', groups: [group] });
    withIpv6(eni);
    return { net };
  }

  it('follows ::/0 to the egress-only gateway with --ip-version 6', () => {
    const answer = ask(ipv6Instance().net.snapshot(), 'i-6', { ipVersion: 6 });
    expect(answer.verdict).toBe('works');
    expect(trail(answer)).toContain('egress-only-internet-gateway eigw-1 PASS');
  });

  it('never lets the internet open a connection through it', () => {
    const answer = ask(ipv6Instance().net.snapshot(), 'internet', { destination: 'i-6', ipVersion: 6 });
    expect(answer.verdict).toBe('broken');
  });
});

describe('ephemeral ports follow the instance Platform (EC2: Windows 49152-65535, Linux 32768-60999)', () => {
  function withReplyNacl(platform?: 'windows') {
    const { net, vpc, subnet, instance } = publicInstance();
    if (platform) instance.Platform = platform as 'Windows';
    net.networkAcl({
      vpc,
      id: 'acl-app',
      subnets: [subnet],
      entries: [
        nacl.in(100).allow.tcp(32768, 60999).from('0.0.0.0/0'),
        nacl.out(100).allow.all().to('0.0.0.0/0'),
      ],
    });
    return net.snapshot();
  }

  it('a NACL admitting 32768-60999 serves a Linux instance', () => {
    expect(ask(withReplyNacl(), 'i-app').verdict).toBe('works');
  });

  it('the same NACL loses most replies of a Windows instance', () => {
    const answer = ask(withReplyNacl('windows'), 'i-app');
    expect(answer.verdict).toBe('broken');
    expect(answer.brokenHop).toMatchObject({ kind: 'network-acl', direction: 'return' });
    expect(answer.brokenHop?.message).toContain('61000-65535 of Windows ephemeral ports 49152-65535');
  });
});

describe('the internet as a security group source (RULES.md: two /1 blocks are the internet)', () => {
  it('admits the internet through 0.0.0.0/1 and 128.0.0.0/1', () => {
    const { net } = publicInstance({ ingress: [tcp(22).from('0.0.0.0/1', '128.0.0.0/1')] });
    expect(ask(net.snapshot(), 'internet', { destination: 'i-app', port: 22 }).verdict).toBe('works');
  });

  it('does not take an AWS-managed prefix list (S3) for the internet', () => {
    const { net } = publicInstance({ ingress: [tcp(443).fromPrefixList('pl-s3')] });
    net.data.managedPrefixLists = [
      {
        PrefixListId: 'pl-s3',
        PrefixListName: 'com.amazonaws.us-east-1.s3',
        OwnerId: 'AWS',
        Entries: [{ Cidr: '52.216.0.0/15' }],
      },
    ];
    expect(ask(net.snapshot(), 'internet', { destination: 'i-app' }).verdict).toBe('broken');
  });

  it('is unverifiable, never works or broken, when a prefix list cannot be resolved', () => {
    const { net } = publicInstance({ ingress: [tcp(443).fromPrefixList('pl-unknown')] });
    const answer = ask(net.snapshot(), 'internet', { destination: 'i-app' });
    expect(answer.verdict).toBe('unverifiable');
    expect(answer.unverifiableHop?.message).toContain('prefix list');
  });
});

describe('a route table associated with the internet gateway (VPC: "gateway route tables")', () => {
  function edgeBlackhole() {
    const { net, vpc, igw } = publicInstance({ ingress: [tcp(443).from('0.0.0.0/0')] });
    const edge = net.routeTable({
      vpc,
      id: 'rtb-edge',
      routes: [blackhole({ DestinationCidrBlock: '10.0.1.0/24', NetworkInterfaceId: 'eni-gone' })],
    });
    edge.Associations!.push({ GatewayId: igw.InternetGatewayId, Main: false, RouteTableId: 'rtb-edge' });
    return net.snapshot();
  }

  it('breaks inbound connections when it blackholes the subnet', () => {
    const answer = ask(edgeBlackhole(), 'internet', { destination: 'i-app' });
    expect(answer.brokenHop).toMatchObject({
      kind: 'route-table',
      resourceId: 'rtb-edge',
      direction: 'forward',
    });
  });

  it('breaks the replies of outbound connections as well', () => {
    const answer = ask(edgeBlackhole(), 'i-app');
    expect(answer.brokenHop).toMatchObject({
      kind: 'route-table',
      resourceId: 'rtb-edge',
      direction: 'return',
    });
  });
});

describe('peering and NAT instances as route targets', () => {
  it('never reaches the internet through a default route to a peering connection (no edge-to-edge routing)', () => {
    const net = new NetworkBuilder();
    const a = net.vpc({ id: 'vpc-a', cidr: '10.0.0.0/16' });
    const b = net.vpc({ id: 'vpc-b', cidr: '10.1.0.0/16' });
    net.internetGateway({ vpc: b, id: 'igw-b' });
    const pcx = net.peering({ requester: a, accepter: b, id: 'pcx-1' });
    const subnet = net.subnet({ vpc: a, id: 'subnet-a', routes: [toPeering(pcx, '0.0.0.0/0')] });
    net.instance({ subnet, id: 'i-a', groups: [net.securityGroup({ vpc: a, id: 'sg-a' })] });
    const answer = ask(net.snapshot(), 'i-a');
    expect(answer.brokenHop).toMatchObject({ kind: 'vpc-peering', resourceId: 'pcx-1' });
    expect(answer.brokenHop?.message).toContain('edge-to-edge');
  });

  function natInstance(sourceDestCheck: boolean) {
    const net = new NetworkBuilder();
    const vpc = net.vpc({ id: 'vpc-1', cidr: '10.0.0.0/16' });
    const igw = net.internetGateway({ vpc, id: 'igw-1' });
    const pub = net.subnet({ vpc, id: 'subnet-pub', cidr: '10.0.0.0/24', routes: [toIgw(igw)] });
    const natGroup = net.securityGroup({ vpc, id: 'sg-nat', ingress: [all().from('10.0.0.0/16')] });
    const nat = net.instance({ subnet: pub, id: 'i-nat', groups: [natGroup], publicIp: '203.0.113.50' });
    nat.eni.PrivateIpAddress = '10.0.0.50';
    nat.eni.SourceDestCheck = sourceDestCheck;
    const priv = net.subnet({
      vpc,
      id: 'subnet-priv',
      cidr: '10.0.1.0/24',
      routes: [
        {
          DestinationCidrBlock: '0.0.0.0/0',
          InstanceId: 'i-nat',
          NetworkInterfaceId: nat.eni.NetworkInterfaceId,
          State: 'active',
        },
      ],
    });
    net.instance({ subnet: priv, id: 'i-app', groups: [net.securityGroup({ vpc, id: 'sg-app' })] });
    return net.snapshot();
  }

  it('follows a route to a NAT instance that is running with its source/destination check off', () => {
    const answer = ask(natInstance(false), 'i-app');
    expect(answer.verdict).toBe('works');
    expect(trail(answer)).toContain('nat-instance i-nat PASS');
  });

  it('is broken at a NAT instance that keeps its source/destination check', () => {
    const answer = ask(natInstance(true), 'i-app');
    expect(answer.brokenHop).toMatchObject({ kind: 'nat-instance', resourceId: 'i-nat' });
  });

  it('checks the peer VPC routes the replies back through the same peering', () => {
    const net = new NetworkBuilder();
    const a = net.vpc({ id: 'vpc-a', cidr: '10.0.0.0/16' });
    const b = net.vpc({ id: 'vpc-b', cidr: '10.1.0.0/16' });
    const pcx = net.peering({ requester: a, accepter: b, id: 'pcx-1' });
    const sa = net.subnet({
      vpc: a,
      id: 'subnet-a',
      cidr: '10.0.1.0/24',
      routes: [toPeering(pcx, '10.1.0.0/16')],
    });
    const sb = net.subnet({ vpc: b, id: 'subnet-b', cidr: '10.1.1.0/24', routes: [] });
    net.instance({ subnet: sa, id: 'i-a', groups: [net.securityGroup({ vpc: a, id: 'sg-a' })] });
    const target = net.instance({
      subnet: sb,
      id: 'i-b',
      groups: [net.securityGroup({ vpc: b, id: 'sg-b', ingress: [tcp(5432).from('10.0.0.0/16')] })],
    });
    target.eni.PrivateIpAddress = '10.1.1.20';
    const answer = ask(net.snapshot(), 'i-a', { destination: 'i-b', port: 5432 });
    expect(answer.brokenHop).toMatchObject({ kind: 'route-table', direction: 'return' });
    expect(answer.brokenHop?.message).toContain('asymmetric');
    net.addRoutes(
      net.data.routeTables.find((t) => t.Associations?.some((x) => x.SubnetId === 'subnet-b'))!,
      toPeering(pcx, '10.0.0.0/16'),
    );
    expect(ask(net.snapshot(), 'i-a', { destination: 'i-b', port: 5432 }).verdict).toBe('works');
  });
});

describe('VPC Block Public Access (VPC: "block public access to VPCs and subnets")', () => {
  it('drops internet gateway traffic in block-bidirectional mode', () => {
    const { net } = publicInstance();
    net.data.vpcBlockPublicAccessOptions = {
      State: 'update-complete',
      InternetGatewayBlockMode: 'block-bidirectional',
    };
    expect(ask(net.snapshot(), 'i-app').brokenHop).toMatchObject({ kind: 'block-public-access' });
  });

  it('lets an excluded VPC through', () => {
    const { net } = publicInstance();
    net.data.vpcBlockPublicAccessOptions = {
      State: 'update-complete',
      InternetGatewayBlockMode: 'block-bidirectional',
    };
    net.data.vpcBlockPublicAccessExclusions = [
      {
        ExclusionId: 'exclusion-1',
        InternetGatewayExclusionMode: 'allow-bidirectional',
        ResourceArn: 'arn:aws:ec2:us-east-1:123456789012:vpc/vpc-app',
        State: 'create-complete',
      },
    ];
    expect(ask(net.snapshot(), 'i-app').verdict).toBe('works');
  });

  it('keeps NAT gateway egress in block-ingress mode, and drops inbound connections', () => {
    const { net } = privateBehindNat();
    net.data.vpcBlockPublicAccessOptions = {
      State: 'update-complete',
      InternetGatewayBlockMode: 'block-ingress',
    };
    expect(ask(net.snapshot(), 'i-db').verdict).toBe('works');
    const { net: pub } = publicInstance({ ingress: [tcp(443).from('0.0.0.0/0')] });
    pub.data.vpcBlockPublicAccessOptions = {
      State: 'update-complete',
      InternetGatewayBlockMode: 'block-ingress',
    };
    expect(ask(pub.snapshot(), 'internet', { destination: 'i-app' }).brokenHop).toMatchObject({
      kind: 'block-public-access',
    });
  });

  it('is unverifiable when Block Public Access was not collected', () => {
    const { net } = publicInstance();
    delete net.data.vpcBlockPublicAccessOptions;
    expect(ask(net.snapshot(), 'i-app').verdict).toBe('unverifiable');
  });
});

describe("the administrator's own address (PATHS.md incident 4)", () => {
  it('works from the one address a rule allows', () => {
    const { net } = publicInstance({ ingress: [tcp(22).from('198.51.100.7/32')] });
    const answer = ask(net.snapshot(), '198.51.100.7', { destination: 'i-app', port: 22 });
    expect(answer.verdict).toBe('works');
    expect(answer.source).toMatchObject({ kind: 'public-host', address: '198.51.100.7' });
  });

  it('is broken for "the internet" through a /32, and names the sources it admits', () => {
    const { net } = publicInstance({ ingress: [tcp(22).from('198.51.100.7/32')] });
    const answer = ask(net.snapshot(), 'internet', { destination: 'i-app', port: 22 });
    expect(answer.brokenHop?.kind).toBe('security-group');
    expect(answer.hops.at(-1)?.evidence).toContain('admitted public sources: 198.51.100.7/32');
  });

  it('says that internet clients never have the private range a rule names', () => {
    const { net } = publicInstance({ ingress: [tcp(22).from('192.168.1.0/24')] });
    const answer = ask(net.snapshot(), '198.51.100.7', { destination: 'i-app', port: 22 });
    expect(answer.verdict).toBe('broken');
    expect(answer.hops.at(-1)?.evidence.join(' ')).toContain('internet clients never have such addresses');
  });
});

describe('a missing default route names the gateway that could carry it (PATHS.md incident 8)', () => {
  it('names the NAT gateway for a private instance, and S3 still works through its gateway endpoint', () => {
    const { net, privateSubnet, publicSubnet } = privateBehindNat();
    const table = net.data.routeTables.find((t) =>
      t.Associations?.some((a) => a.SubnetId === privateSubnet.SubnetId),
    )!;
    table.Routes = table.Routes!.filter((r) => r.DestinationCidrBlock !== '0.0.0.0/0');
    table.Routes.push({ DestinationPrefixListId: 'pl-s3', GatewayId: 'vpce-s3', State: 'active' });
    net.data.managedPrefixLists = [
      {
        PrefixListId: 'pl-s3',
        PrefixListName: 'com.amazonaws.us-east-1.s3',
        OwnerId: 'AWS',
        Entries: [{ Cidr: '52.216.0.0/15' }],
      },
    ];
    net.data.vpcEndpoints = [
      {
        VpcEndpointId: 'vpce-s3',
        VpcEndpointType: 'Gateway',
        ServiceName: 'com.amazonaws.us-east-1.s3',
        State: 'Available',
        VpcId: 'vpc-1',
        RouteTableIds: [table.RouteTableId!],
      },
    ];
    void publicSubnet;
    const web = ask(net.snapshot(), 'i-db');
    expect(web.brokenHop).toMatchObject({ kind: 'route-table', resourceId: table.RouteTableId });
    expect(web.brokenHop?.fix).toContain('nat-1');
    const s3 = ask(net.snapshot(), 'i-db', { destination: 'aws:s3' });
    expect(s3.verdict).toBe('works');
    expect(trail(s3)).toContain('vpc-endpoint vpce-s3 PASS');
  });
});

describe('gateways the walk cannot see through', () => {
  function routedToTgw() {
    const net = new NetworkBuilder();
    const vpc = net.vpc({ id: 'vpc-1' });
    const subnet = net.subnet({
      vpc,
      id: 'subnet-1',
      routes: [{ DestinationCidrBlock: '192.168.0.0/16', TransitGatewayId: 'tgw-1', State: 'active' }],
    });
    net.instance({ subnet, id: 'i-1', groups: [net.securityGroup({ vpc, id: 'sg-1' })] });
    return net;
  }
  const office = [{ name: 'office', cidrs: ['192.168.1.0/24'] }];

  it('is unverifiable at a transit gateway whose attachments were not collected, never works', () => {
    const snapshot = routedToTgw().snapshot();
    delete snapshot.transitGatewayVpcAttachments;
    const answer = ask(snapshot, 'i-1', { destination: 'office', port: 3306 }, office);
    expect(answer.verdict).toBe('unverifiable');
    expect(answer.unverifiableHop).toMatchObject({ kind: 'transit-gateway', resourceId: 'tgw-1' });
    expect(answer.destination).toMatchObject({ kind: 'on-premises', network: 'office' });
  });

  it('is broken at a transit gateway the VPC has no attachment to', () => {
    const answer = ask(routedToTgw().snapshot(), 'i-1', { destination: 'office', port: 3306 }, office);
    expect(answer.brokenHop).toMatchObject({ kind: 'transit-gateway-attachment', resourceId: 'tgw-1' });
    expect(answer.brokenHop?.message).toBe('vpc-1 has no attachment to tgw-1: the route leads nowhere');
  });

  it('is broken when the office network is routed nowhere', () => {
    const { net } = publicInstance();
    const answer = ask(net.snapshot(), 'i-app', { destination: '192.168.1.10', port: 3306 }, [
      { name: 'office', cidrs: ['192.168.1.0/24'] },
    ]);
    expect(answer.brokenHop).toMatchObject({ kind: 'route-table' });
    expect(answer.brokenHop?.message).toContain('office');
  });
});

describe('name resolution (DHCP options: a custom DNS server must itself be reachable on UDP and TCP 53)', () => {
  function customDns(serverOpen: boolean) {
    const { net, vpc, publicSubnet } = privateBehindNat();
    vpc.DhcpOptionsId = 'dopt-1';
    net.data.dhcpOptions = [
      {
        DhcpOptionsId: 'dopt-1',
        DhcpConfigurations: [{ Key: 'domain-name-servers', Values: [{ Value: '10.0.0.53' }] }],
      },
    ];
    const dns = net.instance({
      subnet: publicSubnet,
      id: 'i-dns',
      groups: [
        net.securityGroup({
          vpc,
          id: 'sg-dns',
          ingress: serverOpen
            ? [
                tcp(53).from('10.0.0.0/16'),
                { IpProtocol: 'udp', FromPort: 53, ToPort: 53, IpRanges: [{ CidrIp: '10.0.0.0/16' }] },
              ]
            : [],
        }),
      ],
    });
    dns.eni.PrivateIpAddress = '10.0.0.53';
    return net.snapshot();
  }

  it('passes when the custom DNS server is reachable on UDP and TCP 53', () => {
    const answer = ask(customDns(true), 'i-db');
    expect(answer.hops[0]).toMatchObject({ kind: 'dns', resourceId: 'dopt-1', status: 'PASS' });
    expect(answer.warnings).toEqual([]);
  });

  it('warns, naming the hop, when the custom DNS server is not reachable', () => {
    const answer = ask(customDns(false), 'i-db');
    expect(answer.verdict).toBe('works');
    expect(answer.hops[0]).toMatchObject({ kind: 'dns', status: 'WARN' });
    expect(answer.hops[0]!.evidence.join(' ')).toContain(
      '10.0.0.53 on UDP 53: broken at security-group sg-dns',
    );
  });
});

describe('the internal shape', () => {
  it('reports a stopped destination as the endpoint fault', () => {
    const { net, vpc, subnet } = publicInstance();
    const db = net.instance({
      subnet,
      id: 'i-stopped',
      state: 'stopped',
      groups: [net.securityGroup({ vpc, ingress: [tcp(5432).from('10.0.0.0/16')] })],
    });
    db.eni.PrivateIpAddress = '10.0.1.99';
    const answer = ask(net.snapshot(), 'i-app', { destination: 'i-stopped', port: 5432 });
    expect(answer.brokenHop).toMatchObject({ kind: 'instance', resourceId: 'i-stopped' });
    void toNat;
  });
});
