import { BufferOverflowError } from './errors.js';
import type { OverflowPolicy } from './types.js';

/** What `push` did with the newest item. */
export type PushOutcome = 'queued' | 'dropped-oldest' | 'dropped-newest' | 'overflow' | 'paused';

/**
 * A FIFO queue with a size limit and an explicit overflow policy. Drops are counted. With `pause`,
 * the item is kept (the caller is expected to stop its source until the queue drains).
 *
 * A ring of two arrays keeps shift O(1) amortised without a linked list.
 *
 * @example
 * ```ts
 * const q = new BoundedQueue<string>(2, 'drop-oldest');
 * q.push('a'); q.push('b'); q.push('c'); // 'dropped-oldest'; q.dropped === 1
 * ```
 */
export class BoundedQueue<T> {
  #items: T[] = [];
  #head = 0;
  /** How many items overflow threw away. */
  dropped = 0;

  constructor(
    readonly limit: number,
    readonly overflow: OverflowPolicy,
  ) {
    if (!(limit > 0)) throw new RangeError(`A bounded queue needs a positive limit, got ${limit}.`);
  }

  get size(): number {
    return this.#items.length - this.#head;
  }

  get full(): boolean {
    return this.size >= this.limit;
  }

  push(item: T): PushOutcome {
    if (this.size < this.limit) {
      this.#items.push(item);
      return 'queued';
    }
    switch (this.overflow) {
      case 'drop-oldest':
        this.shift();
        this.#items.push(item);
        this.dropped++;
        return 'dropped-oldest';
      case 'drop-newest':
        this.dropped++;
        return 'dropped-newest';
      case 'error':
        this.dropped++;
        return 'overflow';
      case 'pause':
        this.#items.push(item);
        return 'paused';
    }
  }

  shift(): T | undefined {
    if (this.#head >= this.#items.length) return undefined;
    const item = this.#items[this.#head] as T;
    this.#items[this.#head] = undefined as T;
    this.#head++;
    // Compact once the consumed prefix dominates, so memory follows the live size.
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return item;
  }

  clear(): T[] {
    const rest = this.#items.slice(this.#head);
    this.#items = [];
    this.#head = 0;
    return rest;
  }

  /** The error to report for an `overflow` outcome. */
  overflowError(what: string): BufferOverflowError {
    return new BufferOverflowError(
      `${what} is full (${this.limit} items) and its overflow policy is 'error': the newest item was dropped. ` +
        'Raise the limit or choose drop-oldest/drop-newest.',
      this.limit,
    );
  }
}
