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
 * default: the next animation frame) into a single new result. Messages are folded into that
 * result in arrival order as they come; what waits for the scheduler is bounded by the history it
 * can show, so a page that does not render (hidden) holds no growing queue. Another channel than the applied one shows a fresh,
 * empty result at once.
 */
export function channelStore<T>(initialOptions: ChannelStoreOptions): Store<ChannelResult<T>, ChannelStoreOptions> {
  let options = initialOptions;
  let subscriptions: Unsubscribable[] = [];
  /** The next result, folded message by message until the scheduler lets it be shown. */
  let draft: ChannelResult<T> | undefined;
  /** Messages for `history` since the last flush; trimmed as they come, so a page that does not render holds at most 2N. */
  let arrived: ChannelMessage<T>[] = [];

  const edit = (): ChannelResult<T> => {
    draft ??= { ...result.get() };
    result.request(options.schedule);
    return draft;
  };
  const flush = (): void => {
    const next = draft;
    draft = undefined;
    if (!next) return;
    // Also applies a smaller `history` option to what is shown.
    next.history = lastOf(arrived.length > 0 ? next.history.concat(arrived) : next.history, limitOf(options.history));
    arrived = [];
    result.set(next);
  };
  const onState = (state: ConnectionState): void => {
    if (state !== (draft ?? result.get()).state) edit().state = state;
  };
  const onError = (error: unknown): void => {
    edit().error = toError(error);
  };
  const onMessage = (message: ChannelMessage<T>): void => {
    edit().latest = message;
    const n = limitOf(options.history);
    if (n === 0) return;
    arrived.push(message);
    if (arrived.length > 2 * n) arrived = arrived.slice(-n);
  };

  const lifecycle = {
    start(): void {
      const { client, name, event } = options;
      // state$ may or may not replay the current state: read it too, since it may have changed
      // between render and subscribe.
      onState(client.state);
      subscriptions.push(client.state$.subscribe(onState));
      try {
        const channel = client.channel<T>(name, event === undefined ? undefined : { event });
        subscriptions.push(
          channel.messages$.subscribe({ next: onMessage, error: onError }),
        );
      } catch (error) {
        // E.g. a protocol without channels: show it like a failed stream rather than crash the effect.
        onError(error);
      }
    },
    stop(): void {
      for (const subscription of subscriptions) subscription.unsubscribe();
      subscriptions = [];
    },
    flush,
  };
  const result = snapshots<ChannelResult<T>>(initialResult(initialOptions), lifecycle);

  return {
    ...result,
    setOptions(next) {
      const previous = options;
      options = next;
      if (sameChannel(previous, next)) {
        // A smaller history takes effect now; a larger one fills as messages come.
        if (result.get().history.length > limitOf(next.history)) {
          edit();
          flush();
        }
        return;
      }
      result.restart(() => {
        draft = undefined;
        arrived = [];
        result.set(initialResult(next));
      });
    },
    view: (next, current) => (sameChannel(options, next) ? current : initialResult(next)),
  };
}
