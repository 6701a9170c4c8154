import { BadFrameError } from '@rxwire/core';
import { RpcError, type RpcErrorOptions } from '../errors.js';
import type { Incoming } from '../protocol.js';
import { decimal } from './decimal.js';

/** @internal */
export type Json = Record<string, unknown>;

/** Options whose `undefined` means "left out" (as `RpcError` reads them). @internal */
export type Loose<T> = { [K in keyof T]?: T[K] | undefined };

/** @internal */
export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

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

/**
 * A dialect's `decode` for one message: `read` gets the message as an object and its `id` (a string
 * or number id, as a string), and answers what it means, or what is wrong with it (a `BAD_FRAME`).
 * @internal
 */
export function reader(dialect: string, read: (message: Json, id: string | undefined) => Incoming | string): (message: unknown) => Incoming {
  return (message) => {
    if (!isRecord(message)) return badMessage(dialect, message, 'expected a JSON object');
    const { id } = message;
    const incoming = read(message, typeof id === 'string' ? id : typeof id === 'number' ? decimal(id) : undefined);
    return typeof incoming === 'string' ? badMessage(dialect, message, incoming) : incoming;
  };
}

/**
 * The server's error reply: an `error` for the call `id`, or without an id (it cannot be matched; the
 * server leaves empty keys out) a `problem` to report. `options` picks the dialect's extra fields.
 * @internal
 */
export function errorReply(id: string | undefined, error: unknown, options: (body: Json) => Loose<RpcErrorOptions>): Incoming {
  const body = isRecord(error) ? error : { message: error };
  const message = typeof body.message === 'string' ? body.message : 'The server answered with an error.';
  const rpcError = new RpcError(message, { ...options(body), payload: error } as RpcErrorOptions);
  return id === undefined ? { kind: 'problem', error: rpcError } : { kind: 'error', id, error: rpcError };
}
