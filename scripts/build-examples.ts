/**
 * Regenerates examples/ from the scenario builders in test/support/scenarios.ts
 * (`npx tsx scripts/build-examples.ts`). A test fails when the committed files drift from the builders.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDemo, buildScenario, SCENARIOS } from '../test/support/scenarios';

export function exampleFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const scenario of SCENARIOS) {
    files.set(
      join('scenarios', `${scenario.name}.json`),
      `${JSON.stringify(buildScenario(scenario).snapshot(), null, 2)}\n`,
    );
  }
  files.set('demo.json', `${JSON.stringify(buildDemo().snapshot(), null, 2)}\n`);
  return files;
}

if (require.main === module) {
  const root = join(__dirname, '..', 'examples');
  for (const [file, text] of exampleFiles()) {
    mkdirSync(join(root, file, '..'), { recursive: true });
    writeFileSync(join(root, file), text);
    console.log(`wrote examples/${file}`);
  }
}
