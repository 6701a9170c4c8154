import type { Subscription } from 'rxjs';
import {
  ConnectionLostError,
  jsonCodec,
  toWebSocketUrl,
  webSocketConnection,
  type Clock,
  type Connection,
  type Logger,
  type RxwireError,
  type TlsOptions,
  type WebSocketConnectionOptions,
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
  /** Time the socket has to open. @default 10000 */
  openTimeoutMs?: number | undefined;
  logger?: Logger | undefined;
  /** Non-fatal problems (bad frames...). */
  onError?: ((error: RxwireError) => void) | undefined;
}

/**
 * Bayeux over a WebSocket: each batch is one text frame holding a JSON array. One socket at a time,
 * opened on the first send; core's reconnect is off because the Bayeux session decides when and how
 * to reconnect. When the socket dies, every message still waiting for a reply is reported failed. @internal
 */
export class WebSocketTransport implements BayeuxTransport {
  readonly #options: WebSocketTransportOptions;
  #connection: Connection<unknown> | undefined;
  #subscriptions: Subscription[] = [];
  readonly #outstanding = new Map<string, BayeuxMessage>();
  #paused = false;

  constructor(options: WebSocketTransportOptions) {
    this.#options = options;
  }

  send(messages: BayeuxMessage[]): void {
    const connection = this.#connection ?? this.#open();
    for (const m of messages) if (m.id !== undefined) this.#outstanding.set(m.id, m);
    // A server answers a frame once every message in it is answered (Faye does), so a held
    // /meta/connect travels alone: whatever shared its frame would wait as long as it.
    const held = messages.find((m) => m.channel === CONNECT && m.advice?.timeout !== 0);
    for (const frame of held && messages.length > 1 ? [messages.filter((m) => m !== held), [held]] : [messages]) {
      if (!connection.send(frame)) return this.#drop(new ConnectionLostError('The WebSocket could not take the message.'));
    }
  }

  open(): void {
    if (!this.#connection) this.#open();
  }

  reset(): void {
    this.#drop(new ConnectionLostError('The WebSocket was replaced: a request got no reply in time.'));
  }

  pause(): void {
    this.#paused = true;
    this.#connection?.pause();
  }

  resume(): void {
    this.#paused = false;
    this.#connection?.resume();
  }

  close(): void {
    this.#drop(new ConnectionLostError('The WebSocket transport is closed.'));
  }

  #open(): Connection<unknown> {
    const o = this.#options;
    const serverUrl = o.url();
    const url = o.webSocketUrl ?? toWebSocketUrl(serverUrl);
    // Credentials go only to the app's own URLs (webSocketUrl is the app's too), never to a host a server advised.
    const appUrl = o.webSocketUrl !== undefined || (o.isAppUrl?.(serverUrl) ?? true);
    const headers: Record<string, string> = { ...(appUrl ? o.headers : undefined) };
    const cookie = appUrl ? o.cookies?.header(url) : undefined;
    if (cookie) headers['Cookie'] = cookie;
    const connection = webSocketConnection<unknown>({
      url,
      codec: jsonCodec(o.json),
      reconnect: false,
      clock: o.clock,
      connectTimeoutMs: o.openTimeoutMs ?? 10_000,
      network: false,
      WebSocket: o.WebSocket,
      headers: Object.keys(headers).length ? headers : undefined,
      tls: appUrl ? o.tls : trustOnly(o.tls),
      maxMessageSize: o.maxMessageSize,
      logger: o.logger,
    } as WebSocketConnectionOptions<unknown>);
    this.#connection = connection;
    if (this.#paused) connection.pause();
    const outstanding = this.#outstanding;
    const sink = o.sink;
    this.#subscriptions = [
      connection.messages$.subscribe({
        next: (frame) => {
          // Unchecked: the session checks each message (and reports what is no message) as it takes them.
          const messages = (Array.isArray(frame) ? frame : [frame]) as Array<Partial<BayeuxMessage> | null>;
          for (const m of messages) if (m?.successful !== undefined) outstanding.delete(m.id as string);
          sink.receive(messages as BayeuxMessage[]);
        },
        error: (error: RxwireError) => {
          if (this.#connection === connection) this.#drop(error);
        },
        complete: () => {
          if (this.#connection === connection) this.#drop(new ConnectionLostError('The WebSocket closed.'));
        },
      }),
      connection.errors$.subscribe((error) => {
        // Open failures end messages$ too; only problems the connection survives are worth reporting.
        if (error.code === 'BAD_FRAME' || error.code === 'MESSAGE_TOO_LARGE') o.onError?.(error);
      }),
    ];
    return connection;
  }

  #drop(error: RxwireError): void {
    const connection = this.#connection;
    this.#connection = undefined;
    for (const s of this.#subscriptions) s.unsubscribe();
    this.#subscriptions = [];
    connection?.close(1000, 'Bayeux client closed');
    const lost = [...this.#outstanding.values()];
    this.#outstanding.clear();
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
    openTimeoutMs: o.requestTimeoutMs ?? 10_000,
    logger: context.logger,
    onError: context.onError,
  });
};

/** What of the TLS options any host may get: whom to trust, not the app's client certificate. */
function trustOnly(tls: TlsOptions | undefined): TlsOptions | undefined {
  return tls?.ca === undefined ? undefined : { ca: tls.ca };
}
