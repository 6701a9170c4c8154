import { ConnectionLostError, defaultFetch, MessageTooLargeError, redact, rootCauseMessage, TransportTimeoutError, type Clock, type FetchLike, type RxwireError } from '@rxwire/core';
import type { CookieJar } from './cookieJar.js';
import { CONNECT, DISCONNECT, type BayeuxMessage } from '../message.js';
import type { BayeuxTransport, JsonFunctions, TransportSink } from './transport.js';
import type { TransportFactory } from './transportFactories.js';

/** Options of {@link LongPollingTransport}. @internal */
export interface LongPollingOptions {
  /** The current server URL (it may change when failing over). */
  url: () => string;
  /** Whether a URL is one the app gave; others get no headers, cookies or TLS client options. @default every URL */
  isAppUrl?: ((url: string) => boolean) | undefined;
  fetch: FetchLike;
  json: JsonFunctions;
  clock: Clock;
  sink: TransportSink;
  headers?: Record<string, string>;
  /** Node: cookies kept by the client, sent to their own origin only. */
  cookies?: CookieJar | undefined;
  /** Browser: send the browser's cookies. */
  credentials?: RequestCredentials | undefined;
  /** Node: node-fetch's `agent` option. */
  agent?: unknown;
  /** Node: the agent for URLs the app did not give (no TLS client certificate). */
  anonymousAgent?: unknown;
  /** Hard limit of a non-held request. @default 15000 */
  requestTimeoutMs?: number | undefined;
  /** A response body longer than this (characters) is discarded: the request fails with `MESSAGE_TOO_LARGE`. */
  maxMessageSize?: number | undefined;
}

interface Lane {
  queue: BayeuxMessage[];
  /** Aborts the request in flight, if any. */
  abort: (() => void) | undefined;
}

/**
 * Bayeux long-polling: each batch is a JSON array POSTed to the server URL. At most two requests at
 * a time: one lane carries `/meta/connect` (held by the server), the other everything else; what is
 * sent while a lane is busy waits and goes out as one batch. @internal
 */
export class LongPollingTransport implements BayeuxTransport {
  readonly #options: LongPollingOptions;
  /** [connect lane, other lane] */
  readonly #lanes: [Lane, Lane] = [
    { queue: [], abort: undefined },
    { queue: [], abort: undefined },
  ];
  #closed = false;

  constructor(options: LongPollingOptions) {
    this.#options = options;
  }

  send(messages: BayeuxMessage[]): void {
    if (this.#closed) {
      this.#options.sink.fail(messages, new ConnectionLostError('The long-polling transport is closed.'));
      return;
    }
    const lanes = this.#lanes;
    for (const m of messages) lanes[m.channel === CONNECT ? 0 : 1].queue.push(m);
    this.#pump(0);
    this.#pump(1);
  }

  reset(): void {
    for (const lane of this.#lanes) lane.abort?.();
  }

  pause(): void {}

  resume(): void {}

  close(): void {
    this.#closed = true;
    this.reset();
    for (const lane of this.#lanes) lane.queue = [];
  }

  /** Sends what waits on a lane; only the connect lane (0) is held by the server, so only lane 1 is timed. */
  #pump(index: 0 | 1): void {
    const lane = this.#lanes[index];
    if (lane.abort || !lane.queue.length || this.#closed) return;
    const o = this.#options;
    const messages = lane.queue;
    lane.queue = [];
    const controller = new AbortController();
    const timeoutMs = o.requestTimeoutMs ?? 15_000;
    let timedOut = false;
    const timer = index
      ? o.clock.setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, timeoutMs)
      : undefined;
    lane.abort = () => controller.abort();
    const finish = (): void => {
      if (timer !== undefined) o.clock.clearTimeout(timer);
      lane.abort = undefined;
      // Let the sink react first (it may queue more), then send what waited.
      queueMicrotask(() => this.#pump(index));
    };
    void this.#post(messages, controller.signal).then(
      (replies) => {
        finish();
        o.sink.receive(replies);
        // A response that carries no reply to a connect it answers (null, [], only events...) would
        // leave the session waiting out the connect's timeout: that connect failed, now.
        const unanswered = messages.filter((m) => m.channel === CONNECT && !answers(replies, m.id));
        if (unanswered.length) {
          o.sink.fail(unanswered, new ConnectionLostError(`The server's response at ${redact(o.url())} carried no reply to /meta/connect.`, { payload: replies }));
        }
      },
      (error: RxwireError) => {
        finish();
        o.sink.fail(messages, timedOut ? new TransportTimeoutError(`The HTTP request got no response within ${timeoutMs} ms.`, { cause: error }) : error);
      },
    );
  }

  async #post(messages: BayeuxMessage[], signal: AbortSignal): Promise<BayeuxMessage[]> {
    const o = this.#options;
    const url = o.url();
    // Credentials go only to the app's own URLs, never to a host a server advised.
    const appUrl = o.isAppUrl?.(url) ?? true;
    const headers: Record<string, string> = { 'Content-Type': 'application/json;charset=UTF-8', ...(appUrl ? o.headers : undefined) };
    const cookies = appUrl ? o.cookies : undefined;
    const cookie = cookies?.header(url);
    if (cookie) headers['Cookie'] = cookie;
    const init = {
      method: 'POST',
      headers,
      body: o.json.stringify(messages),
      signal,
      // A host a server advised gets none of the browser's cookies either.
      credentials: appUrl ? o.credentials : o.credentials && 'omit',
      // A goodbye sent while a page unloads must outlive the page.
      keepalive: messages.some((m) => m.channel === DISCONNECT) || undefined,
      agent: appUrl ? o.agent : o.anonymousAgent,
    } as RequestInit;
    let response: Response;
    let text: string;
    try {
      response = await o.fetch(url, init);
      cookies?.store(url, response.headers);
      text = await response.text();
    } catch (cause) {
      // fetch errors quote the whole URL (query tokens included): redact them before they travel on.
      const why = redact(rootCauseMessage(cause));
      throw new ConnectionLostError(`The HTTP request to ${redact(url)} failed: ${why}.`, { cause: redactError(cause) });
    }
    const limit = o.maxMessageSize;
    if (limit !== undefined && text.length > limit) throw new MessageTooLargeError(text.length, limit);
    if (!response.ok) {
      throw new ConnectionLostError(`The server answered HTTP ${response.status} to a Bayeux request at ${redact(url)}.`, {
        payload: text,
      });
    }
    let body: unknown;
    try {
      body = o.json.parse(text);
    } catch (cause) {
      throw new ConnectionLostError(`The server's reply at ${redact(url)} is not JSON.`, { cause: redactError(cause), payload: text });
    }
    // Unchecked: the session checks each message (and reports what is no message) as it takes them.
    return (Array.isArray(body) ? body : [body]) as BayeuxMessage[];
  }
}

/** Whether a response holds a reply (a message with `successful`) to the request with this id. */
function answers(replies: readonly unknown[], id: string | undefined): boolean {
  return replies.some((reply) => typeof reply === 'object' && reply !== null && 'successful' in reply && (reply as BayeuxMessage).id === id);
}

/** Redacts credentials from an error's message and stack, down its cause chain (the error is ours alone). @internal */
export function redactError(error: unknown, depth = 0): unknown {
  if (!(error instanceof Error) || depth > 5) return error;
  try {
    error.message = redact(error.message);
    if (typeof error.stack === 'string') error.stack = redact(error.stack);
  } catch {
    // A frozen error: leave it as it is.
  }
  redactError(error.cause, depth + 1);
  return error;
}

/** The long-polling transport, configured from the client's options. @internal */
export const createLongPollingTransport: TransportFactory = (context) => {
  const o = context.options;
  return new LongPollingTransport({
    url: context.url,
    isAppUrl: context.isAppUrl,
    json: context.json,
    clock: context.clock,
    sink: context.sink,
    headers: context.headers,
    cookies: context.cookies,
    maxMessageSize: o.maxMessageSize,
    fetch: o.fetch ?? defaultFetch(),
    // Browsers keep the cookies themselves: send them. Node sends those of the client's jar.
    credentials: context.cookies ? undefined : 'include',
    agent: context.agents?.agent,
    anonymousAgent: context.agents?.anonymousAgent,
    // A bit more than the session's own reply timeout, so that the session decides first.
    requestTimeoutMs: (o.requestTimeoutMs ?? 10_000) + 5_000,
  });
};
