import type { VpcEndpoint } from '@aws-sdk/client-ec2';
import { defineRule, failed, notEvaluated, passed, type Outcome } from '../../engine/rule';
import type { SnapshotIndex } from '../../engine/snapshot-index';
import type { SnapshotPart } from '../../snapshot/types';
import { notEvaluatedInVpc } from '../partial-data';
import { endpointLabel, liveInterfaceEndpoints } from './interface-endpoints';

const REQUIRES: SnapshotPart[] = ['vpcEndpoints', 'vpcAttributes'];

function judge(index: SnapshotIndex, endpoint: VpcEndpoint): Outcome {
  const id = endpoint.VpcEndpointId!;
  const label = endpointLabel(endpoint);
  if (!endpoint.PrivateDnsEnabled) return passed(id, `${label} does not use private DNS`);
  const skipped = notEvaluatedInVpc(index, id, REQUIRES, endpoint.VpcId);
  if (skipped) return skipped;
  const attributes = endpoint.VpcId ? index.snapshot.vpcAttributes[endpoint.VpcId] : undefined;
  if (!attributes) {
    return notEvaluated(
      id,
      `Not evaluated: the snapshot holds no DNS attributes for ${endpoint.VpcId ?? '?'}`,
    );
  }
  const off = [
    attributes.EnableDnsSupport === false ? 'enableDnsSupport' : undefined,
    attributes.EnableDnsHostnames === false ? 'enableDnsHostnames' : undefined,
  ].filter((a): a is string => a !== undefined);
  if (off.length > 0) {
    return failed(
      id,
      `${label} has private DNS on, but ${endpoint.VpcId} has ${off.join(' and ')} off: the service name still resolves to its public addresses, and traffic bypasses the endpoint`,
      { evidence: { vpcId: endpoint.VpcId ?? '', attributesOff: off } },
    );
  }
  if (attributes.EnableDnsSupport === undefined || attributes.EnableDnsHostnames === undefined) {
    return notEvaluated(
      id,
      `Not evaluated: the DNS attributes of ${endpoint.VpcId} are incomplete in the snapshot`,
    );
  }
  return passed(id, `${label} has private DNS on, and ${endpoint.VpcId} has DNS support and hostnames on`);
}

export const privateDnsWithoutVpcDns = defineRule({
  id: 'VPCE.2',
  title: 'Interface endpoint has private DNS on in a VPC without DNS support or hostnames',
  description:
    "An interface endpoint's private DNS makes the service's public name (ssm.us-east-1.amazonaws.com) " +
    "resolve to the endpoint inside the VPC, through a private hosted zone that only works when the VPC's " +
    'enableDnsSupport and enableDnsHostnames are both on. With either off, the name silently resolves to ' +
    "the service's public addresses: traffic leaves through the internet or NAT path (or fails without " +
    'one), and endpoint policies and private connectivity are bypassed.',
  severity: 'MEDIUM',
  resourceType: 'AwsEc2VpcEndpoint',
  category: 'connectivity',
  requires: REQUIRES,
  remediation: {
    text:
      'Turn on both attributes: `aws ec2 modify-vpc-attribute --vpc-id <vpc> --enable-dns-support` and ' +
      '`--enable-dns-hostnames` (one attribute per call).',
    url: 'https://docs.aws.amazon.com/vpc/latest/privatelink/privatelink-access-aws-services.html#interface-endpoint-private-dns',
  },
  references: [],
  evaluate(index) {
    return liveInterfaceEndpoints(index.snapshot.vpcEndpoints).map((endpoint) => judge(index, endpoint));
  },
});
