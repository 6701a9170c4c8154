import { PendingReplies, type Clock, type PendingReply } from '@rxwire/core';
import { BayeuxError } from './bayeuxError.js';
import type { BayeuxMessage } from './message.js';

/** A `request()` waiting for its reply on a service channel. */
interface ServiceCall extends PendingReply {
  readonly channel: string;
  resolve(data: unknown): void;
  reject(error: unknown): void;
}

/**
 * Request/reply over `/service/**` channels, in core's correlation table: a request settles with the
 * `data` of the first reply (the publish acknowledgement when it carries data, or the next message
 * the server delivers on that channel, oldest request first), with `REQUEST_TIMEOUT` after its
 * timeout, or with the publish's failure. Bayeux gives such replies no id of ours, so they are
 * matched by channel. @internal
 */
export class ServiceRequests {
  readonly #calls: PendingReplies<ServiceCall>;

  constructor(clock: Clock) {
    this.#calls = new PendingReplies<ServiceCall>({
      clock,
      onTimeout: (call) => call.reject(new BayeuxError('REQUEST_TIMEOUT', `No reply on ${call.channel} within ${call.timeoutMs} ms.`, { channel: call.channel })),
    });
  }

  /** Publishes `publish()` and waits for the reply on `channel`. */
  request(channel: string, timeoutMs: number, publish: () => Promise<BayeuxMessage>): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const calls = this.#calls;
      const id = calls.nextId();
      // Not an id on the wire (`sent: false`): no late reply can carry it.
      calls.add({ id, channel, timeoutMs, deadline: 0, sent: false, resolve, reject });
      publish().then(
        (ack) => {
          if ('data' in ack) calls.take(id)?.resolve(ack.data);
        },
        (error: unknown) => calls.take(id)?.reject(error),
      );
    });
  }

  /** A message on a (non-meta) channel: the oldest request waiting on that channel takes it. */
  deliver(message: BayeuxMessage): void {
    const calls = this.#calls;
    // The common case, on every message: nobody waits.
    if (!calls.size) return;
    const call = calls.find((c) => c.channel === message.channel);
    if (call) calls.take(call.id)?.resolve(message.data);
  }
}
