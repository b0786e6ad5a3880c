/**
 * Regenerates examples/ from the scenario builders in test/support/scenarios.ts
 * (`npx tsx scripts/build-examples.ts`). A test fails when the committed files drift from the builders.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildDemo,
  buildScenario,
  buildSnapshots,
  MULTI_SNAPSHOT_SCENARIOS,
  OFFICE,
  SCENARIOS,
} from '../test/support/scenarios';

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

/** The config the examples need: the office network that scenarios 7 and 8 cannot reach. */
export function exampleConfig(): object {
  return { $schema: '../netaudit.config.schema.json', onPremisesNetworks: [OFFICE] };
}

export function exampleFiles(): Map<string, string> {
  const files = new Map<string, string>();
  for (const scenario of SCENARIOS) {
    files.set(join('scenarios', `${scenario.name}.json`), json(buildScenario(scenario).snapshot()));
  }
  // One file per account and region: `--snapshot` takes each of them.
  for (const scenario of MULTI_SNAPSHOT_SCENARIOS) {
    for (const net of buildSnapshots(scenario)) {
      files.set(join('scenarios', scenario.name, `${net.data.region}.json`), json(net.snapshot()));
    }
  }
  files.set('demo.json', json(buildDemo().snapshot()));
  files.set('netaudit.config.json', json(exampleConfig()));
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
