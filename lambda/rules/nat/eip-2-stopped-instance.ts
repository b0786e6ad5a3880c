import { defineRule, failed, notEvaluated, passed } from '../../engine/rule';
import { notCollected } from '../rt/route-facts';
import { publicIpv4MonthlyCost } from './cost';
import { addressId } from './eip-1-unassociated';

export const elasticIpOnStoppedInstance = defineRule({
  id: 'EIP.2',
  title: 'Elastic IP address is associated with a stopped instance',
  description:
    'An Elastic IP on a stopped instance is billed by the hour like an idle one while serving nothing. ' +
    'Instances stopped for long are often abandoned, and the address keeps a public entry point reserved ' +
    'for them.',
  severity: 'LOW',
  resourceType: 'AwsEc2Eip',
  category: 'cost',
  requires: ['addresses', 'instances', 'networkInterfaces'],
  remediation: {
    text:
      'If the instance is no longer needed, terminate it and release the Elastic IP. If it only runs at times, ' +
      'consider a public IP assigned at launch, or keep the Elastic IP and accept the hourly charge.',
    url: 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/elastic-ip-addresses-eip.html',
  },
  references: [],
  evaluate(index, config) {
    return index.snapshot.addresses.map((address) => {
      const id = addressId(address);
      const ip = address.PublicIp ?? id;
      const eniId = address.NetworkInterfaceId;
      // An address on a secondary interface names only the interface; its attachment names the instance.
      const instanceId = address.InstanceId ?? index.interfaceOfAddress(address)?.Attachment?.InstanceId;
      if (!instanceId) {
        const what = eniId ? `${eniId}, which is attached to no instance` : 'no instance';
        return passed(id, `${ip} is associated with ${what}`);
      }
      const instance = index.instances.get(instanceId);
      if (!instance) {
        const gap = notCollected(index, ['instances', 'networkInterfaces'], [index.vpcOf(id)]);
        return notEvaluated(
          id,
          gap ?? `Not evaluated: ${instanceId}, which ${ip} is associated with, is not in the snapshot`,
        );
      }
      const state = instance.State?.Name ?? 'unknown';
      if (state !== 'stopped') return passed(id, `${ip} is associated with ${instanceId}, which is ${state}`);
      const via = address.InstanceId ? '' : ` through ${eniId}`;
      const cost = publicIpv4MonthlyCost(config, index.region);
      return failed(
        id,
        `Elastic IP ${ip} (${id}) is associated with the stopped instance ${instanceId}${via}; it ${cost}`,
        {
          evidence: { instanceId, publicIp: ip, monthlyCost: cost },
        },
      );
    });
  },
});
