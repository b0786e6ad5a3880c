import { Match, type EventPattern } from 'aws-cdk-lib/aws-events';

/**
 * The EC2 API calls that change what can reach what: each one can open or close a path, or change what a
 * rule would say about it. Names are EC2 API operation names exactly as CloudTrail records them.
 */
export const POSTURE_CHANGING_EC2_CALLS: readonly string[] = [
  // Security groups and their rules.
  'AuthorizeSecurityGroupIngress',
  'AuthorizeSecurityGroupEgress',
  'RevokeSecurityGroupIngress',
  'RevokeSecurityGroupEgress',
  'ModifySecurityGroupRules',
  'CreateSecurityGroup',
  'DeleteSecurityGroup',
  // Swapping the groups on an interface (or an instance) changes exposure as much as editing a rule does.
  'ModifyNetworkInterfaceAttribute',
  'ModifyInstanceAttribute',
  // A new or restarted instance may be exposed (NET.1) or cut off (NET.2) from its first minute.
  'RunInstances',
  'StartInstances',
  // Routes and route table associations.
  'CreateRoute',
  'ReplaceRoute',
  'DeleteRoute',
  'CreateRouteTable',
  'DeleteRouteTable',
  'AssociateRouteTable',
  'DisassociateRouteTable',
  'ReplaceRouteTableAssociation',
  // Network ACLs.
  'CreateNetworkAcl',
  'DeleteNetworkAcl',
  'CreateNetworkAclEntry',
  'ReplaceNetworkAclEntry',
  'DeleteNetworkAclEntry',
  'ReplaceNetworkAclAssociation',
  // Elastic IP addresses.
  'AllocateAddress',
  'AssociateAddress',
  'DisassociateAddress',
  'ReleaseAddress',
  // Gateways.
  'CreateNatGateway',
  'DeleteNatGateway',
  'AssociateNatGatewayAddress',
  'DisassociateNatGatewayAddress',
  'AttachInternetGateway',
  'DetachInternetGateway',
  // Peering.
  'CreateVpcPeeringConnection',
  'AcceptVpcPeeringConnection',
  'DeleteVpcPeeringConnection',
  // Flow logs, DNS attributes and public IP assignment.
  'CreateFlowLogs',
  'DeleteFlowLogs',
  'ModifyVpcAttribute',
  'ModifySubnetAttribute',
];

/**
 * Matches successful posture-changing EC2 calls recorded by CloudTrail. A call that failed (it has an
 * errorCode) changed nothing, so it does not start an audit.
 */
export function postureChangePattern(): EventPattern {
  return {
    source: ['aws.ec2'],
    detailType: ['AWS API Call via CloudTrail'],
    detail: {
      eventSource: ['ec2.amazonaws.com'],
      eventName: [...POSTURE_CHANGING_EC2_CALLS],
      errorCode: Match.doesNotExist(),
    },
  };
}
