import type { Observable, Subscription } from 'rxjs';
import { BoundedQueue } from './boundedQueue.js';
import { MulticastValue } from './multicast.js';
import type { OverflowPolicy } from './types.js';

/** Options of {@link toAsyncIterable}. */
export interface ToAsyncIterableOptions {
  /** Most values held for a slow consumer. @default 1000 */
  limit?: number;
  /** What happens when `limit` is reached. @default 'pause' if `pause` is given, else 'drop-oldest' */
  overflow?: OverflowPolicy;
  /** With overflow `'pause'`: called when the buffer fills, so the source can stop reading (e.g. `connection.pause`). */
  pause?: () => void;
  /** Called once the consumer has drained the buffer to half of `limit`. */
  resume?: () => void;
}

/** A single-use, pull-based iterator over an observable, with its buffer exposed. */
export interface BufferedAsyncIterator<T> extends AsyncIterableIterator<T> {
  /** Values received and not yet pulled. */
  readonly pendingCount: number;
  /** `pendingCount` as it changes. */
  readonly pendingCount$: Observable<number>;
  /** Values thrown away by the overflow policy. */
  readonly dropped: number;
}

const DONE: IteratorReturnResult<undefined> = { value: undefined, done: true };

/**
 * Consumes an observable with `for await`, through a bounded buffer with an explicit overflow
 * policy. It subscribes on the first pull and unsubscribes when the loop ends (`break`, `return`,
 * an exception). With overflow `'pause'` nothing is dropped: the source is asked to pause.
 *
 * @example
 * ```ts
 * const quotes = toAsyncIterable(connection.messages$, {
 *   limit: 500, overflow: 'pause', pause: () => connection.pause(), resume: () => connection.resume(),
 * });
 * for await (const quote of quotes) await store(quote);
 * ```
 */
export function toAsyncIterable<T>(source: Observable<T>, options: ToAsyncIterableOptions = {}): BufferedAsyncIterator<T> {
  const limit = options.limit ?? 1000;
  const overflow = options.overflow ?? (options.pause ? 'pause' : 'drop-oldest');
  const queue = new BoundedQueue<T>(limit, overflow);
  const pending = new MulticastValue(0);
  let subscription: Subscription | undefined;
  let waiting: { resolve: (r: IteratorResult<T>) => void; reject: (e: unknown) => void } | undefined;
  let ended: { error: unknown } | 'complete' | undefined;
  let paused = false;
  let finished = false;

  const publishSize = (): void => pending.set(queue.size);

  const unpause = (): void => {
    if (paused) {
      paused = false;
      options.resume?.();
    }
  };

  const finish = (): void => {
    if (finished) return;
    finished = true;
    subscription?.unsubscribe();
    unpause();
    queue.clear();
    publishSize();
    pending.complete();
  };

  const start = (): void => {
    subscription = source.subscribe({
      next: (value) => {
        if (finished) return;
        if (waiting) {
          const w = waiting;
          waiting = undefined;
          w.resolve({ value, done: false });
          return;
        }
        const outcome = queue.push(value);
        if (outcome === 'overflow') {
          ended = { error: queue.overflowError('The async iterator buffer') };
          subscription?.unsubscribe();
        } else if (overflow === 'pause' && queue.full && !paused) {
          paused = true;
          options.pause?.();
        }
        publishSize();
      },
      error: (error: unknown) => {
        ended = { error };
        settleWaiter();
      },
      complete: () => {
        ended = 'complete';
        settleWaiter();
      },
    });
  };

  /** The source ended and the buffer is drained: finish, then settle with done or the source's error. */
  const settle = (resolve: (r: IteratorResult<T>) => void, reject: (e: unknown) => void): void => {
    const end = ended;
    finish();
    if (end === 'complete') resolve(DONE);
    else reject(end?.error);
  };

  const settleWaiter = (): void => {
    if (!waiting || queue.size > 0) return;
    const w = waiting;
    waiting = undefined;
    settle(w.resolve, w.reject);
  };

  const iterator: BufferedAsyncIterator<T> = {
    get pendingCount() {
      return queue.size;
    },
    pendingCount$: pending.observable,
    get dropped() {
      return queue.dropped;
    },
    next(): Promise<IteratorResult<T>> {
      if (finished) return Promise.resolve(DONE);
      if (!subscription) start();
      if (queue.size > 0) {
        const value = queue.shift() as T;
        if (queue.size <= limit / 2) unpause();
        publishSize();
        return Promise.resolve({ value, done: false });
      }
      if (ended) return new Promise(settle);
      if (waiting) return Promise.reject(new Error('toAsyncIterable: next() called again before the previous pull settled.'));
      return new Promise((resolve, reject) => (waiting = { resolve, reject }));
    },
    return(): Promise<IteratorResult<T>> {
      finish();
      const w = waiting;
      waiting = undefined;
      w?.resolve(DONE);
      return Promise.resolve(DONE);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  return iterator;
}
