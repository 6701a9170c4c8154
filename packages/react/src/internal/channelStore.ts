import type { ChannelMessage, ChannelSource, ChannelStatus, ConnectionState, Continuity } from '@rxwire/core';
import type { Unsubscribable } from 'rxjs';
import type { NotifyScheduler } from '../types.js';
import { channelStatus$ } from './channelStatus.js';
import { openChannel } from './openChannel.js';
import { snapshots, toError, type Store } from './store.js';

/** What `useChannel` returns. */
export interface ChannelResult<T, D = T> {
  /**
   * What to render: the fold of every message with `reduce`, else `select(latest)`, else
   * `latest.data`; `initial` until the first message (and after `reset()`).
   */
  data: D | undefined;
  /** The most recent message, once one arrived. */
  latest?: ChannelMessage<T>;
  /** The last `history` messages, oldest first. A new array whenever it changes; do not mutate it. */
  history: ChannelMessage<T>[];
  /** Where the channel stands; 'idle' while disabled (or without a name). */
  status: ChannelStatus;
  /** How the last resubscribe after a loss went: 'gap' means messages may have been missed. */
  continuity?: Continuity;
  /** The client's connection state. */
  state: ConnectionState;
  /** Set when the channel's stream failed (a denied subscribe, a timeout); the stream has ended. */
  error?: Error;
  /** Clears `data` (back to `initial`), `latest` and `history`; the subscription stays. */
  reset: () => void;
}

/** @internal The app's callbacks, read when a message arrives: changing them never resubscribes. */
export interface ChannelCallbacks<T, D> {
  select?: ((message: ChannelMessage<T>) => D) | undefined;
  reduce?: ((accumulated: D, message: ChannelMessage<T>) => D) | undefined;
  initial?: D | undefined;
  onMessage?: ((message: ChannelMessage<T>) => void) | undefined;
}

/** @internal */
export interface ChannelStoreOptions<T = unknown, D = unknown> {
  client: ChannelSource;
  /** null: subscribe nothing. */
  name: string | null;
  event: string | undefined;
  history: number;
  schedule: NotifyScheduler;
  enabled: boolean;
  /** Passed to `client.channel(name, { schema })` when given. */
  schema: unknown;
  /** The same holder on every render of one hook; the hook puts the latest callbacks in. */
  callbacks: { current: ChannelCallbacks<T, D> };
}

/** @internal What the store keeps; the hook's result adds `data` and `reset`. */
export interface ChannelSnapshot<T, D> {
  latest?: ChannelMessage<T>;
  history: ChannelMessage<T>[];
  state: ConnectionState;
  status: ChannelStatus;
  continuity?: Continuity;
  error?: Error;
  /** The fold so far, once `reduce` saw a message (the key is absent before). */
  reduced?: D;
}

// Shared by every empty result; frozen so an accidental push fails loudly instead of leaking.
const NO_MESSAGES: never[] = Object.freeze([]) as never[];

const limitOf = (history: number): number => (history > 0 ? Math.floor(history) : 0);

const lastOf = <T>(list: T[], n: number): T[] => (n <= 0 ? NO_MESSAGES : list.length > n ? list.slice(-n) : list);

type ChannelKey = Pick<ChannelStoreOptions, 'client' | 'name' | 'event' | 'schema'>;

const sameChannel = (a: ChannelKey, b: ChannelKey): boolean =>
  a.client === b.client && a.name === b.name && a.event === b.event && a.schema === b.schema;

const initialSnapshot = <T, D>(options: ChannelStoreOptions<T, D>): ChannelSnapshot<T, D> => ({
  history: NO_MESSAGES,
  state: options.client.state,
  status: 'idle',
});

/** @internal `data` as the result shows it. */
export function dataOf<T, D>(snapshot: ChannelSnapshot<T, D>, callbacks: ChannelCallbacks<T, D>): D | undefined {
  if (callbacks.reduce) return 'reduced' in snapshot ? snapshot.reduced : callbacks.initial;
  if (snapshot.latest === undefined) return callbacks.initial;
  return callbacks.select ? callbacks.select(snapshot.latest) : (snapshot.latest.data as unknown as D);
}

/**
 * @internal
 * The store behind `useChannel`: subscribes to the channel's `messages$`, its status and
 * continuity, and the client's `state$` while it has listeners (and is enabled with a name), and
 * coalesces everything that arrives before its scheduler runs (by default: the next animation
 * frame) into a single new snapshot. Messages are folded into it in arrival order as they come
 * (`reduce` and `onMessage` run per message); what waits for the scheduler is bounded by the
 * history it can show, so a page that does not render (hidden) holds no growing queue. Another
 * channel than the applied one shows a fresh, empty result at once.
 */
export function channelStore<T, D = T>(initialOptions: ChannelStoreOptions<T, D>): Store<ChannelSnapshot<T, D>, ChannelStoreOptions<T, D>> {
  let options = initialOptions;
  let subscriptions: Unsubscribable[] = [];
  /** The next snapshot, folded message by message until the scheduler lets it be shown. */
  let draft: ChannelSnapshot<T, D> | undefined;
  /** Messages for `history` since the last flush; trimmed as they come, so a page that does not render holds at most 2N. */
  let arrived: ChannelMessage<T>[] = [];
  const current = (): ChannelSnapshot<T, D> => draft ?? result.get();
  const edit = (): ChannelSnapshot<T, D> => {
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
    if (state !== current().state) edit().state = state;
  };
  const onStatus = (status: ChannelStatus): void => {
    // After a failure the status stays 'error' until the channel is subscribed again.
    if (!current().error && status !== current().status) edit().status = status;
  };
  const onContinuity = (continuity: Continuity): void => {
    edit().continuity = continuity;
  };
  const onError = (error: unknown): void => {
    const next = edit();
    next.error = toError(error);
    next.status = 'error';
  };
  const onMessage = (message: ChannelMessage<T>): void => {
    const next = edit();
    const callbacks = options.callbacks.current;
    next.latest = message;
    if (callbacks.reduce) next.reduced = callbacks.reduce('reduced' in next ? (next.reduced as D) : (callbacks.initial as D), message);
    const n = limitOf(options.history);
    if (n > 0) {
      arrived.push(message);
      if (arrived.length > 2 * n) arrived = arrived.slice(-n);
    }
    // Last: the app's callback sees the message after it was applied, and if it throws, rxjs
    // reports it without losing the state.
    callbacks.onMessage?.(message);
  };
  const lifecycle = {
    start(): void {
      const { client, name, event, schema } = options;
      // state$ may or may not replay the current state: read it too, since it may have changed
      // between render and subscribe.
      onState(client.state);
      // Disabled: the status is 'idle' already (a fresh snapshot, or set so when disabled).
      if (name === null || !options.enabled) return;
      subscriptions.push(client.state$.subscribe(onState));
      try {
        const channel = openChannel<T>(client, name, event, schema);
        subscriptions.push(
          channel.messages$.subscribe({ next: onMessage, error: onError }),
          channelStatus$(channel as never, client).subscribe(onStatus),
        );
        if (channel.continuity$) subscriptions.push(channel.continuity$.subscribe(onContinuity));
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
  const result = snapshots<ChannelSnapshot<T, D>>(initialSnapshot(initialOptions), lifecycle);

  const reset = (): void => {
    const next = edit();
    delete next.latest;
    delete next.reduced;
    next.history = NO_MESSAGES;
    arrived = [];
    flush();
  };

  return {
    ...result,
    setOptions(next) {
      const previous = options;
      options = next;
      if (sameChannel(previous, next) && previous.enabled === next.enabled) {
        // A smaller history takes effect now; a larger one fills as messages come.
        if (result.get().history.length > limitOf(next.history)) {
          edit();
          flush();
        }
        return;
      }
      const keepMessages = sameChannel(previous, next);
      result.restart(() => {
        draft = undefined;
        arrived = [];
        if (keepMessages) {
          // Enabled toggled: what was received stays on screen; the status and error start again.
          const { error: _error, ...kept } = result.get();
          result.set({ ...kept, status: 'idle' });
        } else {
          result.set(initialSnapshot(next));
        }
      });
    },
    // The hook makes the result (with `data`) from these, in a useMemo.
    view: (next, snapshot) => [sameChannel(options, next) ? snapshot : initialSnapshot(next), reset],
  };
}
