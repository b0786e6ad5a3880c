import { Readable } from 'node:stream';
import { AdaptiveRetryStrategy } from '@smithy/util-retry';
import {
  collectSnapshot,
  createCollectionClients,
  serviceOf,
  type CollectionClients,
} from '../../lambda/collect';
import type { CollectionApi } from '../../lambda/collect/apis';
import { defaultConfig } from '../../lambda/config/config';
import { evaluate } from '../../lambda/engine/evaluate';
import { buildIndex } from '../../lambda/engine/snapshot-index';
import { RULES } from '../../lambda/rules/registry';
import { V2_PARTS } from '../../lambda/snapshot/types';
import { validateSnapshot } from '../../lambda/snapshot/validate';
import { EC2_NS, ec2Response, FIREWALL_ARN, V2_EC2, V2_JSON } from './v2-wire';

/*
 * These tests run the real SDK middleware (endpoint resolution, signing, adaptive retry, XML parsing)
 * and replace only the HTTP transport, innermost in the stack. aws-sdk-client-mock replaces `send` and so
 * can show neither retries nor endpoints.
 */

interface SeenRequest {
  hostname: string;
  port?: number;
  action: string;
}

type Reply = { status: number; body: string; headers?: Record<string, string> };
type Transport = () => (args: {
  request: { hostname: string; port?: number; body?: unknown; headers: Record<string, string> };
}) => Promise<unknown>;
interface AnyStack {
  add(middleware: Transport, options: { step: 'deserialize'; priority: 'low' }): void;
}

/**
 * Answers every client's requests in memory. The action is the query's `Action` (EC2, STS) or the
 * `X-Amz-Target` header's operation (Direct Connect and Network Firewall speak JSON).
 */
function serveInMemory(
  clients: CollectionClients,
  reply: (action: string, attempt: number, body: string) => Reply,
): SeenRequest[] {
  const seen: SeenRequest[] = [];
  const attempts = new Map<string, number>();
  const transport: Transport = () => async (args) => {
    const target = args.request.headers['x-amz-target'];
    const body = target ? '' : String(args.request.body ?? '');
    const action = target ? target.split('.').pop()! : (new URLSearchParams(body).get('Action') ?? '?');
    seen.push({ hostname: args.request.hostname, port: args.request.port, action });
    const attempt = (attempts.get(action) ?? 0) + 1;
    attempts.set(action, attempt);
    const { status, body: text, headers = {} } = reply(action, attempt, body);
    return {
      response: { statusCode: status, headers, body: Readable.from([Buffer.from(text)]) },
    };
  };
  for (const client of Object.values(clients) as { middlewareStack: unknown }[]) {
    (client.middlewareStack as AnyStack).add(transport, { step: 'deserialize', priority: 'low' });
  }
  return seen;
}

const ok = (body: string): Reply => ({ status: 200, body });
const empty = (action: string): Reply =>
  ok(`<${action}Response xmlns="${EC2_NS}"><requestId>r</requestId></${action}Response>`);
const throttled: Reply = {
  status: 503,
  body: '<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>r</RequestID></Response>',
};

function account(action: string): Reply {
  switch (action) {
    case 'GetCallerIdentity':
      return ok(
        '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>' +
          '<Arn>arn:aws:iam::123456789012:user/auditor</Arn><UserId>AIDA</UserId><Account>123456789012</Account>' +
          '</GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>',
      );
    case 'DescribeVpcs':
      return ok(
        `<DescribeVpcsResponse xmlns="${EC2_NS}"><requestId>r</requestId><vpcSet><item><vpcId>vpc-1</vpcId>` +
          '<cidrBlock>10.0.0.0/16</cidrBlock></item></vpcSet></DescribeVpcsResponse>',
      );
    case 'DescribeSecurityGroups':
      return ok(
        `<DescribeSecurityGroupsResponse xmlns="${EC2_NS}"><requestId>r</requestId><securityGroupInfo><item>` +
          '<groupId>sg-1</groupId><groupName>web</groupName><vpcId>vpc-1</vpcId></item></securityGroupInfo>' +
          '</DescribeSecurityGroupsResponse>',
      );
    default:
      if (V2_EC2[action]) return ok(ec2Response(action, V2_EC2[action]));
      if (JSON_ACTIONS.has(action)) return ok(JSON.stringify(V2_JSON[action]));
      return empty(action);
  }
}

const JSON_ACTIONS = new Set(Object.keys(V2_JSON));

/** Direct Connect's answer to a caller without the permission. */
const accessDenied: Reply = {
  status: 400,
  headers: { 'x-amzn-errortype': 'AccessDeniedException' },
  body: JSON.stringify({
    __type: 'AccessDeniedException',
    message: 'User is not authorized to perform directconnect:DescribeVirtualInterfaces',
  }),
};

/** The production adaptive strategy, without its waits (backoff and the client-side rate limiter). */
const noWaitAdaptive = (maxAttempts: number) =>
  new AdaptiveRetryStrategy(maxAttempts, {
    backoff: { computeNextBackoffDelay: () => 0, setDelayBase: () => undefined },
    rateLimiter: { getSendToken: async () => undefined, updateClientSendingRate: () => undefined },
  });

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret' };
const ENDPOINT_VARS = ['AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_EC2', 'AWS_ENDPOINT_URL_STS'] as const;

describe('collection over the real SDK clients', () => {
  const saved = Object.fromEntries(ENDPOINT_VARS.map((k) => [k, process.env[k]]));
  afterEach(() => {
    for (const k of ENDPOINT_VARS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  });

  it('retries a throttled call and succeeds, counting the retry', async () => {
    const clients = createCollectionClients({
      region: 'us-east-1',
      credentials,
      retryStrategy: noWaitAdaptive(3),
    });
    serveInMemory(clients, (action, attempt) =>
      action === 'DescribeSecurityGroups' && attempt === 1 ? throttled : account(action),
    );

    const { snapshot, stats } = await collectSnapshot(clients, { region: 'us-east-1' });

    expect(snapshot.errors).toEqual([]);
    expect(snapshot.securityGroups).toEqual([{ GroupId: 'sg-1', GroupName: 'web', VpcId: 'vpc-1' }]);
    expect(snapshot.vpcs).toEqual([{ VpcId: 'vpc-1', CidrBlock: '10.0.0.0/16' }]);
    expect(stats.apis.find((s) => s.api === 'DescribeSecurityGroups')).toMatchObject({
      calls: 1,
      pages: 1,
      retries: 1,
      errors: 0,
    });
  });

  it('records throttling that outlasts maxAttempts and collects the rest', async () => {
    const clients = createCollectionClients({
      region: 'us-east-1',
      credentials,
      retryStrategy: noWaitAdaptive(3),
    });
    const seen = serveInMemory(clients, (action) =>
      action === 'DescribeSecurityGroups' ? throttled : account(action),
    );

    const { snapshot, stats } = await collectSnapshot(clients, { region: 'us-east-1' });

    expect(snapshot.errors).toEqual([
      {
        api: 'DescribeSecurityGroups',
        code: 'RequestLimitExceeded',
        message: 'Request limit exceeded. (after 3 attempts)',
      },
    ]);
    expect(seen.filter((r) => r.action === 'DescribeSecurityGroups')).toHaveLength(3);
    expect(stats.apis.find((s) => s.api === 'DescribeSecurityGroups')).toMatchObject({
      retries: 2,
      errors: 1,
    });
    expect(snapshot.vpcs).toHaveLength(1);
  });

  it('collects every version 2 list, and records a denied one for AUDIT.1 while the rest goes on', async () => {
    const clients = createCollectionClients({
      region: 'us-east-1',
      credentials,
      retryStrategy: noWaitAdaptive(3),
    });
    const seen = serveInMemory(clients, (action) =>
      action === 'DescribeVirtualInterfaces' ? accessDenied : account(action),
    );

    const { snapshot, stats } = await collectSnapshot(clients, { region: 'us-east-1' });

    // The failure: recorded once (AccessDenied is not retried), its list left out as not collected.
    expect(snapshot.errors).toEqual([
      {
        api: 'DescribeVirtualInterfaces',
        code: 'AccessDeniedException',
        message: 'User is not authorized to perform directconnect:DescribeVirtualInterfaces',
      },
    ]);
    expect(seen.filter((r) => r.action === 'DescribeVirtualInterfaces')).toHaveLength(1);
    expect(snapshot.virtualInterfaces).toBeUndefined();
    expect([...buildIndex(validateSnapshot(snapshot)).missingParts]).toEqual(['virtualInterfaces']);
    const audit = evaluate(snapshot, defaultConfig(), RULES).results.filter(
      (r) => r.ruleId === 'AUDIT.1' && r.status === 'FAILED',
    );
    expect(audit.map((r) => r.resourceId)).toEqual(['123456789012/DescribeVirtualInterfaces']);

    // Every other list, parsed from the wire by the real SDK, with the per-item data merged in.
    expect(V2_PARTS.filter((part) => snapshot[part] === undefined)).toEqual(['virtualInterfaces']);
    expect(snapshot.managedPrefixLists).toEqual([
      {
        PrefixListId: 'pl-1',
        PrefixListName: 'corp',
        AddressFamily: 'IPv4',
        State: 'create-complete',
        MaxEntries: 5,
        Version: 2,
        Entries: [{ Cidr: '172.16.0.0/12' }, { Cidr: '192.168.0.0/16', Description: 'office' }],
      },
    ]);
    expect(snapshot.vpcEndpoints).toEqual([
      {
        VpcEndpointId: 'vpce-1',
        VpcEndpointType: 'Gateway',
        VpcId: 'vpc-1',
        ServiceName: 'com.amazonaws.us-east-1.s3',
        State: 'available',
        RouteTableIds: ['rtb-1'],
      },
    ]);
    expect(snapshot.egressOnlyInternetGateways).toEqual([
      { EgressOnlyInternetGatewayId: 'eigw-1', Attachments: [{ State: 'attached', VpcId: 'vpc-1' }] },
    ]);
    expect(snapshot.vpcBlockPublicAccessOptions).toEqual({
      AwsAccountId: '123456789012',
      AwsRegion: 'us-east-1',
      State: 'update-complete',
      InternetGatewayBlockMode: 'block-bidirectional',
    });
    expect(snapshot.vpcBlockPublicAccessExclusions).toEqual([
      {
        ExclusionId: 'vpcbpa-exclude-1',
        InternetGatewayExclusionMode: 'allow-egress',
        ResourceArn: 'arn:aws:ec2:us-east-1:123456789012:vpc/vpc-1',
        State: 'create-complete',
      },
    ]);
    expect(snapshot.dhcpOptions).toEqual([
      {
        DhcpOptionsId: 'dopt-1',
        DhcpConfigurations: [{ Key: 'domain-name-servers', Values: [{ Value: 'AmazonProvidedDNS' }] }],
      },
    ]);
    expect(snapshot.transitGateways).toEqual([{ TransitGatewayId: 'tgw-1', State: 'available' }]);
    expect(snapshot.transitGatewayAttachments).toEqual([
      {
        TransitGatewayAttachmentId: 'tgw-attach-1',
        TransitGatewayId: 'tgw-1',
        ResourceType: 'vpc',
        ResourceId: 'vpc-1',
        State: 'available',
      },
    ]);
    expect(snapshot.transitGatewayVpcAttachments).toEqual([
      {
        TransitGatewayAttachmentId: 'tgw-attach-1',
        TransitGatewayId: 'tgw-1',
        VpcId: 'vpc-1',
        SubnetIds: ['subnet-1'],
        State: 'available',
      },
    ]);
    expect(snapshot.transitGatewayPeeringAttachments).toEqual([
      { TransitGatewayAttachmentId: 'tgw-attach-2', State: 'available' },
    ]);
    const tgwAttachment = {
      ResourceId: 'vpc-1',
      TransitGatewayAttachmentId: 'tgw-attach-1',
      ResourceType: 'vpc',
    };
    expect(snapshot.transitGatewayRouteTables).toEqual([
      {
        TransitGatewayRouteTableId: 'tgw-rtb-1',
        TransitGatewayId: 'tgw-1',
        Routes: [
          {
            DestinationCidrBlock: '10.0.0.0/16',
            Type: 'propagated',
            State: 'active',
            TransitGatewayAttachments: [tgwAttachment],
          },
        ],
        Associations: [{ ...tgwAttachment, State: 'associated' }],
        Propagations: [{ ...tgwAttachment, State: 'enabled' }],
      },
    ]);
    expect(snapshot.vpnGateways).toEqual([
      {
        VpnGatewayId: 'vgw-1',
        State: 'available',
        Type: 'ipsec.1',
        VpcAttachments: [{ VpcId: 'vpc-1', State: 'attached' }],
      },
    ]);
    expect(snapshot.vpnConnections).toEqual([
      {
        VpnConnectionId: 'vpn-1',
        CustomerGatewayId: 'cgw-1',
        VpnGatewayId: 'vgw-1',
        State: 'available',
        Type: 'ipsec.1',
        VgwTelemetry: [
          { OutsideIpAddress: '203.0.113.1', Status: 'UP', AcceptedRouteCount: 2 },
          { OutsideIpAddress: '203.0.113.2', Status: 'DOWN', AcceptedRouteCount: 0 },
        ],
      },
    ]);
    expect(snapshot.customerGateways).toEqual([
      { CustomerGatewayId: 'cgw-1', IpAddress: '198.51.100.7', BgpAsn: '65000', State: 'available' },
    ]);
    expect(snapshot.directConnectGateways).toEqual(
      (V2_JSON.DescribeDirectConnectGateways as { directConnectGateways: unknown }).directConnectGateways,
    );
    expect(snapshot.directConnectGatewayAssociations).toEqual(
      (V2_JSON.DescribeDirectConnectGatewayAssociations as { directConnectGatewayAssociations: unknown })
        .directConnectGatewayAssociations,
    );
    const described = V2_JSON.DescribeFirewall as { Firewall: object; FirewallStatus: object };
    expect(snapshot.networkFirewalls).toEqual([
      { ...described.Firewall, FirewallStatus: described.FirewallStatus },
    ]);
    expect(snapshot.networkFirewalls?.[0]?.FirewallArn).toBe(FIREWALL_ARN);

    // --stats counts the new calls like the old ones.
    const calls = Object.fromEntries(stats.apis.map((s) => [s.api, s.calls]));
    expect(calls).toMatchObject({
      GetManagedPrefixListEntries: 1,
      SearchTransitGatewayRoutes: 1,
      DescribeDirectConnectGatewayAssociations: 1,
      DescribeFirewall: 1,
      DescribeVirtualInterfaces: 1,
    });
    expect(stats.apis.find((s) => s.api === 'DescribeVirtualInterfaces')).toMatchObject({ errors: 1 });
  });

  it('sends every call to AWS_ENDPOINT_URL, and EC2 calls to AWS_ENDPOINT_URL_EC2 when set', async () => {
    process.env.AWS_ENDPOINT_URL = 'http://localhost:4566';
    process.env.AWS_ENDPOINT_URL_EC2 = 'http://127.0.0.1:5000';
    const clients = createCollectionClients({
      region: 'us-east-1',
      credentials,
      retryStrategy: noWaitAdaptive(1),
    });
    const seen = serveInMemory(clients, account);

    await collectSnapshot(clients, { region: 'us-east-1' });

    const endpoints = new Set(
      seen.map((r) => `${serviceOf(r.action as CollectionApi)} ${r.hostname}:${r.port}`),
    );
    expect([...endpoints].sort()).toEqual([
      'directconnect localhost:4566',
      'ec2 127.0.0.1:5000',
      'network-firewall localhost:4566',
      'sts localhost:4566',
    ]);
  });

  it('uses the adaptive retry mode by default', async () => {
    const { ec2, sts, directConnect, networkFirewall } = createCollectionClients({
      region: 'us-east-1',
      credentials,
    });

    const strategies = [];
    for (const config of [ec2.config, sts.config, directConnect.config, networkFirewall.config]) {
      const strategy = (await config.retryStrategy()) as { mode?: string };
      expect(strategy.mode).toBe('adaptive');
      expect(await config.maxAttempts()).toBe(8);
      strategies.push(strategy);
    }
    // One token bucket per client: EC2 throttling does not slow the other services down.
    expect(new Set(strategies).size).toBe(4);
  });
});
