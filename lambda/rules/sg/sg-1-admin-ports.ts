import { exposedPortsRule } from './exposed-ports-rule';

export const adminPortsOpenToInternet = exposedPortsRule(
  {
    id: 'SG.1',
    title: 'Security group allows an admin port from the internet',
    description:
      'SSH and RDP open to 0.0.0.0/0 or ::/0 invite brute-force and exploit attempts from the whole internet. ' +
      'Administrative access should come from known networks, a bastion, or Systems Manager Session Manager.',
    severity: 'HIGH',
    remediation: {
      text:
        'Replace the 0.0.0.0/0 and ::/0 sources on the admin port rules with your office or VPN CIDR, or remove ' +
        'them and use AWS Systems Manager Session Manager.',
      url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-13',
    },
    references: [
      'Security Hub EC2.13',
      'Security Hub EC2.14',
      'Security Hub EC2.53',
      'Security Hub EC2.54',
      'CIS 1.2 4.1',
      'CIS 1.2 4.2',
      'CIS 3.0 5.2',
      'CIS 3.0 5.3',
    ],
  },
  (config) => config.adminPorts,
  'an admin port',
);
