import { BadFrameError } from '@rxwire/core';

/** A `problem` for a message of the wrong shape. @internal */
export function badMessage(dialect: string, message: unknown, what: string): { kind: 'problem'; error: BadFrameError } {
  let size = 0;
  try {
    size = JSON.stringify(message)?.length ?? 0;
  } catch {
    // Unmeasurable: size stays 0.
  }
  return {
    kind: 'problem',
    error: new BadFrameError(`Skipped an inbound ${dialect} message: ${what}.`, size, { payload: message }),
  };
}
