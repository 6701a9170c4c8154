import type { BayeuxMessage, ConnectionType } from '../message.js';

/**
 * Gathers what the session sends in one microtask into one batch per connection type: one HTTP
 * request or one WebSocket frame, as the Bayeux spec allows and servers expect. What is sent while a
 * batch goes out starts a batch of its own. Apart from the transports because batching is a rule of
 * the wire, independent of extensions and of how the bytes travel.
 * @internal
 */
export class Batcher {
  /** Messages waiting for the end of the microtask, per connection type, in the order the types were first used. */
  readonly #waiting = new Map<ConnectionType, BayeuxMessage[]>();
  readonly #flush: (via: ConnectionType, messages: BayeuxMessage[]) => void;

  constructor(flush: (via: ConnectionType, messages: BayeuxMessage[]) => void) {
    this.#flush = flush;
  }

  add(message: BayeuxMessage, via: ConnectionType): void {
    const waiting = this.#waiting;
    const list = waiting.get(via);
    if (list) {
      list.push(message);
      return;
    }
    waiting.set(via, [message]);
    // The first message of a microtask schedules the flush of every batch.
    if (waiting.size > 1) return;
    queueMicrotask(() => {
      const batches = [...waiting];
      // What is sent while these go out starts a batch of its own.
      waiting.clear();
      for (const [type, messages] of batches) this.#flush(type, messages);
    });
  }

  /** Drops what waits (the run ended). */
  clear(): void {
    this.#waiting.clear();
  }
}
