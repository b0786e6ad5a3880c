import { z } from 'zod';
import { AWS_REGION_PATTERN } from '../aws/arn';

/*
 * Validation of the Snapshot format. Only what NetAudit reads is checked (ids, and the fields rules
 * compute on); every other AWS field is kept as it is (loose objects), so a newer API shape never breaks
 * a load.
 */
const id = z.string().min(1);
const str = z.string();
const num = z.number();
const bool = z.boolean();
const tags = z.array(z.looseObject({ Key: str.optional(), Value: str.optional() })).optional();

const ipPermission = z.looseObject({
  IpProtocol: str,
  FromPort: num.optional(),
  ToPort: num.optional(),
  IpRanges: z.array(z.looseObject({ CidrIp: str.optional() })).optional(),
  Ipv6Ranges: z.array(z.looseObject({ CidrIpv6: str.optional() })).optional(),
  PrefixListIds: z.array(z.looseObject({ PrefixListId: str.optional() })).optional(),
  UserIdGroupPairs: z.array(z.looseObject({ GroupId: str.optional() })).optional(),
});

const route = z.looseObject({
  DestinationCidrBlock: str.optional(),
  DestinationIpv6CidrBlock: str.optional(),
  DestinationPrefixListId: str.optional(),
  GatewayId: str.optional(),
  NatGatewayId: str.optional(),
  VpcPeeringConnectionId: str.optional(),
  State: str.optional(),
});

const naclEntry = z.looseObject({
  RuleNumber: num,
  Egress: bool,
  Protocol: str,
  RuleAction: z.enum(['allow', 'deny']),
  CidrBlock: str.optional(),
  Ipv6CidrBlock: str.optional(),
  PortRange: z.looseObject({ From: num.optional(), To: num.optional() }).optional(),
});

const peeringVpcInfo = z.looseObject({ VpcId: str.optional(), CidrBlock: str.optional() }).optional();

export const snapshotSchema = z.looseObject({
  schemaVersion: z.literal(1, {
    error: (issue) =>
      issue.input === undefined ? 'required' : 'this NetAudit reads schemaVersion 1 snapshots',
  }),
  accountId: z.string().regex(/^\d{12}$/, 'must be a 12-digit AWS account id'),
  region: z.string().regex(AWS_REGION_PATTERN, 'must be an AWS region such as us-east-1'),
  collectedAt: z.iso.datetime({ offset: true }),
  scope: z.looseObject({ vpcIds: z.array(id).optional() }).optional(),
  vpcs: z.array(
    z.looseObject({
      VpcId: id,
      CidrBlock: str.optional(),
      CidrBlockAssociationSet: z.array(z.looseObject({ CidrBlock: str.optional() })).optional(),
      IsDefault: bool.optional(),
      Tags: tags,
    }),
  ),
  vpcAttributes: z.record(
    z.string(),
    z.looseObject({ EnableDnsSupport: bool.optional(), EnableDnsHostnames: bool.optional() }),
  ),
  subnets: z.array(
    z.looseObject({
      SubnetId: id,
      VpcId: id,
      CidrBlock: str.optional(),
      AvailabilityZone: str.optional(),
      MapPublicIpOnLaunch: bool.optional(),
      Tags: tags,
    }),
  ),
  routeTables: z.array(
    z.looseObject({
      RouteTableId: id,
      VpcId: id,
      Routes: z.array(route).optional(),
      Associations: z
        .array(z.looseObject({ Main: bool.optional(), SubnetId: str.optional(), GatewayId: str.optional() }))
        .optional(),
      Tags: tags,
    }),
  ),
  internetGateways: z.array(
    z.looseObject({
      InternetGatewayId: id,
      Attachments: z.array(z.looseObject({ VpcId: str.optional(), State: str.optional() })).optional(),
      Tags: tags,
    }),
  ),
  natGateways: z.array(
    z.looseObject({
      NatGatewayId: id,
      VpcId: str.optional(),
      SubnetId: str.optional(),
      State: str.optional(),
      ConnectivityType: str.optional(),
      NatGatewayAddresses: z
        .array(z.looseObject({ PublicIp: str.optional(), AllocationId: str.optional() }))
        .optional(),
      Tags: tags,
    }),
  ),
  addresses: z.array(
    z.looseObject({
      PublicIp: str.optional(),
      AllocationId: str.optional(),
      AssociationId: str.optional(),
      InstanceId: str.optional(),
      NetworkInterfaceId: str.optional(),
      Tags: tags,
    }),
  ),
  securityGroups: z.array(
    z.looseObject({
      GroupId: id,
      GroupName: str.optional(),
      VpcId: str.optional(),
      IpPermissions: z.array(ipPermission).optional(),
      IpPermissionsEgress: z.array(ipPermission).optional(),
      Tags: tags,
    }),
  ),
  networkAcls: z.array(
    z.looseObject({
      NetworkAclId: id,
      VpcId: id,
      IsDefault: bool.optional(),
      Entries: z.array(naclEntry).optional(),
      Associations: z.array(z.looseObject({ SubnetId: str.optional() })).optional(),
      Tags: tags,
    }),
  ),
  networkInterfaces: z.array(
    z.looseObject({
      NetworkInterfaceId: id,
      SubnetId: str.optional(),
      VpcId: str.optional(),
      Groups: z.array(z.looseObject({ GroupId: str.optional() })).optional(),
      Association: z.looseObject({ PublicIp: str.optional(), AllocationId: str.optional() }).optional(),
      Attachment: z.looseObject({ InstanceId: str.optional() }).optional(),
      TagSet: tags,
    }),
  ),
  instances: z.array(
    z.looseObject({
      InstanceId: id,
      State: z.looseObject({ Name: str.optional() }).optional(),
      SubnetId: str.optional(),
      VpcId: str.optional(),
      PublicIpAddress: str.optional(),
      NetworkInterfaces: z.array(z.looseObject({ NetworkInterfaceId: str.optional() })).optional(),
      Tags: tags,
    }),
  ),
  flowLogs: z.array(
    z.looseObject({
      FlowLogId: id,
      ResourceId: str.optional(),
      FlowLogStatus: str.optional(),
      DeliverLogsStatus: str.optional(),
    }),
  ),
  vpcPeeringConnections: z.array(
    z.looseObject({
      VpcPeeringConnectionId: id,
      AccepterVpcInfo: peeringVpcInfo,
      RequesterVpcInfo: peeringVpcInfo,
      Status: z.looseObject({ Code: str.optional(), Message: str.optional() }).optional(),
      Tags: tags,
    }),
  ),
  staleSecurityGroups: z.array(z.looseObject({ GroupId: id, VpcId: str.optional() })),
  // Version 2 additions: optional, since a list absent from a file was not collected.
  managedPrefixLists: z
    .array(
      z.looseObject({
        PrefixListId: id,
        AddressFamily: str.optional(),
        PrefixListName: str.optional(),
        OwnerId: str.optional(),
        Entries: z.array(z.looseObject({ Cidr: str.optional() })).optional(),
      }),
    )
    .optional(),
  vpcEndpoints: z
    .array(
      z.looseObject({
        VpcEndpointId: id,
        VpcEndpointType: str.optional(),
        VpcId: str.optional(),
        ServiceName: str.optional(),
        State: str.optional(),
        RouteTableIds: z.array(str).optional(),
        SubnetIds: z.array(str).optional(),
        Groups: z.array(z.looseObject({ GroupId: str.optional() })).optional(),
        NetworkInterfaceIds: z.array(str).optional(),
        PrivateDnsEnabled: bool.optional(),
      }),
    )
    .optional(),
  egressOnlyInternetGateways: z
    .array(
      z.looseObject({
        EgressOnlyInternetGatewayId: id,
        Attachments: z.array(z.looseObject({ VpcId: str.optional(), State: str.optional() })).optional(),
      }),
    )
    .optional(),
  vpcBlockPublicAccessOptions: z
    .looseObject({ State: str.optional(), InternetGatewayBlockMode: str.optional() })
    .optional(),
  vpcBlockPublicAccessExclusions: z
    .array(
      z.looseObject({
        ExclusionId: id,
        InternetGatewayExclusionMode: str.optional(),
        ResourceArn: str.optional(),
        State: str.optional(),
      }),
    )
    .optional(),
  dhcpOptions: z
    .array(
      z.looseObject({
        DhcpOptionsId: id,
        DhcpConfigurations: z
          .array(
            z.looseObject({
              Key: str.optional(),
              Values: z.array(z.looseObject({ Value: str.optional() })).optional(),
            }),
          )
          .optional(),
      }),
    )
    .optional(),
  transitGateways: z.array(z.looseObject({ TransitGatewayId: id, State: str.optional() })).optional(),
  transitGatewayAttachments: z
    .array(
      z.looseObject({
        TransitGatewayAttachmentId: id,
        TransitGatewayId: str.optional(),
        ResourceType: str.optional(),
        ResourceId: str.optional(),
        State: str.optional(),
      }),
    )
    .optional(),
  transitGatewayVpcAttachments: z
    .array(
      z.looseObject({
        TransitGatewayAttachmentId: id,
        TransitGatewayId: str.optional(),
        VpcId: str.optional(),
        SubnetIds: z.array(str).optional(),
        State: str.optional(),
      }),
    )
    .optional(),
  transitGatewayPeeringAttachments: z
    .array(z.looseObject({ TransitGatewayAttachmentId: id, State: str.optional() }))
    .optional(),
  transitGatewayRouteTables: z
    .array(
      z.looseObject({
        TransitGatewayRouteTableId: id,
        TransitGatewayId: str.optional(),
        Routes: z
          .array(
            z.looseObject({
              DestinationCidrBlock: str.optional(),
              PrefixListId: str.optional(),
              State: str.optional(),
              Type: str.optional(),
            }),
          )
          .optional(),
        Associations: z.array(z.looseObject({ TransitGatewayAttachmentId: str.optional() })).optional(),
        Propagations: z.array(z.looseObject({ TransitGatewayAttachmentId: str.optional() })).optional(),
      }),
    )
    .optional(),
  vpnGateways: z
    .array(
      z.looseObject({
        VpnGatewayId: id,
        State: str.optional(),
        VpcAttachments: z.array(z.looseObject({ VpcId: str.optional(), State: str.optional() })).optional(),
      }),
    )
    .optional(),
  vpnConnections: z
    .array(
      z.looseObject({
        VpnConnectionId: id,
        State: str.optional(),
        VpnGatewayId: str.optional(),
        TransitGatewayId: str.optional(),
        CustomerGatewayId: str.optional(),
        VgwTelemetry: z.array(z.looseObject({ Status: str.optional() })).optional(),
        Routes: z.array(z.looseObject({ DestinationCidrBlock: str.optional() })).optional(),
      }),
    )
    .optional(),
  customerGateways: z.array(z.looseObject({ CustomerGatewayId: id, State: str.optional() })).optional(),
  directConnectGateways: z
    .array(z.looseObject({ directConnectGatewayId: id, directConnectGatewayState: str.optional() }))
    .optional(),
  directConnectGatewayAssociations: z
    .array(
      z.looseObject({
        directConnectGatewayId: str.optional(),
        associationState: str.optional(),
        associatedGateway: z.looseObject({ id: str.optional(), type: str.optional() }).optional(),
      }),
    )
    .optional(),
  virtualInterfaces: z
    .array(
      z.looseObject({
        virtualInterfaceId: id,
        virtualInterfaceState: str.optional(),
        bgpPeers: z.array(z.looseObject({ bgpStatus: str.optional() })).optional(),
      }),
    )
    .optional(),
  networkFirewalls: z
    .array(
      z.looseObject({
        FirewallArn: str.optional(),
        FirewallName: str.optional(),
        VpcId: str.optional(),
        FirewallStatus: z.looseObject({ Status: str.optional() }).optional(),
      }),
    )
    .optional(),
  errors: z.array(z.looseObject({ api: id, code: str, message: str, vpcId: str.optional() })),
});
