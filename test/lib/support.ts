import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App } from 'aws-cdk-lib';
import { NetAuditStack, type NetAuditStackProps } from '../../lib/netaudit-stack';

const ROOT = path.resolve(__dirname, '..', '..');

/** A handler file that exists whatever the state of lambda/handlers: bundling is skipped anyway. */
export const FIXTURE_ENTRY = path.join(__dirname, 'fixtures', 'handler.ts');

/** The feature flags of cdk.json, so that tests build what `cdk synth` builds. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(path.join(ROOT, 'cdk.json'), 'utf8')) as {
    context: Record<string, unknown>;
  };
  return cdkJson.context;
}

/** An app whose stacks skip bundling: the unit tests look at the template, not at the code. */
export function unbundledApp(context: Record<string, unknown> = {}): App {
  return new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], ...context } });
}

export function buildStack(props: NetAuditStackProps = {}): NetAuditStack {
  return new NetAuditStack(unbundledApp(), 'NetAudit', { entry: FIXTURE_ENTRY, ...props });
}
