import type { ItemOf, Lists } from './item-checks';

/**
 * The field that identifies an item of each list. The index keeps one item per id, so a second copy would
 * silently replace the first (a group open to the internet hidden by a closed copy): a load refuses it.
 * Lists without one (errors, Direct Connect associations) may repeat items.
 */
export const UNIQUE_ID: { [L in keyof Lists]?: keyof ItemOf<L> & string } = {
  vpcs: 'VpcId',
  subnets: 'SubnetId',
  routeTables: 'RouteTableId',
  internetGateways: 'InternetGatewayId',
  natGateways: 'NatGatewayId',
  addresses: 'AllocationId',
  securityGroups: 'GroupId',
  networkAcls: 'NetworkAclId',
  networkInterfaces: 'NetworkInterfaceId',
  instances: 'InstanceId',
  flowLogs: 'FlowLogId',
  vpcPeeringConnections: 'VpcPeeringConnectionId',
  staleSecurityGroups: 'GroupId',
  managedPrefixLists: 'PrefixListId',
  vpcEndpoints: 'VpcEndpointId',
  egressOnlyInternetGateways: 'EgressOnlyInternetGatewayId',
  vpcBlockPublicAccessExclusions: 'ExclusionId',
  dhcpOptions: 'DhcpOptionsId',
  transitGateways: 'TransitGatewayId',
  transitGatewayAttachments: 'TransitGatewayAttachmentId',
  transitGatewayVpcAttachments: 'TransitGatewayAttachmentId',
  transitGatewayPeeringAttachments: 'TransitGatewayAttachmentId',
  transitGatewayRouteTables: 'TransitGatewayRouteTableId',
  vpnGateways: 'VpnGatewayId',
  vpnConnections: 'VpnConnectionId',
  customerGateways: 'CustomerGatewayId',
  directConnectGateways: 'directConnectGatewayId',
  virtualInterfaces: 'virtualInterfaceId',
  networkFirewalls: 'FirewallArn',
};
