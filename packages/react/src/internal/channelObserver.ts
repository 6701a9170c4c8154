import type { Channel, ChannelMessage, ChannelSource, ConnectionState } from '@rxwire/core';
import type { Unsubscribable } from 'rxjs';
import type { NotifyScheduler } from '../types.js';
import { Store, toError } from './store.js';

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
export interface ChannelObserverOptions {
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

const sameChannel = (a: ChannelObserverOptions, b: ChannelObserverOptions): boolean =>
  a.client === b.client && a.name === b.name && a.event === b.event;

const initialResult = <T>(options: ChannelObserverOptions): ChannelResult<T> => ({
  history: NO_MESSAGES,
  state: options.client.state,
});

/**
 * @internal
 * The store behind `useChannel`: subscribes to the channel's `messages$` and the client's `state$`
 * while it has listeners, and coalesces everything that arrives before its scheduler runs (by
 * default: one synchronous burst, flushed in a microtask) into a single new result. Messages are
 * applied in arrival order.
 */
export class ChannelObserver<T> extends Store<ChannelResult<T>> {
  private subscriptions: Unsubscribable[] = [];
  private pending: ChannelMessage<T>[] = [];
  private pendingState: ConnectionState | undefined;
  private pendingError: Error | undefined;
  private flushScheduled = false;

  constructor(private options: ChannelObserverOptions) {
    super();
    this.init(initialResult(options));
  }

  /**
   * The result to render for `options`, which may be newer than the ones applied (options are
   * applied in an effect): another channel shows a fresh, empty result right away.
   */
  getOptimisticResult(options: ChannelObserverOptions, current: ChannelResult<T>): ChannelResult<T> {
    return sameChannel(this.options, options) ? current : initialResult(options);
  }

  setOptions(options: ChannelObserverOptions): void {
    const previous = this.options;
    this.options = options;
    if (sameChannel(previous, options)) {
      // A smaller history takes effect now; a larger one fills as messages come.
      const history = lastOf(this.result.history, limitOf(options.history));
      if (history !== this.result.history) this.publish({ ...this.result, history });
      return;
    }
    const running = this.listeners.size > 0;
    this.stop();
    this.pending = [];
    this.pendingState = this.pendingError = undefined;
    this.publish(initialResult(options));
    if (running) this.start();
  }

  protected start(): void {
    const { client, name, event } = this.options;
    // state$ may or may not replay the current state: read it too, since it may have changed
    // between render and subscribe.
    this.onState(client.state);
    this.subscriptions.push(client.state$.subscribe((state) => this.onState(state)));
    let channel: Channel<T>;
    try {
      channel = client.channel<T>(name, event === undefined ? undefined : { event });
    } catch (error) {
      // E.g. a protocol without channels: show it like a failed stream rather than crash the effect.
      this.onError(error);
      return;
    }
    this.subscriptions.push(
      channel.messages$.subscribe({
        next: (message) => {
          const pending = this.pending;
          pending.push(message);
          // Only the last N (and the latest) will be shown: bound what waits for a slow scheduler.
          const keep = Math.max(limitOf(this.options.history), 1);
          if (pending.length > 2 * keep + 16) this.pending = pending.slice(-keep);
          this.scheduleFlush();
        },
        error: (error: unknown) => this.onError(error),
      }),
    );
  }

  protected stop(): void {
    for (const subscription of this.subscriptions.splice(0)) subscription.unsubscribe();
  }

  private onState(state: ConnectionState): void {
    this.pendingState = state;
    this.scheduleFlush();
  }

  private onError(error: unknown): void {
    this.pendingError = toError(error);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    this.options.schedule(this.flush);
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    let next = this.result;
    const messages = this.pending;
    const { pendingState: state, pendingError: error } = this;
    this.pending = [];
    this.pendingState = this.pendingError = undefined;
    if (messages.length > 0) {
      const n = limitOf(this.options.history);
      const history = lastOf(messages.length >= n ? messages : lastOf(next.history, n - messages.length).concat(messages), n);
      next = { ...next, latest: messages[messages.length - 1] as ChannelMessage<T>, history };
    }
    if (state !== undefined && state !== next.state) next = { ...next, state };
    if (error) next = { ...next, error };
    this.publish(next);
  };
}
