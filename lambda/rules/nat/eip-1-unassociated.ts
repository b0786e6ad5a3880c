import type { Address } from '@aws-sdk/client-ec2';
import { defineRule, failed, passed } from '../../engine/rule';
import { publicIpv4MonthlyCost } from './cost';

/** The id findings use for an Elastic IP: its allocation id, or its address for the rare one without. */
export function addressId(address: Address): string {
  return address.AllocationId ?? address.PublicIp ?? '?';
}

export function isAssociated(address: Address): boolean {
  return !!(address.AssociationId || address.InstanceId || address.NetworkInterfaceId);
}

export const unassociatedElasticIp = defineRule({
  id: 'EIP.1',
  title: 'Elastic IP address is associated with nothing',
  description:
    'An Elastic IP that is not associated with an instance or network interface serves nothing, yet every ' +
    'public IPv4 address is billed by the hour, and a forgotten address can later be attached somewhere it ' +
    'exposes a resource unexpectedly.',
  severity: 'LOW',
  resourceType: 'AwsEc2Eip',
  category: 'cost',
  requires: ['addresses'],
  remediation: {
    text:
      'Release the Elastic IP (`aws ec2 release-address --allocation-id ...`) if nothing needs it, or associate ' +
      'it with the instance or network interface it was reserved for.',
    url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-12',
  },
  references: ['Security Hub EC2.12'],
  evaluate(index, config) {
    return index.snapshot.addresses.map((address) => {
      const id = addressId(address);
      const ip = address.PublicIp ?? id;
      if (isAssociated(address)) {
        const to = address.InstanceId ?? address.NetworkInterfaceId ?? address.AssociationId;
        return passed(id, `${ip} is associated with ${to}`);
      }
      const cost = publicIpv4MonthlyCost(config, index.region);
      return failed(
        id,
        `Elastic IP ${ip} (${id}) is associated with no instance or network interface; it ${cost}`,
        {
          evidence: { publicIp: ip, monthlyCost: cost },
        },
      );
    });
  },
});
