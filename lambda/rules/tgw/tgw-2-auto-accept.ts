import { defineRule, failed, passed } from '../../engine/rule';

export const transitGatewayAutoAcceptsAttachments = defineRule({
  id: 'TGW.2',
  title: 'Transit gateway automatically accepts shared attachments',
  description:
    'With auto accept on, any account the transit gateway is shared with (through Resource Access Manager) ' +
    'can attach its VPC without anyone approving it, and the new attachment can reach every network the ' +
    'transit gateway routes to it.',
  severity: 'HIGH',
  resourceType: 'AwsEc2TransitGateway',
  category: 'exposure',
  requires: ['transitGateways'],
  remediation: {
    text:
      'Turn auto accept off (`aws ec2 modify-transit-gateway --transit-gateway-id <id> --options ' +
      'AutoAcceptSharedAttachments=disable`) and accept each attachment request after review.',
    url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-23',
  },
  references: ['FSBP EC2.23'],
  evaluate(index) {
    return (index.snapshot.transitGateways ?? [])
      .filter((tgw) => tgw.State !== 'deleted')
      .map((tgw) => {
        const id = tgw.TransitGatewayId!;
        if (tgw.Options?.AutoAcceptSharedAttachments === 'enable') {
          return failed(
            id,
            `${id} accepts shared attachments automatically (AutoAcceptSharedAttachments enable)`,
          );
        }
        return passed(id, `${id} requires shared attachments to be accepted`);
      });
  },
});
