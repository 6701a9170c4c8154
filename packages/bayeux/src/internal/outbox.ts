import type { BayeuxMessage, ConnectionType } from '../message.js';

/** Messages waiting to go out, per connection type, until the end of the current microtask. @internal */
export type Outbox = Map<ConnectionType, BayeuxMessage[]>;

/**
 * Adds a message to the outbox; at the end of the microtask, `flush` gets one batch per connection
 * type, in the order the types were first used. Everything the session sends in the same microtask
 * thus goes out as one request or frame (as the Bayeux spec allows and servers expect), and what is
 * sent while a batch goes out starts a batch of its own. Apart from the client because batching is
 * a rule of the wire, independent of extensions and transports.
 * @internal
 */
export function enqueue(outbox: Outbox, message: BayeuxMessage, type: ConnectionType, flush: (type: ConnectionType, messages: BayeuxMessage[]) => void): void {
  const list = outbox.get(type);
  if (list) {
    list.push(message);
    return;
  }
  outbox.set(type, [message]);
  if (outbox.size > 1) return;
  queueMicrotask(() => {
    const batches = [...outbox];
    // What is sent while these go out starts a batch of its own.
    outbox.clear();
    for (const [t, messages] of batches) flush(t, messages);
  });
}
