import { RxwireError } from '@rxwire/core';

/**
 * The command line could not be understood: an unknown command, a missing or malformed argument.
 * Code `BAD_ARGUMENTS`; the CLI prints it with a usage hint and exits with code 2.
 */
export class UsageError extends RxwireError {
  override readonly name = 'UsageError';
  constructor(message: string) {
    super('BAD_ARGUMENTS', message);
  }
}
