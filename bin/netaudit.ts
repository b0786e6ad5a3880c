#!/usr/bin/env node
import { auditorPropsFromContext, netauditApp } from '../lib/app-options';
import { NetAuditStack } from '../lib/netaudit-stack';

netauditApp((app) => new NetAuditStack(app, 'NetAudit', auditorPropsFromContext(app.node)));
