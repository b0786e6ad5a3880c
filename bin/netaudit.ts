#!/usr/bin/env node
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { auditorPropsFromContext, ContextError } from '../lib/app-options';
import { NetAuditStack } from '../lib/netaudit-stack';

const app = new App();

try {
  new NetAuditStack(app, 'NetAudit', auditorPropsFromContext(app.node));
} catch (err) {
  if (!(err instanceof ContextError)) throw err;
  // A wrong -c value is the user's to fix: say which one, without a stack trace.
  console.error(`netaudit: ${err.message}`);
  process.exit(1);
}

// Every synth checks the AwsSolutions rules; an unacknowledged finding fails it.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
