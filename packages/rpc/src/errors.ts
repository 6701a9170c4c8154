import { RxwireError, TransportTimeoutError, redact, rootCauseMessage, type RxwireErrorOptions } from '@rxwire/core';

/** Options of {@link RpcError}: what the server's error said, in the dialect's terms. */
export interface RpcErrorOptions extends RxwireErrorOptions {
  /** JSON-RPC's numeric error code (-32601 for an unknown method...). */
  rpcCode?: number;
  /** JSON-RPC's `error.data`. */
  data?: unknown;
  /** aio-openapi's field map, e.g. `{ channel: 'required' }`. */
  errors?: Record<string, string>;
  /** aiorest-ws's `detail`. */
  detail?: string;
  /** The method the failed request called, when the server said it. */
  method?: string;
}

const fields = ['rpcCode', 'data', 'errors', 'detail', 'method'] as const;

/**
 * The server answered a request with an error. Code `RPC_ERROR`; `payload` is the server's error as
 * it arrived.
 *
 * @example
 * ```ts
 * try { await rpc.call('add', { a: 1 }); }
 * catch (e) { if (e instanceof RpcError) console.log(e.message, e.errors, e.rpcCode); }
 * ```
 */
export class RpcError extends RxwireError {
  // Spelled out: a minifier renames the class.
  override readonly name = 'RpcError';
  declare readonly rpcCode?: number;
  declare readonly data?: unknown;
  declare readonly errors?: Record<string, string>;
  declare readonly detail?: string;
  declare readonly method?: string;

  constructor(message: string, options: RpcErrorOptions = {}) {
    super('RPC_ERROR', message, options);
    // Only what the server said becomes a property.
    for (const field of fields) if (options[field] !== undefined) (this as Record<string, unknown>)[field] = options[field];
  }
}

/** A call got no reply within its timeout. Code `RPC_TIMEOUT`. */
export class RpcTimeoutError extends RxwireError {
  override readonly name = 'RpcTimeoutError';
  readonly timeoutMs: number;
  constructor(message: string, timeoutMs: number) {
    super('RPC_TIMEOUT', message);
    this.timeoutMs = timeoutMs;
  }
}

/** `connect()` gave up after `timeoutMs`: the error names the last attempt's failure, if there was one. @internal */
export function notConnectedError(timeoutMs: number, reason: RxwireError | undefined): TransportTimeoutError {
  const why = reason ? `; last attempt failed: ${redact(rootCauseMessage(reason))}` : '';
  return new TransportTimeoutError(`Not connected within ${timeoutMs} ms (timeoutMs)${why}.`, reason ? { cause: reason } : {});
}
