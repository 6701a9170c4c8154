import { channelView, type Channel, type ChannelMessage, type ChannelSource } from '@rxwire/core';
import { Observable, type Unsubscribable } from 'rxjs';
import { openChannel } from './openChannel.js';

/**
 * How long a pending subscription waits for the component that suspended on it to mount, after it
 * was last asked for. A tree that suspended and was then thrown away never mounts: this releases
 * its subscription.
 */
const ABANDONED_AFTER_MS = 30_000;

/**
 * How long a failed pending subscription is still found: every render that follows the failure
 * (React renders again after an error, StrictMode twice, sometimes a task or more later on a busy
 * page) must see the same failure rather than subscribe again. An error boundary's retry after that
 * subscribes anew.
 */
const FAILURE_KEPT_MS = 1_000;

/** @internal A subscription a suspended render started, waiting for its first message. */
export interface PendingChannel<T> {
  /** Received so far (grows until taken). */
  readonly messages: readonly ChannelMessage<T>[];
  /** Whether the component took it over (or it was forgotten). */
  readonly taken: boolean;
  /**
   * The client to render it with: its channel's `messages$` first delivers what this pending
   * subscription received, then takes over from it without a gap (and without a wire unsubscribe).
   */
  readonly client: ChannelSource;
  /** Stops buffering, releases this subscription and returns what it received; nothing when called again. */
  take(): readonly ChannelMessage<T>[];
  /** Settles (never rejects) on the first message or on the stream's error. */
  readonly promise: Promise<void>;
  /** The stream failed before the component mounted. */
  readonly failure: { error: unknown } | undefined;
  readonly schema: unknown;
  /**
   * Forgets it soon (see `FAILURE_KEPT_MS`): a failed entry is thrown by the renders that follow the
   * failure, and a later mount (an error boundary's retry) subscribes again.
   */
  forgetSoon(): void;
}

/** @internal Where a pending subscription is found again: per client, per (name, event). */
export type PendingChannels = Map<string, PendingChannel<unknown>>;

/**
 * @internal
 * The pending subscriptions of `useSuspenseChannel`, per client. They live outside the components
 * because React 18 drops the state of a component that suspends on mount: the render after the
 * first message must find the subscription (and its messages) the suspended render started. A
 * WeakMap keyed by the client, so nothing outlives the client; an entry leaves it when the
 * component that renders it takes it over, or when it is abandoned.
 */
const pendingByClient = new WeakMap<ChannelSource, PendingChannels>();

/** Finds (or starts) the pending subscription for this channel, and keeps it from being abandoned for a while. */
export function pendingChannel<T>(client: ChannelSource, name: string, event: string | undefined, schema: unknown): PendingChannel<T> {
  let pending = pendingByClient.get(client);
  if (!pending) pendingByClient.set(client, (pending = new Map()));
  const key = `${name}\u0000${event ?? ''}`;
  let entry = pending.get(key);
  if (entry && entry.schema !== schema) {
    entry.take();
    entry = undefined;
  }
  entry ??= startPending(client, name, event, schema, pending, key);
  (entry as PendingEntry<unknown>).keep(ABANDONED_AFTER_MS);
  return entry as PendingChannel<T>;
}

interface PendingEntry<T> extends PendingChannel<T> {
  /** Forgets it after `ms` unless asked for again (or taken) before. */
  keep(ms: number): void;
}

function startPending<T>(
  client: ChannelSource,
  name: string,
  event: string | undefined,
  schema: unknown,
  pending: PendingChannels,
  key: string,
): PendingEntry<T> {
  const messages: ChannelMessage<T>[] = [];
  let failure: { error: unknown } | undefined;
  let subscription: Unsubscribable | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let taken = false;
  let settle!: () => void;
  const promise = new Promise<void>((resolve) => (settle = resolve));

  const entry: PendingEntry<T> = {
    messages,
    promise,
    schema,
    client: handingOver(client, () => entry.take()),
    get failure() {
      return failure;
    },
    get taken() {
      return taken;
    },
    take() {
      if (taken) return [];
      taken = true;
      clearTimeout(timer);
      subscription?.unsubscribe();
      if (pending.get(key) === entry) pending.delete(key);
      return messages;
    },
    keep(ms) {
      if (taken) return;
      clearTimeout(timer);
      timer = setTimeout(() => entry.take(), ms);
    },
    forgetSoon: () => entry.keep(FAILURE_KEPT_MS),
  };
  pending.set(key, entry as PendingEntry<unknown>);
  try {
    subscription = openChannel<T>(client, name, event, schema).messages$.subscribe({
      next(message) {
        messages.push(message);
        settle();
      },
      error(error: unknown) {
        failure = { error };
        settle();
      },
    });
  } catch (error) {
    failure = { error };
    settle();
  }
  if (taken) subscription?.unsubscribe();
  return entry;
}

/**
 * `client`, whose channels' `messages$` deliver what `take` returns before their own messages.
 * The new subscription is made before the pending one is released, so the wire stays subscribed.
 */
function handingOver(client: ChannelSource, take: () => readonly ChannelMessage<unknown>[]): ChannelSource {
  return {
    get state() {
      return client.state;
    },
    state$: client.state$,
    channel<T>(name: string, options?: Parameters<ChannelSource['channel']>[1]): Channel<T> {
      const channel = client.channel<T>(name, options);
      const messages$ = new Observable<ChannelMessage<T>>((subscriber) => {
        // Live messages that come while the received ones are being delivered wait behind them.
        let early: ChannelMessage<T>[] | undefined = [];
        const subscription = channel.messages$.subscribe({
          next: (message) => (early ? early.push(message) : subscriber.next(message)),
          error: (error: unknown) => subscriber.error(error),
          complete: () => subscriber.complete(),
        });
        const received = [...take(), ...early];
        early = undefined;
        for (const message of received) subscriber.next(message as ChannelMessage<T>);
        return subscription;
      });
      return channelView(channel as Channel<unknown>, messages$);
    },
  };
}
