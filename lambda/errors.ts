/**
 * An error in what the user gave us (a file, a flag, a config value). The CLI prints its message alone,
 * without a stack trace, and exits 2.
 */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}
