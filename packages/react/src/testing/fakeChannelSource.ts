// Test doubles for the hooks' tests: a ChannelSource made of rxjs Subjects and core's RefCount
// (so wire subscribes are counted exactly as a real client would make them) on core's VirtualClock, and
// an RpcCaller whose calls the test settles by hand.
import { BehaviorSubject, Observable, Subject } from 'rxjs';
import { RefCount, type Channel, type ChannelMessage, type ChannelSource, type ChannelStatus, type Clock, type ConnectionState, type Continuity } from '@rxwire/core';
import { VirtualClock } from '@rxwire/core/testing';
import type { RpcCaller, RpcCallOptions } from '../types.js';

/** A channel of the fake source, with counters and a way to push messages. */
export interface FakeChannel<T = unknown> extends Channel<T> {
  readonly event: string | undefined;
  /** `RefCount.onFirst` calls: what a real client would send on the wire as a subscribe. */
  readonly wireSubscribes: number;
  readonly wireUnsubscribes: number;
  /** Every subscribe to `messages$` (before ref counting). */
  readonly subscribeCalls: number;
  /** Current `messages$` observers. */
  readonly observers: number;
  readonly published: T[];
  /** Delivers a message to every current observer. */
  emit(data: T, extra?: Partial<ChannelMessage<T>>): void;
  /** Errors the stream of every current observer. */
  fail(error: unknown): void;
  /** Makes the next publish() reject with this error. */
  failNextPublish(error: unknown): void;
  /** The options of the last `channel()` call for this channel. */
  readonly lastOptions: unknown;
  /** Sets what `subscribed$` replays. */
  setSubscribed(subscribed: boolean): void;
  /** Sets what `status$` replays (with the `channelStatus` option). */
  setStatus(status: ChannelStatus): void;
  /** Emits on `continuity$` (with the `channelStatus` option). */
  resume(continuity: Continuity): void;
}

export interface FakeChannelSource extends ChannelSource {
  readonly clock: VirtualClock;
  /** `channel()` calls so far. */
  readonly channelCalls: number;
  /** Subscribes to `state$` so far, and current ones. */
  readonly stateSubscribes: number;
  readonly stateObservers: number;
  setState(state: ConnectionState): void;
  /** The channel for (name, event), without counting as a `channel()` call. */
  fake<T = unknown>(name: string, event?: string): FakeChannel<T>;
  /** Every wire subscribe across all channels. */
  readonly totalWireSubscribes: number;
}

export interface FakeChannelSourceOptions {
  state?: ConnectionState;
  /** RefCount grace period. @default 100 */
  graceMs?: number;
  /** state$ replays the current state to new observers (like a BehaviorSubject). @default true */
  replayState?: boolean;
  /** Channels have `status$` and `continuity$` (like core's SharedChannel); otherwise only `subscribed$`. @default false */
  channelStatus?: boolean;
}

function createFakeChannel<T>(name: string, event: string | undefined, clock: Clock, graceMs: number, withStatus: boolean): FakeChannel<T> {
  const subscribed$ = new BehaviorSubject(false);
  const status$ = new BehaviorSubject<ChannelStatus>('idle');
  const continuity$ = new Subject<Continuity>();
  let subject = new Subject<ChannelMessage<T>>();
  let nextPublishError: { error: unknown } | undefined;
  const counts = { wireSubscribes: 0, wireUnsubscribes: 0, subscribeCalls: 0, observers: 0 };
  const refs = new RefCount({
    onFirst: () => counts.wireSubscribes++,
    onLast: () => counts.wireUnsubscribes++,
    graceMs,
    clock,
  });
  const published: T[] = [];
  const messages$ = new Observable<ChannelMessage<T>>((subscriber) => {
    counts.subscribeCalls++;
    counts.observers++;
    const release = refs.acquire();
    const inner = subject.subscribe(subscriber);
    return () => {
      counts.observers--;
      inner.unsubscribe();
      release();
    };
  });
  return {
    name,
    event,
    messages$,
    subscribed$,
    ...(withStatus ? { status$, continuity$ } : {}),
    lastOptions: undefined,
    setSubscribed: (next) => subscribed$.next(next),
    setStatus: (next) => status$.next(next),
    resume: (continuity) => continuity$.next(continuity),
    published,
    get wireSubscribes() {
      return counts.wireSubscribes;
    },
    get wireUnsubscribes() {
      return counts.wireUnsubscribes;
    },
    get subscribeCalls() {
      return counts.subscribeCalls;
    },
    get observers() {
      return counts.observers;
    },
    emit(data, extra) {
      subject.next({ channel: name, data, ...(event === undefined ? {} : { event }), ...extra });
    },
    fail(error) {
      const failed = subject;
      subject = new Subject();
      failed.error(error);
    },
    failNextPublish(error) {
      nextPublishError = { error };
    },
    publish(data) {
      if (nextPublishError !== undefined) {
        const { error } = nextPublishError;
        nextPublishError = undefined;
        return Promise.reject(error);
      }
      published.push(data);
      return Promise.resolve({ channel: name, data });
    },
  };
}

/** A ChannelSource over Subjects; each channel's wire subscribe goes through core's RefCount. */
export function createFakeChannelSource(options: FakeChannelSourceOptions = {}): FakeChannelSource {
  const clock = new VirtualClock();
  const graceMs = options.graceMs ?? 100;
  const replay = options.replayState ?? true;
  const state = new BehaviorSubject<ConnectionState>(options.state ?? 'idle');
  const changes = new Subject<ConnectionState>();
  const channels = new Map<string, FakeChannel<never>>();
  const counts = { channelCalls: 0, stateSubscribes: 0, stateObservers: 0 };
  const state$ = new Observable<ConnectionState>((subscriber) => {
    counts.stateSubscribes++;
    counts.stateObservers++;
    const inner = (replay ? state : changes).subscribe(subscriber);
    return () => {
      counts.stateObservers--;
      inner.unsubscribe();
    };
  });
  const fake = <T>(name: string, event?: string): FakeChannel<T> => {
    const key = `${name}\u0000${event ?? ''}`;
    let channel = channels.get(key);
    if (channel === undefined) {
      channel = createFakeChannel<never>(name, event, clock, graceMs, options.channelStatus ?? false);
      channels.set(key, channel);
    }
    return channel as unknown as FakeChannel<T>;
  };
  return {
    clock,
    get state() {
      return state.value;
    },
    state$,
    get channelCalls() {
      return counts.channelCalls;
    },
    get stateSubscribes() {
      return counts.stateSubscribes;
    },
    get stateObservers() {
      return counts.stateObservers;
    },
    get totalWireSubscribes() {
      let n = 0;
      for (const c of channels.values()) n += c.wireSubscribes;
      return n;
    },
    setState(next) {
      state.next(next);
      changes.next(next);
    },
    channel<T>(name: string, channelOptions?: { event?: string }): Channel<T> {
      counts.channelCalls++;
      const channel = fake<T>(name, channelOptions?.event);
      (channel as { lastOptions: unknown }).lastOptions = channelOptions;
      return channel;
    },
    fake,
  };
}

/** One call made to a {@link FakeRpcCaller}, settled by the test. */
export interface FakeRpcCall {
  method: string;
  payload: unknown;
  signal: AbortSignal | undefined;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

export interface FakeRpcCaller extends RpcCaller {
  readonly calls: FakeRpcCall[];
  setState(state: ConnectionState): void;
}

/**
 * An RpcCaller whose calls stay pending until the test settles them; like the real client, a call
 * rejects with the signal's reason when its signal aborts.
 */
export function createFakeRpcCaller(): FakeRpcCaller {
  const state = new BehaviorSubject<ConnectionState>('idle');
  const calls: FakeRpcCall[] = [];
  return {
    calls,
    get state() {
      return state.value;
    },
    state$: state.asObservable(),
    setState(next) {
      state.next(next);
    },
    call(method: string, payload: unknown, options?: RpcCallOptions): Promise<unknown> {
      return new Promise((resolve, reject) => {
        const signal = options?.signal;
        calls.push({ method, payload, signal, resolve, reject });
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    },
  };
}

/** A client that is both a channel source and an RPC caller, like `RpcClient`. */
export function createFakeRpcClient(options: FakeChannelSourceOptions = {}): FakeChannelSource & FakeRpcCaller {
  const source = createFakeChannelSource(options);
  const rpc = createFakeRpcCaller();
  return Object.defineProperties(source, {
    calls: { get: () => rpc.calls, enumerable: true },
    call: { value: rpc.call.bind(rpc), enumerable: true },
  }) as FakeChannelSource & FakeRpcCaller;
}
