import type { Clock } from '@rxwire/core';
import { BayeuxError } from '../bayeuxError.js';
import type { BayeuxMessage } from '../message.js';

/**
 * The requests waiting for a reply on each `/service/**` channel, oldest first: each settles once,
 * with an error, or with `undefined` and the reply. @internal
 */
export type ServiceWaiters = Map<string, Array<(error: unknown, reply?: BayeuxMessage) => void>>;

/**
 * Request/reply over a service channel: settles with the `data` of the first reply (the publish
 * acknowledgement when it carries data, or the next message the server delivers on that channel),
 * with a `REQUEST_TIMEOUT` after `timeoutMs`, or with the publish's failure. Apart from the client
 * because this correlation (first waiter takes the first reply, one timer each) is its own rule,
 * independent of how the message travels. The client hands deliveries to the first waiter.
 * @internal
 */
export function serviceRequest(
  waiters: ServiceWaiters,
  clock: Clock,
  channel: string,
  timeoutMs: number,
  publish: () => Promise<BayeuxMessage>,
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const list = waiters.get(channel) ?? [];
    waiters.set(channel, list);
    /** Settles once: with the first reply (error undefined), the timeout or the publish's failure. */
    const finish = (error: unknown, reply?: BayeuxMessage): void => {
      const i = list.indexOf(finish);
      if (i < 0) return;
      list.splice(i, 1);
      clock.clearTimeout(timer);
      if (reply) resolve(reply.data);
      else reject(error);
    };
    list.push(finish);
    const timer = clock.setTimeout(
      () => finish(new BayeuxError('REQUEST_TIMEOUT', `No reply on ${channel} within ${timeoutMs} ms.`, { channel })),
      timeoutMs,
    );
    publish().then((reply) => 'data' in reply && finish(undefined, reply), finish);
  });
}
