/**
 * The version 2 lists of one small network as the services put them on the wire: EC2 query XML (AWS's
 * own element names), Direct Connect and Network Firewall JSON. The real SDK parses these in
 * sdk-transport.test.ts, so a wrong shape there is a wrong shape here, not a mocked-away one.
 */

export const EC2_NS = 'http://ec2.amazonaws.com/doc/2016-11-15/';
export const FIREWALL_ARN = 'arn:aws:network-firewall:us-east-1:123456789012:firewall/inspection';

/** `<name>…</name>`: arrays become `<item>` lists, objects nest, the rest is text. */
export function xml(name: string, value: unknown): string {
  if (Array.isArray(value)) return `<${name}>${value.map((v) => xml('item', v)).join('')}</${name}>`;
  if (value !== null && typeof value === 'object') {
    const inner = Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => xml(k, v))
      .join('');
    return `<${name}>${inner}</${name}>`;
  }
  return `<${name}>${String(value)}</${name}>`;
}

export function ec2Response(action: string, members: Record<string, unknown>): string {
  const body = Object.entries(members)
    .map(([k, v]) => xml(k, v))
    .join('');
  return `<${action}Response xmlns="${EC2_NS}"><requestId>r</requestId>${body}</${action}Response>`;
}

/** The EC2 version 2 answers, by action. */
export const V2_EC2: Record<string, Record<string, unknown>> = {
  DescribeManagedPrefixLists: {
    prefixListSet: [
      {
        prefixListId: 'pl-1',
        prefixListName: 'corp',
        addressFamily: 'IPv4',
        state: 'create-complete',
        maxEntries: '5',
        version: '2',
      },
    ],
  },
  GetManagedPrefixListEntries: {
    entrySet: [{ cidr: '192.168.0.0/16', description: 'office' }, { cidr: '172.16.0.0/12' }],
  },
  DescribeVpcEndpoints: {
    vpcEndpointSet: [
      {
        vpcEndpointId: 'vpce-1',
        vpcEndpointType: 'Gateway',
        vpcId: 'vpc-1',
        serviceName: 'com.amazonaws.us-east-1.s3',
        state: 'available',
        routeTableIdSet: ['rtb-1'],
      },
    ],
  },
  DescribeEgressOnlyInternetGateways: {
    egressOnlyInternetGatewaySet: [
      { egressOnlyInternetGatewayId: 'eigw-1', attachmentSet: [{ state: 'attached', vpcId: 'vpc-1' }] },
    ],
  },
  DescribeVpcBlockPublicAccessOptions: {
    vpcBlockPublicAccessOptions: {
      awsAccountId: '123456789012',
      awsRegion: 'us-east-1',
      state: 'update-complete',
      internetGatewayBlockMode: 'block-bidirectional',
    },
  },
  DescribeVpcBlockPublicAccessExclusions: {
    vpcBlockPublicAccessExclusionSet: [
      {
        exclusionId: 'vpcbpa-exclude-1',
        internetGatewayExclusionMode: 'allow-egress',
        resourceArn: 'arn:aws:ec2:us-east-1:123456789012:vpc/vpc-1',
        state: 'create-complete',
      },
    ],
  },
  DescribeDhcpOptions: {
    dhcpOptionsSet: [
      {
        dhcpOptionsId: 'dopt-1',
        dhcpConfigurationSet: [{ key: 'domain-name-servers', valueSet: [{ value: 'AmazonProvidedDNS' }] }],
      },
    ],
  },
  DescribeTransitGateways: {
    transitGatewaySet: [{ transitGatewayId: 'tgw-1', state: 'available' }],
  },
  DescribeTransitGatewayAttachments: {
    transitGatewayAttachments: [
      {
        transitGatewayAttachmentId: 'tgw-attach-1',
        transitGatewayId: 'tgw-1',
        resourceType: 'vpc',
        resourceId: 'vpc-1',
        state: 'available',
      },
    ],
  },
  DescribeTransitGatewayVpcAttachments: {
    transitGatewayVpcAttachments: [
      {
        transitGatewayAttachmentId: 'tgw-attach-1',
        transitGatewayId: 'tgw-1',
        vpcId: 'vpc-1',
        subnetIds: ['subnet-1'],
        state: 'available',
      },
    ],
  },
  DescribeTransitGatewayPeeringAttachments: {
    transitGatewayPeeringAttachments: [{ transitGatewayAttachmentId: 'tgw-attach-2', state: 'available' }],
  },
  DescribeTransitGatewayRouteTables: {
    transitGatewayRouteTables: [{ transitGatewayRouteTableId: 'tgw-rtb-1', transitGatewayId: 'tgw-1' }],
  },
  SearchTransitGatewayRoutes: {
    routeSet: [
      {
        destinationCidrBlock: '10.0.0.0/16',
        type: 'propagated',
        state: 'active',
        transitGatewayAttachments: [
          { resourceId: 'vpc-1', transitGatewayAttachmentId: 'tgw-attach-1', resourceType: 'vpc' },
        ],
      },
    ],
    additionalRoutesAvailable: 'false',
  },
  GetTransitGatewayRouteTableAssociations: {
    associations: [
      {
        transitGatewayAttachmentId: 'tgw-attach-1',
        resourceId: 'vpc-1',
        resourceType: 'vpc',
        state: 'associated',
      },
    ],
  },
  GetTransitGatewayRouteTablePropagations: {
    transitGatewayRouteTablePropagations: [
      {
        transitGatewayAttachmentId: 'tgw-attach-1',
        resourceId: 'vpc-1',
        resourceType: 'vpc',
        state: 'enabled',
      },
    ],
  },
  DescribeVpnGateways: {
    vpnGatewaySet: [
      {
        vpnGatewayId: 'vgw-1',
        state: 'available',
        type: 'ipsec.1',
        attachments: [{ vpcId: 'vpc-1', state: 'attached' }],
      },
    ],
  },
  DescribeVpnConnections: {
    vpnConnectionSet: [
      {
        vpnConnectionId: 'vpn-1',
        customerGatewayId: 'cgw-1',
        vpnGatewayId: 'vgw-1',
        state: 'available',
        type: 'ipsec.1',
        vgwTelemetry: [
          { outsideIpAddress: '203.0.113.1', status: 'UP', acceptedRouteCount: '2' },
          { outsideIpAddress: '203.0.113.2', status: 'DOWN', acceptedRouteCount: '0' },
        ],
      },
    ],
  },
  DescribeCustomerGateways: {
    customerGatewaySet: [
      { customerGatewayId: 'cgw-1', ipAddress: '198.51.100.7', bgpAsn: '65000', state: 'available' },
    ],
  },
};

/** The Direct Connect and Network Firewall answers, by operation. */
export const V2_JSON: Record<string, unknown> = {
  DescribeDirectConnectGateways: {
    directConnectGateways: [
      {
        directConnectGatewayId: 'dxgw-1',
        directConnectGatewayName: 'onprem',
        amazonSideAsn: 64512,
        directConnectGatewayState: 'available',
      },
    ],
  },
  DescribeDirectConnectGatewayAssociations: {
    directConnectGatewayAssociations: [
      {
        associationId: 'dxgw-assoc-1',
        directConnectGatewayId: 'dxgw-1',
        associatedGateway: { id: 'tgw-1', type: 'transitGateway' },
        associationState: 'associated',
        allowedPrefixesToDirectConnectGateway: [{ cidr: '10.0.0.0/16' }],
      },
    ],
  },
  DescribeVirtualInterfaces: {
    virtualInterfaces: [
      {
        virtualInterfaceId: 'dxvif-1',
        virtualInterfaceType: 'transit',
        virtualInterfaceState: 'available',
        directConnectGatewayId: 'dxgw-1',
        bgpPeers: [{ bgpPeerId: 'dxpeer-1', bgpStatus: 'up' }],
      },
    ],
  },
  ListFirewalls: { Firewalls: [{ FirewallName: 'inspection', FirewallArn: FIREWALL_ARN }] },
  DescribeFirewall: {
    UpdateToken: 'token',
    Firewall: {
      FirewallName: 'inspection',
      FirewallArn: FIREWALL_ARN,
      FirewallPolicyArn: 'arn:aws:network-firewall:us-east-1:123456789012:firewall-policy/strict',
      VpcId: 'vpc-1',
      SubnetMappings: [{ SubnetId: 'subnet-1' }],
      FirewallId: 'fw-1',
    },
    FirewallStatus: {
      Status: 'READY',
      ConfigurationSyncStateSummary: 'IN_SYNC',
      SyncStates: {
        'us-east-1a': { Attachment: { SubnetId: 'subnet-1', EndpointId: 'vpce-fw', Status: 'READY' } },
      },
    },
  },
};
