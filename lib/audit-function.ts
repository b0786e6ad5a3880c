import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Duration } from 'aws-cdk-lib';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import { Architecture, Code, Runtime, Tracing, type IDestination } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/** The project root: bundling resolves the entry and package-lock.json from here. */
const PROJECT_ROOT = path.resolve(__dirname, '..');

/** The NetAudit audit handler that the stack deploys. */
export const DEFAULT_AUDIT_ENTRY = path.join(PROJECT_ROOT, 'lambda', 'handlers', 'audit.ts');

/**
 * Where the published package keeps each handler pre-bundled (scripts/build-package.ts): the constructs
 * compile to dist/lib, so the project root is then dist/.
 */
const PREBUILT_HANDLERS = path.join(PROJECT_ROOT, 'handlers');

/**
 * Where a handler's code comes from. In this repository NodejsFunction bundles the TypeScript entry. In
 * the installed package the sources are absent and the handler's bundle, built at `npm pack`, is
 * deployed as it is, so a consumer's `cdk synth` needs neither esbuild nor our sources.
 */
export function handlerCode(
  entry: string,
): Pick<NodejsFunctionProps, 'entry' | 'code' | 'handler' | 'projectRoot' | 'depsLockFilePath'> {
  if (existsSync(entry)) {
    return {
      entry,
      handler: 'handler',
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
    };
  }
  const prebuilt = path.join(PREBUILT_HANDLERS, path.basename(entry, path.extname(entry)));
  if (!existsSync(path.join(prebuilt, 'index.js'))) {
    throw new Error(`AuditFunction entry ${entry}: no such file, and no pre-built handler at ${prebuilt}`);
  }
  return { code: Code.fromAsset(prebuilt), handler: 'index.handler' };
}

/** Powertools' service name and metrics namespace: the alarm on FailedRuns must match what is emitted. */
export const SERVICE_NAME = 'netaudit';
export const METRICS_NAMESPACE = 'NetAudit';

/** Powertools Logger's levels, quietest last; SILENT drops every line. */
export const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'CRITICAL', 'SILENT'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Properties of {@link AuditFunction}. */
export interface AuditFunctionProps {
  /**
   * The handler file; it must export `handler`.
   * @default DEFAULT_AUDIT_ENTRY, lambda/handlers/audit.ts
   */
  readonly entry?: string;
  /**
   * The execution role. It is passed in so that every permission is granted explicitly by the caller:
   * the function adds no managed policy of its own.
   */
  readonly role: IRole;
  /** The log group the function writes to; the caller owns its retention and removal. */
  readonly logGroup: ILogGroup;
  /** Where asynchronous invocations go once they have failed every retry or grown too old. */
  readonly onFailure: IDestination;
  /**
   * Memory in MB. CPU grows with memory, and a large region's snapshot is held in memory while it is
   * evaluated.
   * @default 1024
   */
  readonly memorySize?: number;
  /**
   * How long one audit may run. Collection pages through every EC2 list of the region.
   * @default Duration.minutes(5)
   */
  readonly timeout?: Duration;
  /**
   * The lowest level the function logs (POWERTOOLS_LOG_LEVEL).
   * @default 'INFO'
   */
  readonly logLevel?: LogLevel;
  /**
   * Environment variables added to those the function always sets (POWERTOOLS_SERVICE_NAME,
   * POWERTOOLS_METRICS_NAMESPACE, POWERTOOLS_LOG_LEVEL, NODE_OPTIONS).
   * @default none
   */
  readonly environment?: Record<string, string>;
}

/**
 * The audit Lambda: the handler bundled by the project's own esbuild (never Docker), on ARM64 and
 * Node.js 22, with source maps, X-Ray active tracing (the handlers trace their AWS clients with the
 * Powertools Tracer), reserved concurrency 1 so that two audits never overlap and publish conflicting
 * findings, and one retry for an asynchronous invocation that fails.
 */
export class AuditFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: AuditFunctionProps) {
    super(scope, id, {
      ...handlerCode(props.entry ?? DEFAULT_AUDIT_ENTRY),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.minutes(5),
      reservedConcurrentExecutions: 1,
      tracing: Tracing.ACTIVE,
      role: props.role,
      logGroup: props.logGroup,
      onFailure: props.onFailure,
      retryAttempts: 1,
      // An event older than an hour is superseded by the next scheduled full audit.
      maxEventAge: Duration.hours(1),
      description: 'NetAudit: audits the network configuration of this account and region',
      environment: {
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: props.logLevel ?? 'INFO',
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      // Ignored when the code is pre-built; scripts/build-package.ts applies the same options there.
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.CJS,
        minify: true,
        sourceMap: true,
        // Stack traces only need file and line; leaving the sources out keeps the package small.
        sourcesContent: false,
        // The handler runs the SDK versions the lockfile pins and the tests exercise, not whichever
        // version the Lambda runtime happens to ship.
        bundleAwsSDK: true,
        // jsonc-parser's "main" is a UMD build whose inner require() calls esbuild cannot follow; its
        // "module" build bundles cleanly (and lets esbuild drop the unused parts of the SDK).
        mainFields: ['module', 'main'],
      },
    });
  }
}
