import { RxwireError } from '@rxwire/core';
import { isMetaChannel } from '../channelName.js';
import { badItem, CONNECT, DISCONNECT, HANDSHAKE, malformed, SUBSCRIBE, UNSUBSCRIBE, type BayeuxMessage } from '../message.js';
import type { TransportSink } from '../transports/transport.js';
import type { Outbox } from './outbox.js';
import type { PendingRequest, PendingRequests } from './pendingRequests.js';
import type { Subscriptions } from './subscriptions.js';

/** Where the dispatcher sends what only the session's state machine can decide. @internal */
export interface SessionRoutes {
  handshakeReply(reply: BayeuxMessage): void;
  handshakeFailed(request: PendingRequest, error: RxwireError): void;
  connectReply(reply: BayeuxMessage): void;
  connectFailed(request: PendingRequest, error: RxwireError): void;
  /** Advice that came with a reply. */
  advice(value: unknown): void;
  /** The server forgot the session (a subscribe or publish said so): handshake again. */
  rehandshake(): void;
  /** The goodbye was answered or failed, or the server ended the session by itself. */
  ended(): void;
  /** A message on a (non-meta) channel: straight to the channels. */
  deliver(message: BayeuxMessage): void;
  /** A problem that does not end the session: a skipped message (`BAD_FRAME`), a failure of ours (`INTERNAL`). */
  report(error: RxwireError): void;
  /** Whether the session is up (a subscribe confirmed now counts at once). */
  up(): boolean;
  /** Whether the session is saying goodbye: only the goodbye's answer still matters. */
  ending(): boolean;
  /** Whether the session ended: what is left of a batch is dropped. */
  closed(): boolean;
}

/** What the dispatcher routes to. @internal */
export interface DispatcherOptions {
  requests: PendingRequests;
  subscriptions: Subscriptions;
  outbox: Outbox;
  session: SessionRoutes;
}

/**
 * The one way in: every message a transport delivers passes here once and goes to exactly one place:
 * an event to the channels, a reply to the job whose request it answers (subscriptions, the outbox of
 * publishes, or the session's handshake and connect loop). An event thus travels transport ->
 * dispatcher -> channels, without a detour through the session's state machine. @internal
 */
export class Dispatcher implements TransportSink {
  readonly #requests: PendingRequests;
  readonly #subscriptions: Subscriptions;
  readonly #outbox: Outbox;
  readonly #session: SessionRoutes;

  constructor(options: DispatcherOptions) {
    this.#requests = options.requests;
    this.#subscriptions = options.subscriptions;
    this.#outbox = options.outbox;
    this.#session = options.session;
  }

  /**
   * Whatever is neither a reply to a pending request nor an event (wrong shape, unknown or repeated
   * id, a meta message that answers nothing) is skipped and reported; a late reply to a request that
   * timed out is skipped quietly.
   */
  receive(messages: BayeuxMessage[]): void {
    const session = this.#session;
    // Transports call this from their read loop: a failure of ours must not break it.
    try {
      for (const message of messages) {
        if (session.closed()) return;
        const why = malformed(message);
        if (why !== undefined) {
          this.#bad(message, why);
          continue;
        }
        const isReply = 'successful' in message;
        const pending = isReply ? this.#requests.take(message.id) : undefined;
        if (pending) this.#reply(pending, message);
        else if (message.channel === DISCONNECT && message.id === undefined) session.ended();
        else if (isReply) {
          if (!this.#requests.abandoned(message.id as string)) this.#bad(message, `a reply to ${message.channel} with an unknown or already answered id ${JSON.stringify(message.id)}`);
        } else if (!isMetaChannel(message.channel) && 'data' in message) session.deliver(message);
        else this.#bad(message, isMetaChannel(message.channel) ? `a ${message.channel} message that answers no request` : 'a message with neither data nor a reply');
      }
    } catch (cause) {
      session.report(cause instanceof RxwireError ? cause : new RxwireError('INTERNAL', 'Unexpected failure while moving messages.', { cause }));
    }
  }

  /** These messages were sent (or meant to be) but will get no reply: the transport failed. */
  fail(messages: BayeuxMessage[], error: RxwireError): void {
    for (const message of messages) {
      const pending = this.#requests.abandon(message.id);
      if (pending) this.failure(pending, error);
    }
  }

  /** Skips a message that is neither a reply nor an event, and says why. */
  #bad(message: unknown, why: string): void {
    this.#session.report(badItem(message, why));
  }

  /** A request that will get no reply: its transport failed, or it timed out. */
  failure(pending: PendingRequest, error: RxwireError): void {
    const session = this.#session;
    const request = pending.message;
    if (session.ending() && request.channel !== DISCONNECT) {
      pending.publish?.reject(error);
      return;
    }
    switch (request.channel) {
      case HANDSHAKE:
        return session.handshakeFailed(pending, error);
      case CONNECT:
        return session.connectFailed(pending, error);
      case SUBSCRIBE:
        return this.#subscriptions.failed(request);
      case UNSUBSCRIBE:
        return;
      case DISCONNECT:
        return session.ended();
      default:
        pending.publish?.reject(error);
    }
  }

  #reply(pending: PendingRequest, reply: BayeuxMessage): void {
    const session = this.#session;
    if (reply.advice !== undefined) session.advice(reply.advice);
    const request = pending.message;
    const channel = request.channel;
    if (session.ending() && isMetaChannel(channel) && channel !== DISCONNECT) return;
    switch (channel) {
      case HANDSHAKE:
        return session.handshakeReply(reply);
      case CONNECT:
        return session.connectReply(reply);
      case SUBSCRIBE:
        if (this.#subscriptions.answer(request, reply, { sessionUp: session.up() }) === 'rehandshake') session.rehandshake();
        return;
      case UNSUBSCRIBE:
        return;
      case DISCONNECT:
        return session.ended();
      default:
        if (pending.publish && this.#outbox.answer(pending.publish, reply) === 'rehandshake') session.rehandshake();
    }
  }
}
