import { RxwireError, type RxwireErrorOptions } from '@rxwire/core';

/** The parts of a Bayeux error string `"code:args:message"`. */
export interface ParsedBayeuxError {
  /** Numeric code, e.g. 401; `undefined` when the string has none. */
  code: number | undefined;
  args: string[];
  message: string;
}

/**
 * Parses a Bayeux error string loosely: `"402::session_unknown"`, `"403:/foo:Forbidden channel"`,
 * or free text.
 */
export function parseBayeuxError(error: string | undefined): ParsedBayeuxError {
  if (!error) return { code: undefined, args: [], message: '' };
  const match = /^(\d{3}):([^:]*):(.*)$/s.exec(error);
  if (!match) return { code: undefined, args: [], message: error };
  const args = (match[2] as string) === '' ? [] : (match[2] as string).split(',');
  return { code: Number(match[1]), args, message: match[3] as string };
}

/**
 * An error the Bayeux server reported (or a Bayeux-level failure). `code` is rxwire's stable code
 * (`HANDSHAKE_DENIED`, `SUBSCRIBE_DENIED`, `PUBLISH_FAILED`, `UNSUPPORTED_CONNECTION_TYPE`...);
 * `serverError` is the server's own `error` string, and `payload` the whole reply.
 *
 * @example
 * ```ts
 * try { await client.publish('/chat', 'hi'); }
 * catch (e) { if (e instanceof BayeuxError) console.log(e.code, e.serverError); }
 * ```
 */
export class BayeuxError extends RxwireError {
  // Spelled out: a minifier renames the class.
  override readonly name = 'BayeuxError';
  /** The server's `error` string, e.g. `"403::subscribe_denied"`, if it sent one. */
  declare readonly serverError: string | undefined;
  /** The channel concerned, when there is one. */
  declare readonly channel: string | undefined;

  constructor(code: string, message: string, options: RxwireErrorOptions & { serverError?: string | undefined; channel?: string | undefined } = {}) {
    super(code, message, options);
    this.serverError = options.serverError;
    this.channel = options.channel;
  }
}

/** A BayeuxError for an unsuccessful reply, carrying the server's error string and the reply. @internal */
export function replyError(code: string, what: string, reply: { error?: string }, channel?: string, cause?: unknown): BayeuxError {
  return new BayeuxError(code, `${what}: ${reply.error ?? 'no reason given'}.`, { payload: reply, channel, serverError: reply.error, cause });
}
