import { twoVpcAccount } from '../collect/account-fixture';
import type { FakeAccount } from '../collect/fake-account';

export interface HybridFaults {
  /** A static blackhole route in the transit gateway's route table (TGW.1). */
  blackhole?: boolean;
  /** Tunnel states of the VPN connection: both DOWN is VPN.1, one DOWN is VPN.2. */
  tunnels?: ['UP' | 'DOWN', 'UP' | 'DOWN'];
}

/**
 * The two-VPC member network with a hybrid side, as the EC2, Direct Connect and Network Firewall APIs
 * return it: a transit gateway with vpc-1 attached and a VPN attachment to the data centre, the route
 * table's routes, association and propagation (asked for per table), a virtual private gateway on vpc-2
 * with its own VPN and a Direct Connect gateway and interface, and an inspection firewall. Every version 2
 * list the collector reads has something in it, so every call it makes for them is made.
 */
export function hybridAccount(faults: HybridFaults = {}): FakeAccount {
  const account = twoVpcAccount();
  const tunnels = faults.tunnels ?? ['UP', 'UP'];
  const tgwAttachment = { TransitGatewayAttachmentId: 'tgw-attach-vpc1', ResourceType: 'vpc' as const };
  const vpnAttachment = { TransitGatewayAttachmentId: 'tgw-attach-vpn1', ResourceType: 'vpn' as const };
  return {
    ...account,
    managedPrefixLists: [{ PrefixListId: 'pl-s3', PrefixListName: 'com.amazonaws.us-east-1.s3' }],
    prefixListEntries: { 'pl-s3': [{ Cidr: '52.216.0.0/15' }] },
    vpcEndpoints: [{ VpcEndpointId: 'vpce-s3', VpcId: 'vpc-1', VpcEndpointType: 'Gateway' }],
    egressOnlyInternetGateways: [{ EgressOnlyInternetGatewayId: 'eigw-1', Attachments: [] }],
    vpcBlockPublicAccessOptions: { State: 'default-state', InternetGatewayBlockMode: 'off' },
    vpcBlockPublicAccessExclusions: [
      { ExclusionId: 'vpcbpa-exclude-1', ResourceArn: 'arn:aws:ec2::vpc/vpc-1' },
    ],
    dhcpOptions: [{ DhcpOptionsId: 'dopt-1' }],
    transitGateways: [
      { TransitGatewayId: 'tgw-1', State: 'available', Options: { AutoAcceptSharedAttachments: 'disable' } },
    ],
    transitGatewayAttachments: [
      { ...tgwAttachment, TransitGatewayId: 'tgw-1', ResourceId: 'vpc-1', State: 'available' },
      { ...vpnAttachment, TransitGatewayId: 'tgw-1', ResourceId: 'vpn-tgw', State: 'available' },
    ],
    transitGatewayVpcAttachments: [
      {
        TransitGatewayAttachmentId: 'tgw-attach-vpc1',
        TransitGatewayId: 'tgw-1',
        VpcId: 'vpc-1',
        SubnetIds: ['subnet-a'],
        State: 'available',
      },
    ],
    transitGatewayPeeringAttachments: [{ TransitGatewayAttachmentId: 'tgw-attach-peer', State: 'available' }],
    transitGatewayRouteTables: [{ TransitGatewayRouteTableId: 'tgw-rtb-1', TransitGatewayId: 'tgw-1' }],
    transitGatewayRoutes: {
      'tgw-rtb-1': [
        {
          DestinationCidrBlock: '192.168.0.0/16',
          Type: 'propagated',
          State: 'active',
          TransitGatewayAttachments: [{ ...vpnAttachment, ResourceId: 'vpn-tgw' }],
        },
        {
          DestinationCidrBlock: '10.0.0.0/16',
          Type: 'propagated',
          State: 'active',
          TransitGatewayAttachments: [{ ...tgwAttachment, ResourceId: 'vpc-1' }],
        },
        ...(faults.blackhole
          ? [{ DestinationCidrBlock: '172.31.0.0/16', Type: 'static' as const, State: 'blackhole' as const }]
          : []),
      ],
    },
    transitGatewayAssociations: {
      'tgw-rtb-1': [
        { ...tgwAttachment, ResourceId: 'vpc-1', State: 'associated' },
        { ...vpnAttachment, ResourceId: 'vpn-tgw', State: 'associated' },
      ],
    },
    transitGatewayPropagations: {
      'tgw-rtb-1': [
        { ...tgwAttachment, ResourceId: 'vpc-1', State: 'enabled' },
        { ...vpnAttachment, ResourceId: 'vpn-tgw', State: 'enabled' },
      ],
    },
    vpnGateways: [
      { VpnGatewayId: 'vgw-1', State: 'available', VpcAttachments: [{ VpcId: 'vpc-2', State: 'attached' }] },
    ],
    vpnConnections: [
      {
        VpnConnectionId: 'vpn-tgw',
        TransitGatewayId: 'tgw-1',
        CustomerGatewayId: 'cgw-1',
        State: 'available',
        Type: 'ipsec.1',
        VgwTelemetry: tunnels.map((Status, i) => ({ OutsideIpAddress: `203.0.113.${i + 1}`, Status })),
      },
      {
        VpnConnectionId: 'vpn-vgw',
        VpnGatewayId: 'vgw-1',
        CustomerGatewayId: 'cgw-1',
        State: 'available',
        Type: 'ipsec.1',
        VgwTelemetry: [
          { OutsideIpAddress: '203.0.113.11', Status: 'UP' },
          { OutsideIpAddress: '203.0.113.12', Status: 'UP' },
        ],
      },
    ],
    customerGateways: [{ CustomerGatewayId: 'cgw-1', State: 'available', IpAddress: '198.51.100.10' }],
    directConnectGateways: [
      {
        directConnectGatewayId: '5f294f92-bafb-4011-916d-000000000001',
        directConnectGatewayState: 'available',
      },
    ],
    directConnectGatewayAssociations: [
      {
        associationId: '5f294f92-bafb-4011-916d-000000000002',
        directConnectGatewayId: '5f294f92-bafb-4011-916d-000000000001',
        associationState: 'associated',
        associatedGateway: { id: 'vgw-1', type: 'virtualPrivateGateway' },
      },
    ],
    virtualInterfaces: [
      {
        virtualInterfaceId: 'dxvif-1',
        virtualInterfaceState: 'available',
        directConnectGatewayId: '5f294f92-bafb-4011-916d-000000000001',
        bgpPeers: [{ bgpPeerId: 'dxpeer-1', bgpPeerState: 'available', bgpStatus: 'up' }],
      },
    ],
    networkFirewalls: [
      {
        FirewallName: 'inspection',
        FirewallArn: 'arn:aws:network-firewall:us-east-1:111111111111:firewall/inspection',
        FirewallPolicyArn: 'arn:aws:network-firewall:us-east-1:111111111111:firewall-policy/p',
        VpcId: 'vpc-2',
        SubnetMappings: [{ SubnetId: 'subnet-c' }],
        FirewallId: 'fw-1',
        FirewallStatus: { Status: 'READY', ConfigurationSyncStateSummary: 'IN_SYNC' },
      },
    ],
  };
}
