import {
  DescribeInternetGatewaysCommand,
  DescribeNatGatewaysCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcPeeringConnectionsCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { mockClient } from 'aws-sdk-client-mock';
import { InputError } from '../../lambda/errors';
import { resourceIds, targetOf } from '../../lambda/handlers/events';
import { cloudTrailEvent, REGION, scheduledEvent } from './event-fixtures';

describe('targetOf: what an event asks to audit', () => {
  const ec2Mock = mockClient(EC2Client);
  const ec2 = new EC2Client({ region: REGION });

  beforeEach(() => ec2Mock.reset());

  it('audits the whole region on a schedule', async () => {
    expect(await targetOf(scheduledEvent, ec2, REGION)).toEqual({
      kind: 'region',
      reason: 'scheduled audit',
    });
    expect(ec2Mock.calls()).toHaveLength(0);
  });

  it('resolves a security group change to its VPC with one Describe call', async () => {
    ec2Mock
      .on(DescribeSecurityGroupsCommand)
      .resolves({ SecurityGroups: [{ GroupId: 'sg-1', VpcId: 'vpc-1' }] });
    const event = cloudTrailEvent('AuthorizeSecurityGroupIngress', {
      groupId: 'sg-1',
      ipPermissions: {
        items: [
          { ipProtocol: 'tcp', fromPort: 22, toPort: 22, ipRanges: { items: [{ cidrIp: '0.0.0.0/0' }] } },
        ],
      },
    });

    const target = await targetOf(event, ec2, REGION);

    expect(target).toEqual({
      kind: 'vpcs',
      vpcIds: ['vpc-1'],
      reason: 'AuthorizeSecurityGroupIngress changed vpc-1',
    });
    expect(ec2Mock).toHaveReceivedCommandTimes(DescribeSecurityGroupsCommand, 1);
    expect(ec2Mock).toHaveReceivedCommandWith(DescribeSecurityGroupsCommand, { GroupIds: ['sg-1'] });
  });

  it('resolves a route change through its route table', async () => {
    ec2Mock
      .on(DescribeRouteTablesCommand)
      .resolves({ RouteTables: [{ RouteTableId: 'rtb-1', VpcId: 'vpc-9' }] });
    const event = cloudTrailEvent('CreateRoute', {
      routeTableId: 'rtb-1',
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: 'igw-1',
    });

    expect(await targetOf(event, ec2, REGION)).toMatchObject({ kind: 'vpcs', vpcIds: ['vpc-9'] });
  });

  it('takes a vpcId straight from the event, with no call at all', async () => {
    const event = cloudTrailEvent('ModifyVpcAttribute', {
      vpcId: 'vpc-2',
      enableDnsHostnames: { value: false },
    });

    expect(await targetOf(event, ec2, REGION)).toMatchObject({ kind: 'vpcs', vpcIds: ['vpc-2'] });
    expect(ec2Mock.calls()).toHaveLength(0);
  });

  it('finds ids anywhere in the request and response elements', () => {
    const ids = resourceIds(
      { groupId: 'sg-1', ipPermissions: { items: [{ groups: { items: [{ groupId: 'sg-2' }] } }] } },
      {
        networkAcl: { networkAclId: 'acl-1', vpcId: 'vpc-2' },
      },
    );
    expect(Object.fromEntries([...ids].map(([k, v]) => [k, [...v]]))).toEqual({
      groupId: ['sg-1', 'sg-2'],
      networkAclId: ['acl-1'],
      vpcId: ['vpc-2'],
    });
  });

  it('resolves a NAT gateway creation through its subnet and its Elastic IP', async () => {
    ec2Mock.on(DescribeSubnetsCommand).resolves({ Subnets: [{ SubnetId: 'subnet-1', VpcId: 'vpc-1' }] });
    ec2Mock
      .on(DescribeNetworkInterfacesCommand)
      .resolves({ NetworkInterfaces: [{ NetworkInterfaceId: 'eni-1', VpcId: 'vpc-1' }] });
    const event = cloudTrailEvent(
      'CreateNatGateway',
      { subnetId: 'subnet-1', allocationId: 'eipalloc-1' },
      {
        CreateNatGatewayResponse: {
          natGateway: { natGatewayId: 'nat-1', vpcId: 'vpc-1', subnetId: 'subnet-1' },
        },
      },
    );
    ec2Mock
      .on(DescribeNatGatewaysCommand)
      .resolves({ NatGateways: [{ NatGatewayId: 'nat-1', VpcId: 'vpc-1' }] });

    const target = await targetOf(event, ec2, REGION);

    expect(target).toMatchObject({ kind: 'vpcs', vpcIds: ['vpc-1'] });
    expect(ec2Mock).toHaveReceivedCommandWith(DescribeNetworkInterfacesCommand, {
      Filters: [{ Name: 'association.allocation-id', Values: ['eipalloc-1'] }],
    });
  });

  it('keeps only this region’s side of a peering connection', async () => {
    ec2Mock.on(DescribeVpcPeeringConnectionsCommand).resolves({
      VpcPeeringConnections: [
        {
          VpcPeeringConnectionId: 'pcx-1',
          RequesterVpcInfo: { VpcId: 'vpc-1', Region: REGION },
          AccepterVpcInfo: { VpcId: 'vpc-far', Region: 'eu-west-1' },
        },
      ],
    });

    const target = await targetOf(
      cloudTrailEvent('AcceptVpcPeeringConnection', { vpcPeeringConnectionId: 'pcx-1' }),
      ec2,
      REGION,
    );

    expect(target).toMatchObject({ kind: 'vpcs', vpcIds: ['vpc-1'] });
  });

  it('widens to the region when a resource cannot be resolved (deleted, detached)', async () => {
    ec2Mock
      .on(DescribeSecurityGroupsCommand)
      .rejects(
        Object.assign(new Error('The security group does not exist'), { name: 'InvalidGroup.NotFound' }),
      );
    ec2Mock
      .on(DescribeInternetGatewaysCommand)
      .resolves({ InternetGateways: [{ InternetGatewayId: 'igw-1', Attachments: [] }] });

    const deleted = await targetOf(cloudTrailEvent('DeleteSecurityGroup', { groupId: 'sg-1' }), ec2, REGION);
    const detached = await targetOf(
      cloudTrailEvent('DetachInternetGateway', { internetGatewayId: 'igw-1' }),
      ec2,
      REGION,
    );
    const nothing = await targetOf(
      cloudTrailEvent('DisassociateRouteTable', { associationId: 'rtbassoc-1' }),
      ec2,
      REGION,
    );

    expect(deleted).toMatchObject({
      kind: 'region',
      reason: expect.stringContaining('InvalidGroup.NotFound'),
    });
    expect(detached).toMatchObject({ kind: 'region' });
    expect(nothing).toMatchObject({ kind: 'region', reason: 'DisassociateRouteTable names no VPC resource' });
  });

  it('skips a call that failed: nothing changed', async () => {
    const event = cloudTrailEvent('AuthorizeSecurityGroupIngress', { groupId: 'sg-1' }, null, {
      errorCode: 'Client.UnauthorizedOperation',
    });

    expect(await targetOf(event, ec2, REGION)).toMatchObject({ kind: 'skip' });
    expect(ec2Mock.calls()).toHaveLength(0);
  });

  it('accepts a manual { vpcIds } event, and {} for the whole region', async () => {
    expect(await targetOf({ vpcIds: ['vpc-2', 'vpc-1', 'vpc-2'] }, ec2, REGION)).toMatchObject({
      kind: 'vpcs',
      vpcIds: ['vpc-1', 'vpc-2'],
    });
    expect(await targetOf({}, ec2, REGION)).toMatchObject({ kind: 'region' });
  });

  it('rejects anything else with a clear error', async () => {
    await expect(targetOf({ vpcIds: ['subnet-1'] }, ec2, REGION)).rejects.toThrow(InputError);
    await expect(targetOf({ hello: 'world' }, ec2, REGION)).rejects.toThrow(/Unsupported event/);
  });
});
