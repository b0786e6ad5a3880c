import {
  CIS_ITEMS,
  DOCUMENTED_REFERENCES,
  relatedRequirement,
  SECURITY_HUB_CONTROLS,
} from '../../lambda/rules/references';

describe('references', () => {
  it('names a Security Hub control by FSBP only when the control belongs to FSBP', () => {
    expect(DOCUMENTED_REFERENCES).toContain('FSBP EC2.19');
    for (const id of ['EC2.12', 'EC2.13', 'EC2.14', 'EC2.22', 'EC2.53', 'EC2.54']) {
      expect(DOCUMENTED_REFERENCES).toContain(`Security Hub ${id}`);
      expect(DOCUMENTED_REFERENCES).not.toContain(`FSBP ${id}`);
    }
  });

  it('maps every CIS item to a documented control', () => {
    for (const control of Object.values(CIS_ITEMS)) expect(SECURITY_HUB_CONTROLS).toHaveProperty([control]);
  });

  it('spells CIS items in RelatedRequirements as Security Hub does, and keeps control ids', () => {
    expect(relatedRequirement('CIS 3.0 5.2')).toBe('CIS AWS Foundations Benchmark v3.0.0/5.2');
    expect(relatedRequirement('CIS 1.2 4.1')).toBe('CIS AWS Foundations Benchmark v1.2.0/4.1');
    expect(relatedRequirement('FSBP EC2.19')).toBe('FSBP EC2.19');
    expect(relatedRequirement('Security Hub EC2.13')).toBe('Security Hub EC2.13');
  });
});
