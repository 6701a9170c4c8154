import { BufferOverflowError } from '@rxwire/core';
import { replyError } from '../bayeuxError.js';
import type { BayeuxMessage } from '../message.js';
import { wantsHandshake } from './replies.js';

/** A publish and the promise its caller waits on. @internal */
export interface Publish {
  message: BayeuxMessage;
  resolve: (reply: BayeuxMessage) => void;
  reject: (error: unknown) => void;
}

/**
 * The publishes that wait for the session (before the first handshake, during a reconnect), in
 * order, up to `limit`: past it a publish is refused with `BUFFER_OVERFLOW` rather than held
 * without bound while the server is away. @internal
 */
export class Outbox {
  #waiting: Publish[] = [];
  readonly #limit: number;

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** Holds the publish until {@link takeAll}; rejects it at once when the outbox is full. */
  hold(publish: Publish): void {
    const limit = this.#limit;
    if (this.#waiting.length >= limit) {
      publish.reject(new BufferOverflowError(`${limit} publishes are already waiting for the connection; this one to ${publish.message.channel} was dropped.`, limit));
      return;
    }
    this.#waiting.push(publish);
  }

  /**
   * The server's reply to a publish: settles its caller, or, when the server forgot the session (so
   * the publish was not delivered), holds it to send again and returns 'rehandshake'.
   */
  answer(publish: Publish, reply: BayeuxMessage): 'rehandshake' | undefined {
    const channel = publish.message.channel;
    if (reply.successful) publish.resolve(reply);
    else if (wantsHandshake(reply)) {
      this.#waiting.push({ message: { channel, data: publish.message.data }, resolve: publish.resolve, reject: publish.reject });
      return 'rehandshake';
    } else publish.reject(replyError('PUBLISH_FAILED', `Publish to ${channel} failed`, reply, channel));
    return undefined;
  }

  /** Everything that waits, to be sent now; the outbox is empty afterwards. */
  takeAll(): Publish[] {
    const waiting = this.#waiting;
    this.#waiting = [];
    return waiting;
  }

  /** The session ended: every waiting publish fails with `error`. */
  rejectAll(error: unknown): void {
    for (const publish of this.takeAll()) publish.reject(error);
  }
}
