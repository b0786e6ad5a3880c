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

/**
 * The demo's config: the examples' office, and the paths the incidents break declared as required (NET.4)
 * or forbidden (NET.5), so that one `npm run demo` over every snapshot reports each of them.
 */
export function demoConfig(): object {
  const tcp = (port: number) => ({ protocol: 'tcp', port });
  return {
    ...exampleConfig(),
    requiredPaths: [
      { name: 'app to the office database', from: 'i-office-app', to: '192.168.1.10', ...tcp(3306) },
      { name: 'hub app to shared services', from: 'i-hub-app-a', to: 'i-hub-shared', ...tcp(443) },
      { name: 'Beijing app to the Singapore database', from: 'i-bj-app', to: '192.168.100.10', ...tcp(3306) },
    ],
    forbiddenPaths: [
      { name: 'no SSH from the internet', from: 'internet', to: 'i-exposed-public', ...tcp(22) },
    ],
  };
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
  files.set('demo.config.json', json(demoConfig()));
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
