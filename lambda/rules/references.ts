/**
 * Every reference a rule may cite, checked against the AWS Security Hub controls reference: the
 * Security Hub control ids, whether the control belongs to the AWS Foundational Security Best Practices
 * (FSBP) standard, and the CIS AWS Foundations Benchmark items Security Hub maps them to. A rule writes
 * `FSBP EC2.19` for a control of FSBP, `Security Hub EC2.13` for a control outside it, and
 * `CIS 3.0 5.2` for a CIS item (benchmark version, then item: the numbering changes between versions).
 * docs/rules.md is generated from this table, and the catalogue test keeps every rule's references in it.
 */

export interface SecurityHubControl {
  readonly title: string;
  /** Part of FSBP today; a control can leave it (EC2.22 did on 2023-09-20). */
  readonly fsbp: boolean;
}

export const SECURITY_HUB_CONTROLS: Readonly<Record<string, SecurityHubControl>> = {
  'EC2.2': { title: 'VPC default security groups should not allow inbound or outbound traffic', fsbp: true },
  'EC2.6': { title: 'VPC flow logging should be enabled in all VPCs', fsbp: true },
  'EC2.12': { title: 'Unused Amazon EC2 EIPs should be removed', fsbp: false },
  'EC2.13': {
    title: 'Security groups should not allow ingress from 0.0.0.0/0 or ::/0 to port 22',
    fsbp: false,
  },
  'EC2.14': {
    title: 'Security groups should not allow ingress from 0.0.0.0/0 or ::/0 to port 3389',
    fsbp: false,
  },
  'EC2.15': { title: 'Amazon EC2 subnets should not automatically assign public IP addresses', fsbp: true },
  'EC2.16': { title: 'Unused Network Access Control Lists should be removed', fsbp: true },
  'EC2.18': {
    title: 'Security groups should only allow unrestricted incoming traffic for authorized ports',
    fsbp: true,
  },
  'EC2.19': {
    title: 'Security groups should not allow unrestricted access to ports with high risk',
    fsbp: true,
  },
  'EC2.21': {
    title: 'Network ACLs should not allow ingress from 0.0.0.0/0 to port 22 or port 3389',
    fsbp: true,
  },
  'EC2.20': {
    title: 'Both VPN tunnels for an AWS Site-to-Site VPN connection should be up',
    fsbp: true,
  },
  'EC2.22': { title: 'Unused Amazon EC2 security groups should be removed', fsbp: false },
  'EC2.23': {
    title: 'Amazon EC2 Transit Gateways should not automatically accept VPC attachment requests',
    fsbp: true,
  },
  'EC2.53': {
    title:
      'EC2 security groups should not allow ingress from 0.0.0.0/0 to remote server administration ports',
    fsbp: false,
  },
  'EC2.54': {
    title: 'EC2 security groups should not allow ingress from ::/0 to remote server administration ports',
    fsbp: false,
  },
  'EC2.172': {
    title: 'EC2 VPC Block Public Access settings should block internet gateway traffic',
    fsbp: true,
  },
};

/** CIS AWS Foundations Benchmark items, `<version> <item>`, with the Security Hub control that checks each. */
export const CIS_ITEMS: Readonly<Record<string, string>> = {
  '1.2 4.1': 'EC2.13',
  '1.2 4.2': 'EC2.14',
  '3.0 3.7': 'EC2.6',
  '3.0 5.1': 'EC2.21',
  '3.0 5.2': 'EC2.53',
  '3.0 5.3': 'EC2.54',
  '3.0 5.4': 'EC2.2',
};

/** How a rule cites a Security Hub control: by its standard where it has one, else by Security Hub. */
export function controlReference(id: string): string {
  return `${SECURITY_HUB_CONTROLS[id]?.fsbp ? 'FSBP' : 'Security Hub'} ${id}`;
}

/** Every reference a rule may cite. */
export const DOCUMENTED_REFERENCES: ReadonlySet<string> = new Set([
  ...Object.keys(SECURITY_HUB_CONTROLS).map(controlReference),
  ...Object.keys(CIS_ITEMS).map((item) => `CIS ${item}`),
]);

/**
 * A reference as ASFF's Compliance.RelatedRequirements holds it. CIS items are spelled as Security Hub's own
 * control findings spell them (`CIS AWS Foundations Benchmark v3.0.0/5.2`), so that one filter finds
 * NetAudit's findings and Security Hub's for the same item; control ids stay as the rule wrote them.
 */
export function relatedRequirement(reference: string): string {
  const cis = /^CIS (\d+)\.(\d+) (\S+)$/.exec(reference);
  return cis ? `CIS AWS Foundations Benchmark v${cis[1]}.${cis[2]}.0/${cis[3]}` : reference;
}
