import { defineRule, failed, passed } from '../../engine/rule';

/** Attachment states in which the gateway serves (or is about to serve) a VPC. */
const IN_USE = new Set(['available', 'attached', 'attaching']);

export const detachedInternetGateway = defineRule({
  id: 'IGW.1',
  title: 'Internet gateway is attached to no VPC',
  description:
    'An internet gateway that is attached to no VPC serves nothing. It is left over from a deleted VPC or a ' +
    'detach that was never finished, clutters the inventory, and routes that still name it are broken.',
  severity: 'LOW',
  resourceType: 'AwsEc2InternetGateway',
  category: 'hygiene',
  requires: ['internetGateways'],
  remediation: {
    text:
      'Delete the internet gateway (`aws ec2 delete-internet-gateway`) if no VPC needs it, or attach it to the ' +
      'VPC it was meant for (`aws ec2 attach-internet-gateway`).',
    url: 'https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Internet_Gateway.html',
  },
  references: [],
  evaluate(index) {
    return index.snapshot.internetGateways.map((igw) => {
      const id = igw.InternetGatewayId!;
      const attachments = igw.Attachments ?? [];
      const using = attachments.filter((a) => a.VpcId && IN_USE.has(a.State ?? ''));
      if (using.length > 0) {
        return passed(id, `${id} is attached to ${using.map((a) => `${a.VpcId} (${a.State})`).join(', ')}`);
      }
      const leftover = attachments.map((a) => `${a.VpcId ?? '?'} (${a.State ?? 'unknown'})`);
      const detail = leftover.length > 0 ? ` (attachments: ${leftover.join(', ')})` : '';
      return failed(id, `${id} is attached to no VPC${detail}`, { evidence: { attachments: leftover } });
    });
  },
});
