import type { RxwireError } from '@rxwire/core';
import type { BayeuxMessage } from '../message.js';

/** Where a transport delivers what it got. @internal */
export interface TransportSink {
  /** What the server sent (replies and events), unchecked: the session checks each message. */
  receive(messages: BayeuxMessage[]): void;
  /** These messages got (and will get) no reply: the request or the socket failed. */
  fail(messages: BayeuxMessage[], error: RxwireError): void;
}

/**
 * Carries batches of Bayeux messages to the server and back. Implementations: long-polling over
 * `fetch`, and WebSocket. The session engine decides what to send and when; a transport only moves
 * bytes and reports failures. @internal
 */
export interface BayeuxTransport {
  /** Sends one batch (one HTTP request or one frame, except that long-polling keeps `/meta/connect` apart). */
  send(messages: BayeuxMessage[]): void;
  /** Opens the connection now, sending nothing (the WebSocket opens while the first handshake goes over HTTP). */
  open?(): void;
  /** Drops the current connections (a dead held connect); the next send opens new ones. */
  reset(): void;
  /** Stops reading where the platform allows (Node WebSocket); long-polling pauses in the engine. */
  pause(): void;
  resume(): void;
  /** Releases every socket and timer. */
  close(): void;
}

/** JSON functions used on the wire. */
export interface JsonFunctions {
  stringify: (value: unknown) => string;
  parse: (text: string) => unknown;
}
