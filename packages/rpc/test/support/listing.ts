import type { Incoming, Protocol } from '../../src/protocol.js';

/**
 * The dialect with a `decode` that always answers a list: a dialect answers one item for one
 * message (no array per frame on the hot path) and a list for a batch; tests compare lists.
 */
export function listing<P extends Protocol>(protocol: P): Omit<P, 'decode'> & { decode(message: unknown): Incoming[] } {
  return { ...protocol, decode: (message: unknown) => [protocol.decode(message)].flat() };
}
