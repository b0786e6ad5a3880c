import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from '../lambda/config/config';
import { DOCUMENTED_REFERENCES } from '../lambda/rules/references';
import { RULE_IDS, RULES } from '../lambda/rules/registry';
import { generatedDocs } from '../scripts/generate-docs';
import { transcript } from '../scripts/transcript';

const ROOT = join(__dirname, '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const readme = read('README.md');

describe('generated docs (npm run docs)', () => {
  const generated = generatedDocs(readme);

  it.each(['README.md', 'docs/rules.md', 'netaudit.config.schema.json'])(
    '%s is as the code generates it',
    (path) => {
      expect(read(path)).toBe(generated[path]);
    },
  );

  it('lists every registered rule in docs/rules.md', () => {
    for (const rule of RULES) expect(generated['docs/rules.md']).toContain(`### ${rule.id}: ${rule.title}`);
  });

  it('gives editors a schema that names every config key and refuses unknown ones', () => {
    const schema = JSON.parse(generated['netaudit.config.schema.json']!) as {
      properties: Record<string, unknown>;
      additionalProperties: boolean;
    };
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['severityOverrides', 'disabledRules', 'suppressions', 'alertThresholds']),
    );
    expect(schema.additionalProperties).toBe(false);
  });
});

describe('rule references', () => {
  it.each(RULES.map((rule) => [rule.id, rule.references] as const))(
    '%s cites only references documented in docs/rules.md',
    (_id, references) => {
      for (const reference of references) expect([...DOCUMENTED_REFERENCES]).toContain(reference);
    },
  );

  it('documents each reference in the references table of docs/rules.md', () => {
    const table = read('docs/rules.md').slice(read('docs/rules.md').indexOf('## References'));
    for (const reference of DOCUMENTED_REFERENCES) {
      expect(table).toMatch(new RegExp(`\\| ${reference.replaceAll('.', '\\.')} +\\|`));
    }
  });
});

describe('README', () => {
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

  it('points only at documents in the repository, none of them design notes', () => {
    expect(readme).not.toMatch(/ARCHITECTURE\.md|RULES\.md|PATHS\.md|shared\//);
  });
});

describe('docs/transcript.md', () => {
  it('is what the CLI prints today (npx tsx scripts/transcript.ts)', () => {
    expect(transcript()).toBe(read('docs/transcript.md'));
  });
});
