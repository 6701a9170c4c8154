import type { ChannelSource } from '@rxwire/core';
import { channelStore, type ChannelResult } from './internal/channelStore.js';
import { useSchedule } from './internal/context.js';
import { useStore } from './internal/useStore.js';
import { useClient } from './useRxWireClient.js';

export type { ChannelResult } from './internal/channelStore.js';

/** Options of {@link useChannel}. */
export interface UseChannelOptions {
  /** Event name or glob within the channel, for protocols with events (aio-openapi). */
  event?: string | undefined;
  /**
   * How many recent messages to keep in `history`, oldest first.
   * @default 0
   */
  history?: number | undefined;
  /** Use this client instead of the one from `RxWireProvider`. */
  client?: ChannelSource | undefined;
}

/**
 * Live messages of one channel. Subscribes on mount (in an effect: server rendering opens nothing)
 * and unsubscribes on unmount; the channel itself defers the wire unsubscribe by a grace period,
 * so StrictMode's mount/unmount/mount and many components on one channel share one wire
 * subscription. Messages are applied in order as they arrive and rendered at most once per
 * animation frame (the provider's `schedule`), always showing the state after the last one.
 *
 * @example
 * ```tsx
 * function Room() {
 *   const { latest, history, state } = useChannel<{ text: string }>('/chat/room1', { history: 50 });
 *   return <ul data-state={state}>{history.map((m, i) => <li key={i}>{m.data.text}</li>)}</ul>;
 * }
 * ```
 */
export function useChannel<T = unknown>(name: string, options: UseChannelOptions = {}): ChannelResult<T> {
  const client = useClient(options.client, 'useChannel', 'channel');
  const schedule = useSchedule();
  const { event, history = 0 } = options;
  const storeOptions = { client, name, event, history, schedule };
  return useStore(channelStore<T>, storeOptions, [client, name, event, history, schedule]);
}
