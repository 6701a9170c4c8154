import { useRef } from 'react';
import { RxwireError, type ChannelMessage } from '@rxwire/core';
import { dataOf, type ChannelResult } from './internal/channelStore.js';
import { pendingChannel, type PendingChannel } from './internal/pendingChannels.js';
import { useChannel, type UseChannelOptions } from './useChannel.js';
import { useClient } from './useRxWireClient.js';

/** What `useSuspenseChannel` returns: a channel result that has had its first message. */
export interface SuspenseChannelResult<T, D = T> extends ChannelResult<T, D> {
  /** As in `useChannel`; defined, since the first message arrived (back to `initial` after `reset()`). */
  data: D;
  latest: ChannelMessage<T>;
}

/** Options of {@link useSuspenseChannel}: those of `useChannel`, without `enabled` (a suspending hook always subscribes). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- as UseChannelOptions
export type UseSuspenseChannelOptions<T = any, D = T> = Omit<UseChannelOptions<T, D>, 'enabled'>;

/**
 * `useChannel` for `<Suspense>`: suspends until the channel's first message, and throws the
 * channel's error (a denied subscribe, a failed stream) to the nearest error boundary. The
 * subscription a suspended render starts is kept outside the component and handed over to it when
 * it mounts (one wire subscribe), or released when it never does. During server rendering it
 * throws an `RxwireError` with code `CLIENT_ONLY`, so the nearest `<Suspense>` renders its
 * fallback there and the client renders the channel.
 *
 * @example
 * ```tsx
 * function Price() {
 *   const { data } = useSuspenseChannel<{ price: number }>('/prices/acme');
 *   return <p>{data.price}</p>;
 * }
 * // <ErrorBoundary fallback={<p>Not allowed</p>}><Suspense fallback={<p>Waiting…</p>}><Price /></Suspense></ErrorBoundary>
 * ```
 */
export function useSuspenseChannel<T = unknown, D = T>(name: string, options: UseSuspenseChannelOptions<T, D> = {}): SuspenseChannelResult<T, D> {
  const client = useClient(options.client, 'useSuspenseChannel', 'channel');
  const { event, schema } = options;
  const key = `${name}\u0000${event ?? ''}`;
  // The pending subscription this render shows; refs survive renders once mounted (a name change
  // suspends again), and React 18 drops them when the first mount suspends: the cache has it then.
  const seed = useRef<{ key: string; entry: PendingChannel<T> } | undefined>(undefined);
  if (seed.current?.key !== key) {
    // No server ever sees the first message: let the nearest <Suspense> render its fallback.
    if (typeof window === 'undefined') throw new RxwireError('CLIENT_ONLY', 'useSuspenseChannel renders on the client only');
    const entry = pendingChannel<T>(client, name, event, schema);
    if (entry.failure) {
      // Thrown by this task's renders; a later retry (an error boundary reset) subscribes again.
      entry.forgetSoon();
      throw entry.failure.error;
    }
    // React shows the fallback until the promise settles, then renders again.
    if (entry.messages.length === 0) throw entry.promise;
    seed.current = { key, entry };
  }
  const { entry } = seed.current;
  const result = useChannel<T, D>(name, { ...options, client: entry.client });
  if (result.error) throw result.error;
  // Until the component has mounted and taken the pending subscription over, its store has seen
  // nothing: show what the pending subscription received.
  return (entry.taken ? result : received(result, entry.messages, options)) as SuspenseChannelResult<T, D>;
}

/** `result` showing `messages`, as the store will once it has them. */
function received<T, D>(result: ChannelResult<T, D>, messages: readonly ChannelMessage<T>[], options: UseSuspenseChannelOptions<T, D>): ChannelResult<T, D> {
  const { reduce } = options;
  const reduced = reduce && { reduced: messages.reduce(reduce, options.initial as D) };
  const latest = messages[messages.length - 1] as ChannelMessage<T>;
  const keep = Math.max(0, Math.floor(options.history ?? 0));
  const history = keep > 0 ? messages.slice(-keep) : [];
  return { ...result, latest, history, data: dataOf({ ...result, latest, history, ...reduced }, options) };
}
