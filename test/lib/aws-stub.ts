import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny in-process AWS on 127.0.0.1 for running the bundled handler: the real bundle, with its own
 * copy of the SDK, talks to it over HTTP through AWS_ENDPOINT_URL. It answers in each service's own
 * protocol (EC2 query XML, STS and SNS query XML, Security Hub REST-JSON) for one small network: a VPC
 * with a public subnet, an internet gateway, and a security group open to the internet on SSH, used by
 * one running instance.
 */

export const ACCOUNT_ID = '123456789012';
export const REGION = 'us-east-1';
export const VPC_ID = 'vpc-0a1b2c3d4e5f60001';
export const SUBNET_ID = 'subnet-0a1b2c3d4e5f60001';
export const GROUP_ID = 'sg-0a1b2c3d4e5f60001';
export const INSTANCE_ID = 'i-0a1b2c3d4e5f60001';
const ENI_ID = 'eni-0a1b2c3d4e5f60001';
const IGW_ID = 'igw-0a1b2c3d4e5f60001';
const ROUTE_TABLE_ID = 'rtb-0a1b2c3d4e5f60001';
const ACL_ID = 'acl-0a1b2c3d4e5f60001';

/** One request the stub answered. `params` holds the query parameters or the JSON body. */
export interface StubCall {
  service: string;
  action: string;
  params: Record<string, unknown>;
}

export interface AwsStub {
  endpoint: string;
  calls: StubCall[];
  close(): Promise<void>;
}

type Xml = string;

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** `<name>…</name>`: strings are escaped text, arrays become `<item>` lists, objects nest. */
function xml(name: string, value: unknown): Xml {
  if (Array.isArray(value)) return `<${name}>${value.map((v) => xml('item', v)).join('')}</${name}>`;
  if (value !== null && typeof value === 'object') {
    const inner = Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => xml(k, v))
      .join('');
    return `<${name}>${inner}</${name}>`;
  }
  return `<${name}>${escape(String(value))}</${name}>`;
}

const ALL_TRAFFIC = { ipProtocol: '-1', groups: [], ipRanges: [{ cidrIp: '0.0.0.0/0' }], ipv6Ranges: [] };

/** The EC2 inventory: for each Describe call, the list element and its items (AWS's own XML names). */
const EC2_LISTS: Record<string, [string, unknown[]]> = {
  DescribeVpcs: [
    'vpcSet',
    [
      {
        vpcId: VPC_ID,
        ownerId: ACCOUNT_ID,
        state: 'available',
        cidrBlock: '10.0.0.0/16',
        cidrBlockAssociationSet: [
          {
            cidrBlock: '10.0.0.0/16',
            associationId: 'vpc-cidr-assoc-1',
            cidrBlockState: { state: 'associated' },
          },
        ],
        isDefault: 'false',
      },
    ],
  ],
  DescribeSubnets: [
    'subnetSet',
    [
      {
        subnetId: SUBNET_ID,
        vpcId: VPC_ID,
        state: 'available',
        cidrBlock: '10.0.1.0/24',
        availabilityZone: `${REGION}a`,
        availableIpAddressCount: '250',
        mapPublicIpOnLaunch: 'true',
        ownerId: ACCOUNT_ID,
      },
    ],
  ],
  DescribeRouteTables: [
    'routeTableSet',
    [
      {
        routeTableId: ROUTE_TABLE_ID,
        vpcId: VPC_ID,
        ownerId: ACCOUNT_ID,
        routeSet: [
          {
            destinationCidrBlock: '10.0.0.0/16',
            gatewayId: 'local',
            state: 'active',
            origin: 'CreateRouteTable',
          },
          { destinationCidrBlock: '0.0.0.0/0', gatewayId: IGW_ID, state: 'active', origin: 'CreateRoute' },
        ],
        associationSet: [
          { routeTableAssociationId: 'rtbassoc-1', routeTableId: ROUTE_TABLE_ID, main: 'true' },
        ],
      },
    ],
  ],
  DescribeInternetGateways: [
    'internetGatewaySet',
    [
      {
        internetGatewayId: IGW_ID,
        ownerId: ACCOUNT_ID,
        attachmentSet: [{ vpcId: VPC_ID, state: 'available' }],
      },
    ],
  ],
  DescribeSecurityGroups: [
    'securityGroupInfo',
    [
      {
        ownerId: ACCOUNT_ID,
        groupId: GROUP_ID,
        groupName: 'bastion',
        groupDescription: 'SSH from anywhere',
        vpcId: VPC_ID,
        ipPermissions: [
          {
            ipProtocol: 'tcp',
            fromPort: '22',
            toPort: '22',
            groups: [],
            ipRanges: [{ cidrIp: '0.0.0.0/0' }],
          },
        ],
        ipPermissionsEgress: [ALL_TRAFFIC],
      },
    ],
  ],
  DescribeNetworkAcls: [
    'networkAclSet',
    [
      {
        networkAclId: ACL_ID,
        vpcId: VPC_ID,
        default: 'true',
        ownerId: ACCOUNT_ID,
        entrySet: [false, true].flatMap((egress) => [
          {
            ruleNumber: '100',
            protocol: '-1',
            ruleAction: 'allow',
            egress: String(egress),
            cidrBlock: '0.0.0.0/0',
          },
          {
            ruleNumber: '32767',
            protocol: '-1',
            ruleAction: 'deny',
            egress: String(egress),
            cidrBlock: '0.0.0.0/0',
          },
        ]),
        associationSet: [
          { networkAclAssociationId: 'aclassoc-1', networkAclId: ACL_ID, subnetId: SUBNET_ID },
        ],
      },
    ],
  ],
  DescribeNetworkInterfaces: [
    'networkInterfaceSet',
    [
      {
        networkInterfaceId: ENI_ID,
        subnetId: SUBNET_ID,
        vpcId: VPC_ID,
        availabilityZone: `${REGION}a`,
        ownerId: ACCOUNT_ID,
        status: 'in-use',
        interfaceType: 'interface',
        privateIpAddress: '10.0.1.10',
        sourceDestCheck: 'true',
        groupSet: [{ groupId: GROUP_ID, groupName: 'bastion' }],
        attachment: {
          attachmentId: 'eni-attach-1',
          instanceId: INSTANCE_ID,
          deviceIndex: '0',
          status: 'attached',
        },
        association: { publicIp: '203.0.113.10', ipOwnerId: 'amazon' },
      },
    ],
  ],
  DescribeInstances: [
    'reservationSet',
    [
      {
        reservationId: 'r-1',
        ownerId: ACCOUNT_ID,
        instancesSet: [
          {
            instanceId: INSTANCE_ID,
            instanceType: 't4g.micro',
            instanceState: { code: '16', name: 'running' },
            subnetId: SUBNET_ID,
            vpcId: VPC_ID,
            privateIpAddress: '10.0.1.10',
            ipAddress: '203.0.113.10',
            sourceDestCheck: 'true',
            groupSet: [{ groupId: GROUP_ID, groupName: 'bastion' }],
            networkInterfaceSet: [
              {
                networkInterfaceId: ENI_ID,
                subnetId: SUBNET_ID,
                vpcId: VPC_ID,
                status: 'in-use',
                privateIpAddress: '10.0.1.10',
                groupSet: [{ groupId: GROUP_ID, groupName: 'bastion' }],
                attachment: { attachmentId: 'eni-attach-1', deviceIndex: '0', status: 'attached' },
              },
            ],
          },
        ],
      },
    ],
  ],
  DescribeNatGateways: ['natGatewaySet', []],
  DescribeAddresses: ['addressesSet', []],
  DescribeFlowLogs: ['flowLogSet', []],
  DescribeVpcPeeringConnections: ['vpcPeeringConnectionSet', []],
  DescribeStaleSecurityGroups: ['staleSecurityGroupSet', []],
};

function ec2Response(action: string, params: Record<string, string>): Xml {
  const body = (() => {
    if (action === 'DescribeVpcAttribute') {
      const attribute = params.Attribute ?? 'enableDnsSupport';
      return xml('vpcId', VPC_ID) + xml(attribute, { value: 'true' });
    }
    const list = EC2_LISTS[action];
    return list ? xml(list[0], list[1]) : '';
  })();
  return `<${action}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>stub</requestId>${body}</${action}Response>`;
}

function queryResponse(namespace: string, action: string, result: Record<string, string>): Xml {
  return (
    `<${action}Response xmlns="${namespace}">` +
    xml(`${action}Result`, result) +
    `<ResponseMetadata><RequestId>stub</RequestId></ResponseMetadata></${action}Response>`
  );
}

/** The signing name in the SigV4 credential scope: .../<region>/<service>/aws4_request. */
function serviceOf(request: IncomingMessage): string {
  return /\/([a-z0-9-]+)\/aws4_request/.exec(request.headers.authorization ?? '')?.[1] ?? 'unknown';
}

function answer(
  service: string,
  path: string,
  body: string,
  target?: string,
): { call: StubCall; type: string; text: string } {
  // Direct Connect and Network Firewall speak JSON, the operation in X-Amz-Target: an empty inventory.
  if (target) {
    const params = body === '' ? {} : (JSON.parse(body) as Record<string, unknown>);
    const call = { service, action: target.split('.').pop() ?? target, params };
    return { call, type: 'application/x-amz-json-1.1', text: '{}' };
  }
  if (service === 'securityhub') {
    const params = body === '' ? {} : (JSON.parse(body) as Record<string, unknown>);
    const action = path.startsWith('/findings/import')
      ? 'BatchImportFindings'
      : path.startsWith('/findings')
        ? 'GetFindings'
        : path;
    const result =
      action === 'BatchImportFindings'
        ? {
            FailedCount: 0,
            SuccessCount: (params.Findings as unknown[] | undefined)?.length ?? 0,
            FailedFindings: [],
          }
        : action === 'GetFindings'
          ? { Findings: [] }
          : {};
    return { call: { service, action, params }, type: 'application/json', text: JSON.stringify(result) };
  }
  const params = Object.fromEntries(new URLSearchParams(body));
  const action = params.Action ?? 'unknown';
  const call = { service, action, params };
  if (service === 'ec2') return { call, type: 'text/xml', text: ec2Response(action, params) };
  if (service === 'sts') {
    const identity = {
      Arn: `arn:aws:sts::${ACCOUNT_ID}:assumed-role/netaudit/test`,
      UserId: 'AROA:test',
      Account: ACCOUNT_ID,
    };
    return {
      call,
      type: 'text/xml',
      text: queryResponse('https://sts.amazonaws.com/doc/2011-06-15/', action, identity),
    };
  }
  if (service === 'sns') {
    return {
      call,
      type: 'text/xml',
      text: queryResponse('http://sns.amazonaws.com/doc/2010-03-31/', action, { MessageId: 'stub' }),
    };
  }
  return { call, type: 'text/plain', text: '' };
}

export async function startAwsStub(): Promise<AwsStub> {
  const calls: StubCall[] = [];
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const target = request.headers['x-amz-target'];
      const { call, type, text } = answer(
        serviceOf(request),
        request.url ?? '/',
        Buffer.concat(chunks).toString('utf8'),
        typeof target === 'string' ? target : undefined,
      );
      calls.push(call);
      response.writeHead(call.service === 'unknown' ? 400 : 200, {
        'content-type': type,
        'x-amzn-requestid': 'stub',
      });
      response.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    close: () =>
      new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}
