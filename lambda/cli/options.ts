import { InvalidArgumentError } from 'commander';
import { loadConfigFile, defaultConfig, type AuditConfig } from '../config/config';
import { SEVERITIES, type Severity } from '../engine/severity';
import { RULE_IDS } from '../rules/registry';

/** Commander argument parsers that reject bad values with a message naming the accepted ones. */
export function oneOf<T extends string>(allowed: readonly T[]) {
  return (value: string): T => {
    const v = value.trim();
    const match = allowed.find((a) => a.toLowerCase() === v.toLowerCase());
    if (!match) throw new InvalidArgumentError(`use one of ${allowed.join(', ')}`);
    return match;
  };
}

export const parseSeverity = oneOf<Severity>(SEVERITIES);

export function collect(value: string, previous: string[] = []): string[] {
  return [
    ...previous,
    ...value
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean),
  ];
}

export function parseVpcId(value: string, previous: string[] = []): string[] {
  const ids = collect(value);
  for (const id of ids) {
    if (!/^vpc-[0-9a-f]+$/i.test(id)) throw new InvalidArgumentError(`"${id}" is not a VPC id (vpc-...)`);
  }
  return [...previous, ...ids];
}

export function loadConfig(path: string | undefined): AuditConfig {
  return path ? loadConfigFile(path, RULE_IDS) : defaultConfig();
}
