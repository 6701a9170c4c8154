import { ConnectionLostError, MessageTooLargeError, redact, TransportTimeoutError, type Clock, type FetchLike, type RxwireError, type TimerHandle } from '@rxwire/core';
import { setCookieHeaders, type CookieJar } from './cookieJar.js';
import { badItem, toMessageArray, type BayeuxMessage } from './message.js';
import type { BayeuxTransport, JsonFunctions, TransportSink } from './transport.js';

/** Options of {@link LongPollingTransport}. @internal */
export interface LongPollingOptions {
  /** The current server URL (it may change when failing over). */
  url: () => string;
  fetch: FetchLike;
  json: JsonFunctions;
  clock: Clock;
  sink: TransportSink;
  headers?: Record<string, string>;
  /** Node: cookies kept by the client, sent to their own origin only. */
  cookies?: CookieJar;
  /** Browser: send the browser's cookies. */
  credentials?: RequestCredentials;
  /** Node: node-fetch's `agent` option. */
  agent?: unknown;
  /** Hard limit of a non-held request. @default 15000 */
  requestTimeoutMs?: number;
  /** A response body longer than this (characters) is discarded: the request fails with `MESSAGE_TOO_LARGE`. */
  maxMessageSize?: number | undefined;
  /** Non-fatal problems: items of a reply that are no Bayeux message. */
  onError?: (error: RxwireError) => void;
}

interface Lane {
  queue: BayeuxMessage[];
  inFlight: { messages: BayeuxMessage[]; controller: AbortController; timer: TimerHandle | undefined } | undefined;
}

/**
 * Bayeux long-polling: each batch is a JSON array POSTed to the server URL. At most two requests at
 * a time: one lane carries `/meta/connect` (held by the server), the other everything else; what is
 * sent while a lane is busy waits and goes out as one batch. @internal
 */
export class LongPollingTransport implements BayeuxTransport {
  readonly type = 'long-polling' as const;
  private readonly connectLane: Lane = { queue: [], inFlight: undefined };
  private readonly otherLane: Lane = { queue: [], inFlight: undefined };
  private closed = false;

  constructor(private readonly options: LongPollingOptions) {}

  send(messages: BayeuxMessage[]): void {
    if (this.closed) {
      this.options.sink.fail(messages, new ConnectionLostError('The long-polling transport is closed.'));
      return;
    }
    for (const m of messages) (m.channel === '/meta/connect' ? this.connectLane : this.otherLane).queue.push(m);
    this.pump(this.connectLane, false);
    this.pump(this.otherLane, true);
  }

  reset(): void {
    for (const lane of [this.connectLane, this.otherLane]) lane.inFlight?.controller.abort();
  }

  pause(): void {}

  resume(): void {}

  close(): void {
    this.closed = true;
    this.reset();
    for (const lane of [this.connectLane, this.otherLane]) lane.queue = [];
  }

  private pump(lane: Lane, timed: boolean): void {
    if (lane.inFlight || lane.queue.length === 0 || this.closed) return;
    const messages = lane.queue;
    lane.queue = [];
    const controller = new AbortController();
    const timeoutMs = this.options.requestTimeoutMs ?? 15_000;
    let timedOut = false;
    const timer = timed
      ? this.options.clock.setTimeout(() => {
          timedOut = true;
          controller.abort();
        }, timeoutMs)
      : undefined;
    lane.inFlight = { messages, controller, timer };
    void this.post(messages, controller.signal).then(
      (replies) => {
        this.finish(lane, timer);
        this.options.sink.receive(replies);
      },
      (error: RxwireError) => {
        this.finish(lane, timer);
        this.options.sink.fail(
          messages,
          timedOut ? new TransportTimeoutError(`The HTTP request got no response within ${timeoutMs} ms.`, { cause: error }) : error,
        );
      },
    );
  }

  private finish(lane: Lane, timer: TimerHandle | undefined): void {
    if (timer !== undefined) this.options.clock.clearTimeout(timer);
    lane.inFlight = undefined;
    // Let the sink react first (it may queue more), then send what waited.
    queueMicrotask(() => this.pump(lane, lane === this.otherLane));
  }

  private async post(messages: BayeuxMessage[], signal: AbortSignal): Promise<BayeuxMessage[]> {
    const url = this.options.url();
    const headers: Record<string, string> = { 'Content-Type': 'application/json;charset=UTF-8', ...this.options.headers };
    const cookie = this.options.cookies?.header(url);
    if (cookie) headers['Cookie'] = cookie;
    const init: RequestInit & { agent?: unknown } = { method: 'POST', headers, body: this.options.json.stringify(messages), signal };
    if (this.options.credentials) init.credentials = this.options.credentials;
    // A goodbye sent while a page unloads must outlive the page.
    if (messages.some((m) => m.channel === '/meta/disconnect')) init.keepalive = true;
    if (this.options.agent) init.agent = this.options.agent;
    let response: Response;
    let text: string;
    try {
      response = await this.options.fetch(url, init);
      if (this.options.cookies) this.options.cookies.store(url, setCookieHeaders(response.headers));
      text = await response.text();
    } catch (cause) {
      // fetch errors quote the whole URL (query tokens included): redact them before they travel on.
      throw new ConnectionLostError(`The HTTP request to ${redact(url)} failed.`, { cause: redactError(cause) });
    }
    const limit = this.options.maxMessageSize;
    if (limit !== undefined && text.length > limit) throw new MessageTooLargeError(text.length, limit);
    if (!response.ok) {
      throw new ConnectionLostError(`The server answered HTTP ${response.status} to a Bayeux request at ${redact(url)}.`, {
        payload: text,
      });
    }
    let body: unknown;
    try {
      body = this.options.json.parse(text);
    } catch (cause) {
      throw new ConnectionLostError(`The server's reply at ${redact(url)} is not JSON.`, { cause: redactError(cause), payload: text });
    }
    return toMessageArray(body, (item, why) => this.options.onError?.(badItem(item, why)));
  }
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
