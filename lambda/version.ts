import pkg from '../package.json';

/** NetAudit's version, from package.json at build time (bundled into the Lambda and the CLI). */
export const NETAUDIT_VERSION: string = pkg.version;
export const NETAUDIT_NAME = 'NetAudit';
