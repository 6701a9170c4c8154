import {
  ConnectionLostError,
  IdTable,
  jsonCodec,
  SendPipe,
  SocketLink,
  toWebSocketUrl,
  type Clock,
  type Codec,
  type RxwireError,
  type TlsOptions,
  type WebSocketConstructor,
} from '@rxwire/core';
import type { CookieJar } from './cookieJar.js';
import { CONNECT, type BayeuxMessage } from '../message.js';
import type { BayeuxTransport, JsonFunctions, TransportSink } from './transport.js';
import type { TransportFactory } from './transportFactories.js';

/** Options of {@link WebSocketTransport}. @internal */
export interface WebSocketTransportOptions {
  /** The current server URL (http(s) or ws(s)); its scheme is swapped to ws(s). */
  url: () => string;
  /** Overrides the URL derived from `url`. */
  webSocketUrl?: string | undefined;
  /** Whether a URL is one the app gave; others get no headers, cookies or TLS client options. @default every URL */
  isAppUrl?: ((url: string) => boolean) | undefined;
  json: JsonFunctions;
  clock: Clock;
  sink: TransportSink;
  WebSocket?: WebSocketConstructor | undefined;
  /** Node only: headers on the upgrade request. */
  headers?: Record<string, string> | undefined;
  /** Node only: cookies sent on the upgrade. */
  cookies?: CookieJar | undefined;
  tls?: TlsOptions | undefined;
  maxMessageSize?: number | undefined;
  /** Non-fatal problems (bad frames...). */
  onError?: ((error: RxwireError) => void) | undefined;
}

/**
 * Bayeux over a WebSocket: each batch is one text frame holding a JSON array. One socket at a time,
 * opened on the first send, read by core's {@link SocketLink} and written through its
 * {@link SendPipe}. Nothing else: the Bayeux session decides when and how to reconnect, bounds every
 * wait with its request and connection timeouts, and its held /meta/connect is the heartbeat. When
 * the socket dies, every message still waiting for a reply is reported failed. @internal
 */
export class WebSocketTransport implements BayeuxTransport {
  readonly #options: WebSocketTransportOptions;
  readonly #codec: Codec<unknown>;
  readonly #link: SocketLink<unknown>;
  readonly #pipe: SendPipe;
  /** Messages sent and not yet answered, by id (an IdTable: see there why not a Map). */
  readonly #outstanding = new IdTable<BayeuxMessage>();

  constructor(options: WebSocketTransportOptions) {
    this.#options = options;
    const codec = (this.#codec = jsonCodec(options.json));
    const outstanding = this.#outstanding;
    const sink = options.sink;
    this.#link = new SocketLink<unknown>({
      codec,
      maxMessageSize: options.maxMessageSize,
      clock: options.clock,
      // Queued sends go out in order before anything sent later.
      onOpen: (socket) => this.#pipe.attach(socket),
      onMessage: (frame) => {
        // Unchecked: the session checks each message (and reports what is no message) as it takes them.
        const messages = (Array.isArray(frame) ? frame : [frame]) as Array<Partial<BayeuxMessage> | null>;
        for (const m of messages) if (m?.successful !== undefined) outstanding.take(m.id as string);
        sink.receive(messages as BayeuxMessage[]);
      },
      onEnd: ({ error }) => this.#drop(error),
      onProblem: (error) => options.onError?.(error),
    });
    // What the pipe reports (a write to a socket that is going away) ends in the socket's close, or
    // in a send that could not be queued: both fail the outstanding messages already.
    this.#pipe = new SendPipe({ clock: options.clock, report: () => undefined });
  }

  send(messages: BayeuxMessage[]): void {
    for (const m of messages) if (m.id !== undefined) this.#outstanding.set(m.id, m);
    // No socket could be made: #open failed these messages already.
    if (!this.#link.socket && !this.#open()) return;
    // A server answers a frame once every message in it is answered (Faye does), so a held
    // /meta/connect travels alone: whatever shared its frame would wait as long as it.
    const held = messages.find((m) => m.channel === CONNECT && m.advice?.timeout !== 0);
    for (const batch of held && messages.length > 1 ? [messages.filter((m) => m !== held), [held]] : [messages]) {
      if (!this.#write(batch)) return this.#drop(new ConnectionLostError('The WebSocket could not take the message.'));
    }
  }

  open(): void {
    if (!this.#link.socket) this.#open();
  }

  reset(): void {
    this.#drop(new ConnectionLostError('The WebSocket was replaced: a request got no reply in time.'));
  }

  pause(): void {
    this.#link.pause();
  }

  resume(): void {
    this.#link.resume();
  }

  close(): void {
    this.#drop(new ConnectionLostError('The WebSocket transport is closed.'));
  }

  /** Encodes one frame and hands it to the pipe; false when it could not be encoded or the send buffer is full. */
  #write(batch: BayeuxMessage[]): boolean {
    try {
      return this.#pipe.offer(this.#codec.encode(batch));
    } catch {
      return false;
    }
  }

  /** Opens a socket to the current server; false (and the outstanding messages failed) when none could be made. */
  #open(): boolean {
    const o = this.#options;
    const serverUrl = o.url();
    const url = o.webSocketUrl ?? toWebSocketUrl(serverUrl);
    // Credentials go only to the app's own URLs (webSocketUrl is the app's too), never to a host a server advised.
    const appUrl = o.webSocketUrl !== undefined || (o.isAppUrl?.(serverUrl) ?? true);
    const headers: Record<string, string> = { ...(appUrl ? o.headers : undefined) };
    const cookie = appUrl ? o.cookies?.header(url) : undefined;
    if (cookie) headers['Cookie'] = cookie;
    try {
      this.#link.open({
        url,
        WebSocket: o.WebSocket,
        headers: Object.keys(headers).length ? headers : undefined,
        tls: appUrl ? o.tls : trustOnly(o.tls),
      });
      return true;
    } catch (error) {
      this.#drop(error as RxwireError);
      return false;
    }
  }

  #drop(error: RxwireError): void {
    this.#pipe.discard();
    this.#link.close({ code: 1000, reason: 'Bayeux client closed' });
    const lost = this.#outstanding.clear();
    if (lost.length) this.#options.sink.fail(lost, error);
  }
}

/** The WebSocket transport, configured from the client's options. @internal */
export const createWebSocketTransport: TransportFactory = (context) => {
  const o = context.options;
  return new WebSocketTransport({
    url: context.url,
    isAppUrl: context.isAppUrl,
    json: context.json,
    clock: context.clock,
    sink: context.sink,
    headers: context.headers,
    cookies: context.cookies,
    maxMessageSize: o.maxMessageSize,
    webSocketUrl: o.webSocketUrl,
    WebSocket: o.WebSocket,
    tls: o.tls,
    onError: context.onError,
  });
};

/** What of the TLS options any host may get: whom to trust, not the app's client certificate. */
function trustOnly(tls: TlsOptions | undefined): TlsOptions | undefined {
  return tls?.ca === undefined ? undefined : { ca: tls.ca };
}
