import type { ChannelMessage, ChannelSource, ConnectionState } from '@rxwire/core';
import type { Unsubscribable } from 'rxjs';
import type { NotifyScheduler } from '../types.js';
import { snapshots, toError, type Store } from './store.js';

/** What `useChannel` returns. */
export interface ChannelResult<T> {
  /** The most recent message, once one arrived. */
  latest?: ChannelMessage<T>;
  /** The last `history` messages, oldest first. A new array whenever it changes; do not mutate it. */
  history: ChannelMessage<T>[];
  /** The client's connection state. */
  state: ConnectionState;
  /** Set when the channel's stream failed (a denied subscribe, a timeout); the stream has ended. */
  error?: Error;
}

/** @internal */
export interface ChannelStoreOptions {
  client: ChannelSource;
  name: string;
  event: string | undefined;
  history: number;
  schedule: NotifyScheduler;
}

// Shared by every empty result; frozen so an accidental push fails loudly instead of leaking.
const NO_MESSAGES: never[] = Object.freeze([]) as never[];

const limitOf = (history: number): number => (history > 0 ? Math.floor(history) : 0);

const lastOf = <T>(list: T[], n: number): T[] => (n <= 0 ? NO_MESSAGES : list.length > n ? list.slice(-n) : list);

const sameChannel = (a: ChannelStoreOptions, b: ChannelStoreOptions): boolean =>
  a.client === b.client && a.name === b.name && a.event === b.event;

const initialResult = <T>(options: ChannelStoreOptions): ChannelResult<T> => ({
  history: NO_MESSAGES,
  state: options.client.state,
});

/**
 * @internal
 * The store behind `useChannel`: subscribes to the channel's `messages$` and the client's `state$`
 * while it has listeners, and coalesces everything that arrives before its scheduler runs (by
 * default: the next animation frame) into a single new result. Messages are applied in arrival
 * order; what waits for the scheduler is bounded by the history it can show, so a page that does
 * not render (hidden) holds no growing queue. Another channel than the applied one shows a fresh,
 * empty result at once.
 */
export function channelStore<T>(initialOptions: ChannelStoreOptions): Store<ChannelResult<T>, ChannelStoreOptions> {
  let options = initialOptions;
  let subscriptions: Unsubscribable[] = [];
  let pending: ChannelMessage<T>[] = [];
  let pendingState: ConnectionState | undefined;
  let pendingError: Error | undefined;
  let flushScheduled = false;
  /** Inside start(): what arrives synchronously there (the current state, a replay) is shown at once. */
  let starting = false;

  /** Publishes what arrived since the last time as one new result (if anything changed). */
  const apply = (): void => {
    const current = result.get();
    const next = { ...current };
    const n = limitOf(options.history);
    if (pending.length > 0) {
      next.latest = pending[pending.length - 1] as ChannelMessage<T>;
      next.history = n > 0 ? current.history.concat(pending).slice(-n) : NO_MESSAGES;
    }
    if (pendingState !== undefined) next.state = pendingState;
    if (pendingError) next.error = pendingError;
    pending = [];
    pendingState = pendingError = undefined;
    if (next.latest !== current.latest || next.state !== current.state || next.error !== current.error) result.set(next);
  };
  const flush = (): void => {
    flushScheduled = false;
    apply();
  };
  const scheduleFlush = (): void => {
    if (flushScheduled || starting) return;
    flushScheduled = true;
    options.schedule(flush);
  };
  const onState = (state: ConnectionState): void => {
    pendingState = state;
    scheduleFlush();
  };
  const onError = (error: unknown): void => {
    pendingError = toError(error);
    scheduleFlush();
  };

  const lifecycle = {
    start(): void {
      const { client, name, event } = options;
      starting = true;
      // state$ may or may not replay the current state: read it too, since it may have changed
      // between render and subscribe.
      onState(client.state);
      subscriptions.push(client.state$.subscribe(onState));
      try {
        const channel = client.channel<T>(name, event === undefined ? undefined : { event });
        subscriptions.push(
          channel.messages$.subscribe({
            next(message) {
              pending.push(message);
              // Only the last N (and the latest) will be shown: bound what waits for a slow scheduler.
              const keep = Math.max(limitOf(options.history), 1);
              if (pending.length > 2 * keep + 16) pending = pending.slice(-keep);
              scheduleFlush();
            },
            error: onError,
          }),
        );
      } catch (error) {
        // E.g. a protocol without channels: show it like a failed stream rather than crash the effect.
        onError(error);
      }
      starting = false;
      // useSyncExternalStore reads the snapshot again after subscribing: no frame goes by showing
      // a state older than the client's. A flush still scheduled from before stays in charge of
      // what comes next, so this does not add a second render to its frame.
      apply();
    },
    stop(): void {
      for (const subscription of subscriptions) subscription.unsubscribe();
      subscriptions = [];
    },
  };
  const result = snapshots<ChannelResult<T>>(initialResult(initialOptions), lifecycle);

  return {
    ...result,
    setOptions(next) {
      const previous = options;
      options = next;
      if (sameChannel(previous, next)) {
        // A smaller history takes effect now; a larger one fills as messages come.
        const current = result.get();
        const history = lastOf(current.history, limitOf(next.history));
        if (history !== current.history) result.set({ ...current, history });
        return;
      }
      const running = result.active();
      lifecycle.stop();
      pending = [];
      pendingState = pendingError = undefined;
      result.set(initialResult(next));
      if (running) lifecycle.start();
    },
    view: (next, current) => (sameChannel(options, next) ? current : initialResult(next)),
  };
}
