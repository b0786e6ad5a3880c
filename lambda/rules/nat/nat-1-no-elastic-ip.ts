import { defineRule, failed, passed } from '../../engine/rule';
import { isLiveNat, isPublicNat, natState } from './nat-facts';

export const publicNatWithoutElasticIp = defineRule({
  id: 'NAT.1',
  title: 'Public NAT gateway has no Elastic IP address',
  description:
    'A public NAT gateway translates private addresses to its Elastic IP. Without a public IP in its ' +
    'addresses (the allocation failed, or the Elastic IP was disassociated) it cannot send anything to the ' +
    'internet, and every private subnet routed through it loses egress.',
  severity: 'HIGH',
  resourceType: 'AwsEc2NatGateway',
  category: 'connectivity',
  requires: ['natGateways'],
  remediation: {
    text:
      'Associate an Elastic IP with the NAT gateway (`aws ec2 associate-nat-gateway-address`), or create a new ' +
      'public NAT gateway with `--allocation-id` of an unused Elastic IP and move the routes to it.',
    url: 'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-nat-gateway.html',
  },
  references: [],
  evaluate(index) {
    return index.snapshot.natGateways.map((nat) => {
      const id = nat.NatGatewayId!;
      if (!isPublicNat(nat)) return passed(id, `${id} is a private NAT gateway and needs no Elastic IP`);
      // A failed or deleted gateway has released its address by design; NAT.2 reports it.
      if (!isLiveNat(nat)) return passed(id, `${id} is ${natState(nat)}; its addresses no longer matter`);
      const addresses = nat.NatGatewayAddresses ?? [];
      const withIp = addresses.filter((a) => a.PublicIp);
      if (withIp.length > 0) {
        return passed(id, `${id} has the Elastic IP ${withIp.map((a) => a.PublicIp).join(', ')}`);
      }
      const pending = addresses
        .filter((a) => a.AllocationId)
        .map(
          (a) =>
            `${a.AllocationId} (${a.Status ?? 'no status'}${a.FailureMessage ? `: ${a.FailureMessage}` : ''})`,
        );
      const detail = pending.length > 0 ? `; allocations without a public IP: ${pending.join(', ')}` : '';
      return failed(
        id,
        `${id} is a public NAT gateway (${natState(nat)}) with no public IP address${detail}`,
        {
          evidence: { state: natState(nat), allocations: pending },
        },
      );
    });
  },
});
