import { join } from 'node:path';
import { DEFAULT_AUDIT_ENTRY, handlerCode } from '../../lib/audit-function';

/** Where the audit function's code comes from (the installed package's side is pack-install-synth.test.ts). */
describe('handlerCode', () => {
  it('bundles the TypeScript entry where the sources are, as in this repository', () => {
    expect(handlerCode(DEFAULT_AUDIT_ENTRY)).toMatchObject({
      entry: DEFAULT_AUDIT_ENTRY,
      handler: 'handler',
    });
  });

  it('names the entry and the pre-built bundle it looked for when neither exists', () => {
    const entry = join(__dirname, 'no-such-handler.ts');
    expect(() => handlerCode(entry)).toThrow(
      new RegExp(`entry ${entry}: no such file, and no pre-built handler at .*handlers/no-such-handler$`),
    );
  });
});
