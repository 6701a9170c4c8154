import { RxwireError } from '@rxwire/core';

/** What a request rejects with when the dialect could not encode it (a custom dialect threw): it was not sent. @internal */
export function encodeFailed(cause: unknown): RxwireError {
  return new RxwireError('ENCODE_FAILED', 'Could not encode the request; it was not sent.', { cause });
}
