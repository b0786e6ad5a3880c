import { parseConfig, type ConfigFile } from '../lambda/config/config';
import type { Severity } from '../lambda/engine/severity';
import { RULE_IDS } from '../lambda/rules/registry';

/**
 * Lambda allows 4 KB for all environment variables together; the rest of the function's variables take
 * a few hundred bytes, so the config gets what is left with a margin.
 */
export const MAX_CONFIG_ENV_BYTES = 3_500;

/**
 * The text of NETAUDIT_CONFIG for the audit function, or undefined when every setting is a default.
 * It is validated here, at synth, with the same parser the handler uses, so a misspelt rule id or a bad
 * port fails `cdk synth` instead of every run after `cdk deploy`.
 *
 * @param config a netaudit.config.json object, as a user wrote it
 * @param alertThresholds overrides the config's alertThresholds when given
 * @param source names the config in error messages
 */
export function configEnvironmentValue(
  config: ConfigFile | undefined,
  alertThresholds: Partial<Record<Severity, number>> | undefined,
  source: string,
): string | undefined {
  if (config === undefined && alertThresholds === undefined) return undefined;
  // $schema only helps editors; it would waste the small environment budget.
  const { $schema: _schema, ...rest } = config ?? {};
  const merged: ConfigFile = alertThresholds === undefined ? rest : { ...rest, alertThresholds };
  parseConfig(merged, RULE_IDS, source);
  // The user's form, not the parsed one: the handler parses it again with its own defaults.
  const text = JSON.stringify(merged);
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_CONFIG_ENV_BYTES) {
    throw new Error(
      `${source}: the config is ${bytes} bytes as JSON, more than the ${MAX_CONFIG_ENV_BYTES} that fit in the ` +
        `function's environment (Lambda allows 4 KB in total); shorten it, e.g. fewer suppressions`,
    );
  }
  return text;
}
