import { useMemo, useRef } from 'react';
import type { ChannelMessage, ChannelSource } from '@rxwire/core';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { channelStore, dataOf, type ChannelCallbacks, type ChannelResult, type ChannelSnapshot } from './internal/channelStore.js';
import { useSchedule } from './internal/context.js';
import { useStore } from './internal/useStore.js';
import { useClient } from './useRxWireClient.js';

export type { ChannelResult } from './internal/channelStore.js';

/**
 * Options of {@link useChannel}: `T` is the messages' data, `D` what `data` holds. Without type
 * arguments it fits every `useChannel` call (the callbacks are methods, checked bivariantly), so
 * options without callbacks can be typed once and passed to any channel.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export interface UseChannelOptions<T = any, D = T> {
  /** Event name or glob within the channel, for protocols with events (aio-openapi). */
  event?: string | undefined;
  /**
   * How many recent messages to keep in `history`, oldest first.
   * @default 0
   */
  history?: number | undefined;
  /** Use this client instead of the one from `RxWireProvider`. */
  client?: ChannelSource | undefined;
  /**
   * Set to false to subscribe nothing (status 'idle'); what was received stays shown.
   * @default true
   */
  enabled?: boolean | undefined;
  /**
   * A Standard Schema validator (zod, valibot, arktype) for each message's `data`, passed to
   * `client.channel(name, { schema })`. Define it once, outside the component: another schema
   * object is another subscription.
   */
  schema?: StandardSchemaV1<unknown, T> | undefined;
  /** Turns the latest message into `data`. May change between renders without resubscribing. */
  select?(message: ChannelMessage<T>): D;
  /**
   * Folds every message, in order, into `data` (starting from `initial`), also those that arrive
   * between two renders. May change between renders without resubscribing.
   */
  reduce?(accumulated: D, message: ChannelMessage<T>): D;
  /** `data` until the first message, and the start of `reduce`'s fold. */
  initial?: D | undefined;
  /** Called with every message as it arrives (not per render). The latest one is called; changing it never resubscribes. */
  onMessage?(message: ChannelMessage<T>): void;
}

/**
 * Live messages of one channel. Subscribes on mount (in an effect: server rendering opens nothing)
 * and unsubscribes on unmount; the channel itself defers the wire unsubscribe by a grace period,
 * so StrictMode's mount/unmount/mount and many components on one channel share one wire
 * subscription. Messages are applied in order as they arrive and rendered at most once per
 * animation frame (the provider's `schedule`), always showing the state after the last one.
 * A `null` name or `enabled: false` subscribes nothing.
 *
 * @example
 * ```tsx
 * function Room() {
 *   const { latest, history, state } = useChannel<{ text: string }>('/chat/room1', { history: 50 });
 *   return <ul data-state={state}>{history.map((m, i) => <li key={i}>{m.data.text}</li>)}</ul>;
 * }
 * ```
 */
export function useChannel<T = unknown, D = T>(name: string | null, options: UseChannelOptions<T, D> = {}): ChannelResult<T, D> {
  const client = useClient(options.client, 'useChannel', 'channel');
  const schedule = useSchedule();
  const { event, history = 0, enabled = true, schema } = options;
  // The options hold the callbacks; updated during render, so a message between renders reads
  // the last render's ones.
  const callbacks = useRef<ChannelCallbacks<T, D>>(options);
  callbacks.current = options;
  const storeOptions = { client, name, event, history, schedule, enabled, schema, callbacks };
  const [snapshot, reset] = useStore<ChannelSnapshot<T, D>, typeof storeOptions, [ChannelSnapshot<T, D>, () => void]>(channelStore<T, D>, storeOptions, [
    client,
    name,
    event,
    history,
    schedule,
    enabled,
    schema,
  ]);
  const { select, initial } = options;
  return useMemo(() => {
    const { reduced: _reduced, ...result } = snapshot;
    return { ...result, data: dataOf(snapshot, options), reset };
    // data changes with the snapshot, select and initial; a changed reduce applies from the next message on.
  }, [snapshot, select, initial]);
}
