import * as path from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ConfigFile } from '../lambda/config/config';
import { parseJson, readTextFile } from '../lambda/snapshot/load';
import { configEnvironmentValue } from './audit-config';
import { LOG_LEVELS, type LogLevel } from './audit-function';
import { isEmailAddress, type NetworkAuditorProps } from './network-auditor';

/** A bad `-c key=value`. Its message is one line that names the key, for the CDK app to print alone. */
export class ContextError extends Error {
  constructor(key: string, problem: string) {
    super(`-c ${key}: ${problem}`);
    this.name = 'ContextError';
  }
}

/**
 * A CDK app of this project: `build` adds its stack from the context. A wrong -c value (as `isUsersMistake`
 * tells) is the user's to fix, so it is printed in one line that names it, without a stack trace, and the
 * app exits 1. Every synth then checks the AwsSolutions rules: an unacknowledged finding fails it.
 */
export function netauditApp(
  build: (app: App) => void,
  isUsersMistake: (err: unknown) => err is Error = (err): err is Error => err instanceof ContextError,
): App {
  const app = new App();
  try {
    build(app);
  } catch (err) {
    if (!isUsersMistake(err)) throw err;
    console.error(`netaudit: ${err.message}`);
    process.exit(1);
  }
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return app;
}

/** Where context values come from: `app.node` in the CDK app. */
export interface ContextSource {
  tryGetContext(key: string): unknown;
}

/** The context keys the NetAudit app reads, each documented in docs/deploy.md. */
export const CONTEXT_KEYS = [
  'alertEmail',
  'alarmEmail',
  'schedule',
  'configFile',
  'changeTrigger',
  'publishToSecurityHub',
  'enableSecurityHub',
  'logRetentionDays',
  'memorySize',
  'logLevel',
] as const;

/**
 * Reads the NetworkAuditor options from CDK context (`-c key=value` or cdk.json), validating every value
 * so that a mistake fails `cdk synth` with a message naming the key. Absent keys keep the construct's
 * defaults.
 *
 * @param baseDir resolves a relative `configFile`; the directory `cdk` runs in
 */
export function auditorPropsFromContext(
  context: ContextSource,
  baseDir = process.cwd(),
): NetworkAuditorProps {
  const get = (key: (typeof CONTEXT_KEYS)[number]): unknown => context.tryGetContext(key);
  return {
    alertEmails: emails('alertEmail', get('alertEmail')),
    alarmEmails: emails('alarmEmail', get('alarmEmail')),
    schedule: schedule(get('schedule')),
    config: configFile(get('configFile'), baseDir),
    changeTrigger: bool('changeTrigger', get('changeTrigger')),
    publishToSecurityHub: bool('publishToSecurityHub', get('publishToSecurityHub')),
    enableSecurityHub: bool('enableSecurityHub', get('enableSecurityHub')),
    logRetention: retention(get('logRetentionDays')),
    memorySize: memory(get('memorySize')),
    logLevel: logLevel(get('logLevel')),
  };
}

function emails(key: 'alertEmail' | 'alarmEmail', value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? value : String(value).split(',');
  const trimmed = list.map((e) => String(e).trim()).filter((e) => e !== '');
  if (trimmed.length === 0) throw new ContextError(key, 'is empty; give one or more addresses');
  const bad = trimmed.find((e) => !isEmailAddress(e));
  if (bad !== undefined) {
    throw new ContextError(key, `"${bad}" is not an email address (separate several with commas)`);
  }
  return trimmed;
}

function logLevel(value: unknown): LogLevel | undefined {
  if (value === undefined) return undefined;
  const level = String(value).trim().toUpperCase();
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new ContextError('logLevel', `"${String(value)}" is not one of ${LOG_LEVELS.join(', ')}`);
  }
  return level as LogLevel;
}

const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;
const CRON = /^cron\(\S+( \S+){5}\)$/;

/** EventBridge's own rules: rate value ≥ 1, singular unit for 1 and plural otherwise; cron has 6 fields. */
function schedule(value: unknown): Schedule | undefined {
  if (value === undefined) return undefined;
  const text = String(value).trim();
  const rate = RATE.exec(text);
  if (rate) {
    const amount = Number(rate[1]);
    const unit = rate[2]!;
    if (amount < 1) throw new ContextError('schedule', `"${text}": the rate must be at least 1`);
    if ((amount === 1) === unit.endsWith('s')) {
      const fixed = amount === 1 ? unit.slice(0, -1) : `${unit}s`;
      throw new ContextError('schedule', `"${text}": EventBridge needs "rate(${amount} ${fixed})"`);
    }
    return Schedule.expression(text);
  }
  if (CRON.test(text)) return Schedule.expression(text);
  throw new ContextError(
    'schedule',
    `"${text}" is neither rate(...) nor cron(...) with 6 fields, e.g. "rate(1 hour)" or "cron(0 6 * * ? *)"`,
  );
}

function configFile(value: unknown, baseDir: string): ConfigFile | undefined {
  if (value === undefined) return undefined;
  const file = path.resolve(baseDir, String(value));
  try {
    const data = parseJson(readTextFile(file, 'config file'), file);
    configEnvironmentValue(data as ConfigFile, undefined, file);
    return data as ConfigFile;
  } catch (err) {
    // The parser reports every problem on its own line; the app prints one line.
    throw new ContextError('configFile', (err as Error).message.replace(/\s*\n\s*/g, '; '));
  }
}

function bool(key: (typeof CONTEXT_KEYS)[number], value: unknown): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  const text = String(value).trim().toLowerCase();
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw new ContextError(key, `"${String(value)}" is not true or false`);
}

const RETENTION_DAYS = Object.values(RetentionDays).filter((v): v is number => typeof v === 'number');

function retention(value: unknown): RetentionDays | undefined {
  if (value === undefined) return undefined;
  const days = Number(value);
  const known = RETENTION_DAYS.filter((d) => d !== RetentionDays.INFINITE);
  if (!Number.isInteger(days) || !RETENTION_DAYS.includes(days)) {
    throw new ContextError(
      'logRetentionDays',
      `"${String(value)}" is not a CloudWatch Logs retention; use one of ${known.join(', ')} ` +
        `(or ${RetentionDays.INFINITE} to keep logs forever)`,
    );
  }
  return days as RetentionDays;
}

function memory(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const mb = Number(value);
  if (!Number.isInteger(mb) || mb < 128 || mb > 10_240) {
    throw new ContextError('memorySize', `"${String(value)}" is not a whole number of MB from 128 to 10240`);
  }
  return mb;
}
