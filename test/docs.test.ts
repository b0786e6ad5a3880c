import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from '../lambda/config/config';
import { RULE_IDS } from '../lambda/rules/registry';
import { withRuleTable } from '../scripts/generate-docs';

const readme = readFileSync(join(__dirname, '..', 'README.md'), 'utf8');

describe('README', () => {
  it('has the rule table the registry generates (npm run docs)', () => {
    expect(withRuleTable(readme)).toBe(readme);
  });

  it('shows a configuration example that NetAudit accepts', () => {
    const section = readme.slice(readme.indexOf('## Configuration'));
    const json = /```json\n([\s\S]*?)```/.exec(section)?.[1];
    expect(json).toBeDefined();
    expect(() => parseConfig(JSON.parse(json!), RULE_IDS)).not.toThrow();
  });

  it('keeps the two quick-start commands', () => {
    expect(readme).toContain('npm ci && npm run demo');
    expect(readme).toContain('npm ci && npm test');
  });
});
