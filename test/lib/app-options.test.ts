import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { auditorPropsFromContext, ContextError } from '../../lib/app-options';

/** What `-c key=value` gives the app: strings (cdk.json may hold booleans and numbers too). */
function fromContext(values: Record<string, unknown>, baseDir?: string) {
  return auditorPropsFromContext({ tryGetContext: (key) => values[key] }, baseDir);
}

/** The message the app prints, checked to be one line that names the key. */
function contextError(values: Record<string, unknown>, baseDir?: string): string {
  try {
    fromContext(values, baseDir);
  } catch (err) {
    expect(err).toBeInstanceOf(ContextError);
    const message = (err as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('expected a ContextError');
}

function scheduleOf(values: Record<string, unknown>): string | undefined {
  return fromContext(values).schedule?.expressionString;
}

describe('context options', () => {
  it('leave every construct default in place when no context is given', () => {
    expect(fromContext({})).toEqual({
      alertEmails: undefined,
      alarmEmails: undefined,
      logLevel: undefined,
      schedule: undefined,
      config: undefined,
      changeTrigger: undefined,
      publishToSecurityHub: undefined,
      enableSecurityHub: undefined,
      logRetention: undefined,
      memorySize: undefined,
    });
  });

  describe('alarmEmail', () => {
    it('takes addresses as alertEmail does, naming its own key when one is wrong', () => {
      expect(fromContext({ alarmEmail: 'oncall@example.com' }).alarmEmails).toEqual(['oncall@example.com']);
      expect(contextError({ alarmEmail: 'oncall' })).toBe(
        '-c alarmEmail: "oncall" is not an email address (separate several with commas)',
      );
    });
  });

  describe('logLevel', () => {
    it('takes a Powertools log level, in any case', () => {
      expect(fromContext({ logLevel: 'debug' }).logLevel).toBe('DEBUG');
      expect(fromContext({ logLevel: 'WARN' }).logLevel).toBe('WARN');
    });

    it('rejects anything else, listing the levels', () => {
      expect(contextError({ logLevel: 'verbose' })).toBe(
        '-c logLevel: "verbose" is not one of TRACE, DEBUG, INFO, WARN, ERROR, CRITICAL, SILENT',
      );
    });
  });

  describe('alertEmail', () => {
    it('takes one address or several separated by commas', () => {
      expect(fromContext({ alertEmail: 'ops@example.com' }).alertEmails).toEqual(['ops@example.com']);
      expect(fromContext({ alertEmail: 'ops@example.com, sec@example.org' }).alertEmails).toEqual([
        'ops@example.com',
        'sec@example.org',
      ]);
    });

    it('rejects something that is not an address', () => {
      expect(contextError({ alertEmail: 'ops@example.com;sec@example.com' })).toBe(
        '-c alertEmail: "ops@example.com;sec@example.com" is not an email address (separate several with commas)',
      );
      expect(contextError({ alertEmail: ' , ' })).toBe('-c alertEmail: is empty; give one or more addresses');
    });
  });

  describe('schedule', () => {
    it('accepts EventBridge rate and cron expressions', () => {
      expect(scheduleOf({ schedule: 'rate(1 hour)' })).toBe('rate(1 hour)');
      expect(scheduleOf({ schedule: 'rate(15 minutes)' })).toBe('rate(15 minutes)');
      expect(scheduleOf({ schedule: 'cron(0 6 * * ? *)' })).toBe('cron(0 6 * * ? *)');
    });

    it('rejects what EventBridge would reject at deploy time', () => {
      expect(contextError({ schedule: 'hourly' })).toMatch(
        /^-c schedule: "hourly" is neither rate\(\.\.\.\) nor cron/,
      );
      expect(contextError({ schedule: 'rate(1 hours)' })).toBe(
        '-c schedule: "rate(1 hours)": EventBridge needs "rate(1 hour)"',
      );
      expect(contextError({ schedule: 'rate(2 day)' })).toBe(
        '-c schedule: "rate(2 day)": EventBridge needs "rate(2 days)"',
      );
      expect(contextError({ schedule: 'rate(0 minutes)' })).toBe(
        '-c schedule: "rate(0 minutes)": the rate must be at least 1',
      );
      expect(contextError({ schedule: 'cron(0 6 * * *)' })).toMatch(
        /^-c schedule: "cron\(0 6 \* \* \*\)" is neither/,
      );
    });
  });

  describe('booleans', () => {
    it('read true and false as strings or booleans', () => {
      expect(fromContext({ changeTrigger: 'false' }).changeTrigger).toBe(false);
      expect(fromContext({ enableSecurityHub: 'true' }).enableSecurityHub).toBe(true);
      expect(fromContext({ publishToSecurityHub: false }).publishToSecurityHub).toBe(false);
    });

    it('reject anything else, naming the key', () => {
      expect(contextError({ changeTrigger: 'no' })).toBe('-c changeTrigger: "no" is not true or false');
      expect(contextError({ enableSecurityHub: 'yes' })).toBe(
        '-c enableSecurityHub: "yes" is not true or false',
      );
    });
  });

  describe('logRetentionDays', () => {
    it('takes a CloudWatch Logs retention in days', () => {
      expect(fromContext({ logRetentionDays: '30' }).logRetention).toBe(RetentionDays.ONE_MONTH);
      expect(fromContext({ logRetentionDays: 365 }).logRetention).toBe(RetentionDays.ONE_YEAR);
    });

    it('rejects a number of days CloudWatch Logs does not offer', () => {
      expect(contextError({ logRetentionDays: '45' })).toMatch(
        /^-c logRetentionDays: "45" is not a CloudWatch Logs retention; use one of 1, 3, 5, 7, 14, 30,/,
      );
    });
  });

  describe('memorySize', () => {
    it('takes whole MB from 128 to 10240', () => {
      expect(fromContext({ memorySize: '2048' }).memorySize).toBe(2048);
    });

    it('rejects anything else', () => {
      for (const bad of ['64', '20000', '1.5', 'lots']) {
        expect(contextError({ memorySize: bad })).toBe(
          `-c memorySize: "${bad}" is not a whole number of MB from 128 to 10240`,
        );
      }
    });
  });

  describe('configFile', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'netaudit-config-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    const write = (name: string, text: string): string => {
      writeFileSync(path.join(dir, name), text);
      return name;
    };

    it('reads a netaudit.config.json relative to the directory cdk runs in', () => {
      const file = write('netaudit.config.json', JSON.stringify({ disabledRules: ['SG.2'] }));

      expect(fromContext({ configFile: file }, dir).config).toEqual({ disabledRules: ['SG.2'] });
    });

    it('rejects a missing file, invalid JSON and an invalid config, each on one line', () => {
      expect(contextError({ configFile: 'absent.json' }, dir)).toBe(
        `-c configFile: config file not found: ${path.join(dir, 'absent.json')}`,
      );
      expect(contextError({ configFile: write('broken.json', '{\n  "disabledRules": [,]\n}') }, dir)).toMatch(
        /^-c configFile: .*broken\.json:2:\d+: invalid JSON/,
      );
      expect(contextError({ configFile: write('typo.json', '{"disabledRules": ["SG.99"]}') }, dir)).toMatch(
        /^-c configFile: .*typo\.json: disabledRules\[0\]: unknown rule id "SG.99"/,
      );
      expect(contextError({ configFile: write('wrong.json', '{"adminPorts": "22"}') }, dir)).toMatch(
        /^-c configFile: .*wrong\.json: invalid config; adminPorts/,
      );
    });
  });
});

describe('the CDK app', () => {
  it('is run by cdk.json with tsx, under every feature flag CDK recommends', () => {
    const cdkJson = JSON.parse(readFileSync(path.resolve(__dirname, '..', '..', 'cdk.json'), 'utf8')) as {
      app: string;
      context: Record<string, unknown>;
    };
    const recommended = JSON.parse(
      readFileSync(require.resolve('aws-cdk-lib/recommended-feature-flags.json'), 'utf8'),
    ) as Record<string, unknown>;

    expect(cdkJson.app).toBe('npx tsx bin/netaudit.ts');
    expect(cdkJson.context).toMatchObject(recommended);
  });

  it('stops synth on a bad context value with one line naming the key and no stack trace', () => {
    const outdir = mkdtempSync(path.join(tmpdir(), 'netaudit-cdk-out-'));
    try {
      // This is how the cdk CLI hands `-c schedule=hourly` to the app.
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'bin/netaudit.ts'], {
        cwd: path.resolve(__dirname, '..', '..'),
        env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify({ schedule: 'hourly' }), CDK_OUTDIR: outdir },
        encoding: 'utf8',
      });

      expect(run.status).toBe(1);
      expect(run.stderr.trim().split('\n')).toEqual([
        'netaudit: -c schedule: "hourly" is neither rate(...) nor cron(...) with 6 fields, ' +
          'e.g. "rate(1 hour)" or "cron(0 6 * * ? *)"',
      ]);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
