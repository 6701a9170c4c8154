import type { ChannelMessage, Codec, RxwireError } from '@rxwire/core';
import type { RpcError } from './errors.js';

/** What one inbound message means, as a {@link Protocol} reads it. */
export type Incoming =
  /** A successful reply. `id` undefined: the server did not say, match the oldest call in flight. */
  | { kind: 'result'; id: string | undefined; value: unknown }
  /** An error reply to a call. */
  | { kind: 'error'; id: string | undefined; error: RpcError }
  /** A server push for channel observers. */
  | { kind: 'push'; message: ChannelMessage }
  /** Something to report on `errors$` (an error without an id, a malformed message); the client carries on. */
  | { kind: 'problem'; error: RxwireError };

/** An aiorest-ws request: an HTTP-like method and URL; other keys (e.g. `token`) go to the server's middleware. */
export interface RestRequest {
  method: string;
  url: string;
  args?: Record<string, unknown>;
  data?: unknown;
  [key: string]: unknown;
}

/**
 * A WebSocket RPC dialect: pure functions that encode requests as wire messages (plain values the
 * connection's codec turns into frames) and read inbound messages. Optional members are the
 * dialect's capabilities; the client throws at once when asked for one the dialect lacks.
 * Write your own to speak another protocol.
 */
export interface Protocol {
  readonly name: string;
  /**
   * Reads one decoded inbound message (never throws: bad shapes become `problem`s): what it means,
   * or a list of what a batch means.
   */
  decode(message: unknown): Incoming | readonly Incoming[];
  /** A request that expects a reply. */
  encodeCall?(id: string, method: string, params: unknown): unknown;
  /** A request without a reply. */
  encodeNotification?(method: string, params: unknown): unknown;
  /** Several messages in one frame. */
  encodeBatch?(messages: unknown[]): unknown;
  /** A REST-style request (aiorest-ws). */
  encodeRest?(id: string, request: RestRequest): unknown;
  /** Wire subscribe to a channel; its reply goes through `checkSubscribed`. */
  encodeSubscribe?(id: string, channel: string, event: string | undefined): unknown;
  encodeUnsubscribe?(id: string, channel: string, event: string | undefined): unknown;
  encodePublish?(id: string, channel: string, event: string | undefined, data: unknown): unknown;
  /** Reads a successful subscribe reply: an error if the server refused after all. */
  checkSubscribed?(result: unknown, channel: string, event: string | undefined): RxwireError | undefined;
  /** Whether channels take an `event` glob filter (aio-openapi). */
  readonly channelEvents?: boolean;
  /** The codec of the binary mode (`binary: true`), if the dialect has one. */
  binaryCodec?(): Codec;
}
