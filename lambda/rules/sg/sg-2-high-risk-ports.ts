import { exposedPortsRule } from './exposed-ports-rule';

export const highRiskPortsOpenToInternet = exposedPortsRule(
  {
    id: 'SG.2',
    title: 'Security group allows a high-risk service port from the internet',
    description:
      'Databases, caches, search engines, file sharing, mail and remote-procedure services (MySQL 3306, ' +
      'PostgreSQL 5432, Redis 6379, Elasticsearch 9200, SMB 445, FTP 21, Telnet 23...) are scanned for ' +
      'continuously. Open to 0.0.0.0/0 or ::/0 they are one weak password or unpatched version away from ' +
      'data theft or ransom.',
    severity: 'HIGH',
    remediation: {
      text:
        'Remove the 0.0.0.0/0 and ::/0 sources from the rules that open these ports. Allow only the security ' +
        'groups of the clients that need the service (for example the application tier) or known CIDRs, and ' +
        'put anything that must be public behind a load balancer.',
      url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/ec2-controls.html#ec2-19',
    },
    references: ['FSBP EC2.19'],
  },
  (config) => config.highRiskPorts,
  'a high-risk port',
);
