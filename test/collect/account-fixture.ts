import type { AttachmentStatus } from '@aws-sdk/client-ec2';
import type { FakeAccount } from './fake-account';

/** What DescribeInternetGateways reports for a working attachment, though the SDK's enum says 'attached'. */
const AVAILABLE = 'available' as AttachmentStatus;

/**
 * Two VPCs with one of everything, listed out of order, with the API's quirks: an empty `Association: {}`
 * on an interface without a public IP, timestamps as Dates (as the SDK returns them), reservations
 * holding several instances, peerings in either direction.
 */
export function twoVpcAccount(): FakeAccount {
  return {
    vpcs: [
      { VpcId: 'vpc-2', CidrBlock: '10.1.0.0/16', IsDefault: false, State: 'available' },
      { VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16', IsDefault: false, State: 'available' },
    ],
    vpcAttributes: {
      'vpc-1': { EnableDnsSupport: true, EnableDnsHostnames: true },
      'vpc-2': { EnableDnsSupport: true, EnableDnsHostnames: false },
    },
    subnets: [
      { SubnetId: 'subnet-b', VpcId: 'vpc-1', CidrBlock: '10.0.2.0/24', MapPublicIpOnLaunch: false },
      { SubnetId: 'subnet-a', VpcId: 'vpc-1', CidrBlock: '10.0.1.0/24', MapPublicIpOnLaunch: true },
      { SubnetId: 'subnet-c', VpcId: 'vpc-2', CidrBlock: '10.1.1.0/24', MapPublicIpOnLaunch: false },
    ],
    routeTables: [
      {
        RouteTableId: 'rtb-2',
        VpcId: 'vpc-2',
        Routes: [{ DestinationCidrBlock: '10.1.0.0/16', GatewayId: 'local', State: 'active' }],
        Associations: [{ Main: true, RouteTableAssociationId: 'rtbassoc-2' }],
      },
      {
        RouteTableId: 'rtb-1',
        VpcId: 'vpc-1',
        Routes: [
          { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active' },
          { DestinationCidrBlock: '0.0.0.0/0', GatewayId: 'igw-1', State: 'active' },
        ],
        Associations: [{ Main: true, RouteTableAssociationId: 'rtbassoc-1' }],
      },
    ],
    internetGateways: [
      { InternetGatewayId: 'igw-1', Attachments: [{ VpcId: 'vpc-1', State: AVAILABLE }] },
      { InternetGatewayId: 'igw-0', Attachments: [] },
    ],
    natGateways: [
      {
        NatGatewayId: 'nat-1',
        VpcId: 'vpc-1',
        SubnetId: 'subnet-a',
        State: 'available',
        CreateTime: new Date('2026-01-02T03:04:05.000Z'),
        NatGatewayAddresses: [
          { AllocationId: 'eipalloc-1', NetworkInterfaceId: 'eni-nat', PublicIp: '3.3.3.3' },
        ],
      },
    ],
    addresses: [
      { AllocationId: 'eipalloc-2', PublicIp: '4.4.4.4', Domain: 'vpc' },
      { AllocationId: 'eipalloc-1', PublicIp: '3.3.3.3', Domain: 'vpc', NetworkInterfaceId: 'eni-nat' },
    ],
    securityGroups: [
      { GroupId: 'sg-2', GroupName: 'default', VpcId: 'vpc-2', IpPermissions: [], IpPermissionsEgress: [] },
      {
        GroupId: 'sg-1',
        GroupName: 'web',
        VpcId: 'vpc-1',
        IpPermissions: [
          { IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '0.0.0.0/0' }] },
        ],
        IpPermissionsEgress: [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }] }],
      },
    ],
    networkAcls: [
      { NetworkAclId: 'acl-2', VpcId: 'vpc-2', IsDefault: true, Entries: [], Associations: [] },
      { NetworkAclId: 'acl-1', VpcId: 'vpc-1', IsDefault: true, Entries: [], Associations: [] },
    ],
    networkInterfaces: [
      {
        NetworkInterfaceId: 'eni-2',
        VpcId: 'vpc-2',
        SubnetId: 'subnet-c',
        Association: {},
        Groups: [{ GroupId: 'sg-2' }],
      },
      {
        NetworkInterfaceId: 'eni-1',
        VpcId: 'vpc-1',
        SubnetId: 'subnet-a',
        Association: { PublicIp: '5.5.5.5' },
        Attachment: { InstanceId: 'i-1', AttachTime: new Date('2026-01-01T00:00:00.000Z') },
        Groups: [{ GroupId: 'sg-1' }],
      },
      { NetworkInterfaceId: 'eni-nat', VpcId: 'vpc-1', SubnetId: 'subnet-a', InterfaceType: 'natGateway' },
    ],
    reservations: [
      {
        ReservationId: 'r-1',
        Instances: [
          { InstanceId: 'i-2', VpcId: 'vpc-1', SubnetId: 'subnet-b', State: { Name: 'stopped', Code: 80 } },
          {
            InstanceId: 'i-1',
            VpcId: 'vpc-1',
            SubnetId: 'subnet-a',
            State: { Name: 'running', Code: 16 },
            LaunchTime: new Date('2026-01-01T00:00:00.000Z'),
            // DescribeInstances repeats the instance's interfaces; the snapshot keeps only networkInterfaces.
            NetworkInterfaces: [{ NetworkInterfaceId: 'eni-1', SubnetId: 'subnet-a', VpcId: 'vpc-1' }],
          },
        ],
      },
      {
        ReservationId: 'r-2',
        Instances: [
          { InstanceId: 'i-3', VpcId: 'vpc-2', SubnetId: 'subnet-c', State: { Name: 'running', Code: 16 } },
        ],
      },
    ],
    flowLogs: [
      { FlowLogId: 'fl-3', ResourceId: 'eni-1', TrafficType: 'ALL' },
      { FlowLogId: 'fl-2', ResourceId: 'subnet-c', TrafficType: 'REJECT' },
      { FlowLogId: 'fl-1', ResourceId: 'vpc-1', TrafficType: 'ALL' },
    ],
    vpcPeeringConnections: [
      {
        VpcPeeringConnectionId: 'pcx-3',
        RequesterVpcInfo: { VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16' },
        AccepterVpcInfo: { VpcId: 'vpc-2', CidrBlock: '10.1.0.0/16' },
      },
      {
        VpcPeeringConnectionId: 'pcx-2',
        RequesterVpcInfo: { VpcId: 'vpc-8', CidrBlock: '10.8.0.0/16' },
        AccepterVpcInfo: { VpcId: 'vpc-2', CidrBlock: '10.1.0.0/16' },
      },
      {
        VpcPeeringConnectionId: 'pcx-1',
        RequesterVpcInfo: { VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16' },
        AccepterVpcInfo: { VpcId: 'vpc-9', CidrBlock: '10.0.0.0/16' },
      },
    ],
    staleSecurityGroups: {
      'vpc-1': [
        {
          GroupId: 'sg-1',
          GroupName: 'web',
          VpcId: 'vpc-1',
          StaleIpPermissions: [
            { IpProtocol: 'tcp', FromPort: 22, ToPort: 22, UserIdGroupPairs: [{ GroupId: 'sg-gone' }] },
          ],
        },
      ],
    },
  };
}
