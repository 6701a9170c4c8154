import type { Unsubscribable } from 'rxjs';
import type { Channel, ChannelMessage, ChannelSource, ConnectionState } from '@rxwire/core';
import type { NotifyScheduler } from '../types.js';

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

function limitOf(history: number): number {
  return history > 0 ? Math.floor(history) : 0;
}

function sameChannel(a: ChannelObserverOptions, b: ChannelObserverOptions): boolean {
  return a.client === b.client && a.name === b.name && a.event === b.event;
}

function initialResult<T>(options: ChannelObserverOptions): ChannelResult<T> {
  return { history: NO_MESSAGES, state: options.client.state };
}

function keepLast<T>(list: T[], n: number): T[] {
  if (n <= 0) return NO_MESSAGES;
  return list.length > n ? list.slice(list.length - n) : list;
}

function toError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value), { cause: value });
}

/**
 * @internal
 * The store behind `useChannel`: subscribes to the channel's `messages$` and the client's `state$`
 * while it has listeners, and coalesces everything that arrives before its scheduler runs (by
 * default: one synchronous burst, flushed in a microtask) into a single new result. Messages are
 * applied in arrival order.
 */
export class ChannelObserver<T> {
  private options: ChannelObserverOptions;
  private result: ChannelResult<T>;
  private readonly serverResult: ChannelResult<T>;
  private readonly listeners = new Set<() => void>();
  private subscriptions: Unsubscribable[] = [];
  // Bumped on every (re)connect so late callbacks from a replaced subscription are ignored.
  private generation = 0;
  private pending: ChannelMessage<T>[] = [];
  private pendingState: ConnectionState | undefined;
  private pendingError: Error | undefined;
  private flushScheduled = false;

  constructor(options: ChannelObserverOptions) {
    this.options = options;
    this.result = initialResult(options);
    this.serverResult = this.result;
  }

  readonly getCurrentResult = (): ChannelResult<T> => this.result;

  /** The result before any subscription; what server rendering and hydration see. */
  readonly getServerResult = (): ChannelResult<T> => this.serverResult;

  /**
   * The result to render for `options`, which may be newer than the ones applied (options are
   * applied in an effect): a different channel shows a fresh, empty result right away.
   */
  getOptimisticResult(options: ChannelObserverOptions, current: ChannelResult<T>): ChannelResult<T> {
    if (!sameChannel(this.options, options)) return initialResult(options);
    const n = limitOf(options.history);
    return current.history.length > n ? { ...current, history: keepLast(current.history, n) } : current;
  }

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.connect();
    return () => {
      if (!this.listeners.delete(listener)) return;
      if (this.listeners.size === 0) this.disconnect();
    };
  };

  setOptions(options: ChannelObserverOptions): void {
    const previous = this.options;
    this.options = options;
    if (sameChannel(previous, options)) {
      const n = limitOf(options.history);
      if (this.result.history.length > n) this.publish({ ...this.result, history: keepLast(this.result.history, n) });
      return;
    }
    const connected = this.listeners.size > 0;
    this.disconnect();
    this.pending = [];
    this.pendingState = undefined;
    this.pendingError = undefined;
    this.publish(initialResult(options));
    if (connected) this.connect();
  }

  private connect(): void {
    const generation = ++this.generation;
    const { client, name, event } = this.options;
    const current = (): boolean => generation === this.generation;
    // state$ may or may not replay the current state: read it too, since it may have changed
    // between render and subscribe.
    this.onState(client.state);
    this.subscriptions.push(
      client.state$.subscribe((state) => {
        if (current()) this.onState(state);
      }),
    );
    let channel: Channel<T>;
    try {
      channel = client.channel<T>(name, event === undefined ? undefined : { event });
    } catch (error) {
      // E.g. a protocol without channels: show it like a failed stream rather than crash the effect.
      this.pendingError = toError(error);
      this.scheduleFlush();
      return;
    }
    this.subscriptions.push(
      channel.messages$.subscribe({
        next: (message) => {
          if (!current()) return;
          this.pending.push(message);
          // Only the last N (and the latest) will be shown: bound what waits for a slow scheduler.
          const keep = Math.max(limitOf(this.options.history), 1);
          if (this.pending.length > 2 * keep + 16) this.pending = this.pending.slice(this.pending.length - keep);
          this.scheduleFlush();
        },
        error: (error: unknown) => {
          if (!current()) return;
          this.pendingError = toError(error);
          this.scheduleFlush();
        },
      }),
    );
  }

  private disconnect(): void {
    this.generation++;
    const subscriptions = this.subscriptions;
    this.subscriptions = [];
    for (const s of subscriptions) s.unsubscribe();
  }

  private onState(state: ConnectionState): void {
    this.pendingState = state;
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
    if (messages.length > 0) {
      this.pending = [];
      const n = limitOf(this.options.history);
      let history: ChannelMessage<T>[];
      if (n === 0) history = NO_MESSAGES;
      else if (messages.length >= n) history = messages.slice(messages.length - n);
      else history = keepLast(next.history, n - messages.length).concat(messages);
      next = { ...next, latest: messages[messages.length - 1] as ChannelMessage<T>, history };
    }
    const state = this.pendingState;
    this.pendingState = undefined;
    if (state !== undefined && state !== next.state) next = { ...next, state };
    const error = this.pendingError;
    this.pendingError = undefined;
    if (error !== undefined) next = { ...next, error };
    this.publish(next);
  };

  private publish(next: ChannelResult<T>): void {
    if (next === this.result) return;
    this.result = next;
    for (const listener of [...this.listeners]) listener();
  }
}
