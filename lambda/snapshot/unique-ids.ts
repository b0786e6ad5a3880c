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

/**
 * Tells whether an id was seen before in a list. NetAudit's collector writes every list sorted by id, and
 * in a strictly ascending run each id needs comparing with the previous one only: no hashing of 100,000
 * strings. The first id out of order switches to a set of every id so far.
 */
export class SeenIds {
  private readonly ascending: string[] = [];
  private all: Set<string> | undefined;

  /** Adds an id; false when it was already there. */
  add(id: string): boolean {
    if (this.all) {
      const size = this.all.size;
      return this.all.add(id).size > size;
    }
    const previous = this.ascending[this.ascending.length - 1];
    if (previous === undefined || previous < id) {
      this.ascending.push(id);
      return true;
    }
    if (previous === id) return false;
    this.all = new Set(this.ascending);
    return this.add(id);
  }
}
