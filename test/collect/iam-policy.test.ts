import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COLLECTION_ACTIONS, COLLECTION_APIS, serviceOf } from '../../lambda/collect';

describe('docs/iam-permissions.md', () => {
  it('grants exactly the APIs collection calls, read-only', () => {
    const doc = readFileSync(join(__dirname, '../../docs/iam-permissions.md'), 'utf8');
    const json = /```json\n([\s\S]*?)\n```/.exec(doc)?.[1];
    const policy = JSON.parse(json ?? '{}') as {
      Statement: { Effect: string; Action: string[]; Resource: string }[];
    };

    const actions = policy.Statement.flatMap((s) => s.Action);
    expect([...actions].sort()).toEqual([...COLLECTION_ACTIONS].sort());
    expect(actions.every((a) => /^[a-z0-9-]+:(Describe|Get|List|Search)[A-Z]\w+$/.test(a))).toBe(true);
    expect(policy.Statement.every((s) => s.Effect === 'Allow' && s.Resource === '*')).toBe(true);
  });
});

describe('the IAM action of each collection API', () => {
  it('names the service that serves it', () => {
    expect(COLLECTION_APIS.map((api) => `${serviceOf(api)}:${api}`)).toEqual(COLLECTION_ACTIONS);
    expect(serviceOf('GetCallerIdentity')).toBe('sts');
    expect(serviceOf('DescribeVirtualInterfaces')).toBe('directconnect');
    expect(serviceOf('DescribeDirectConnectGatewayAssociations')).toBe('directconnect');
    expect(serviceOf('ListFirewalls')).toBe('network-firewall');
    expect(serviceOf('DescribeFirewall')).toBe('network-firewall');
    expect(serviceOf('SearchTransitGatewayRoutes')).toBe('ec2');
    expect(serviceOf('DescribeVpnConnections')).toBe('ec2');
  });
});
