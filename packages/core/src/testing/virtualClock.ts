import type { Clock, TimerHandle } from '../clock.js';

interface Timer {
  at: number;
  seq: number;
  callback: () => void;
}

/**
 * A {@link Clock} for tests of engines that take one: time moves only through `advance`, and due
 * timers run in time order (ties in the order they were set).
 *
 * @example
 * ```ts
 * const clock = new VirtualClock();
 * const engine = new SessionEngine({ clock });
 * clock.advance(30_000); // runs every timer due within 30 s
 * ```
 */
export class VirtualClock implements Clock {
  #time = 0;
  #seq = 0;
  readonly #timers = new Map<number, Timer>();

  now(): number {
    return this.#time;
  }

  setTimeout(callback: () => void, ms: number): TimerHandle {
    const seq = ++this.#seq;
    this.#timers.set(seq, { at: this.#time + Math.max(0, ms), seq, callback });
    return seq;
  }

  clearTimeout(handle: TimerHandle): void {
    this.#timers.delete(handle as number);
  }

  /** Timers set and not yet run or cleared. */
  get pendingTimers(): number {
    return this.#timers.size;
  }

  /** Moves time forward by `ms`, running every timer that falls due on the way. */
  advance(ms: number): void {
    const end = this.#time + ms;
    for (let next = this.#nextDue(end); next; next = this.#nextDue(end)) {
      this.#timers.delete(next.seq);
      this.#time = next.at;
      next.callback();
    }
    this.#time = end;
  }

  #nextDue(end: number): Timer | undefined {
    let next: Timer | undefined;
    for (const timer of this.#timers.values()) {
      if (timer.at <= end && (!next || timer.at < next.at || (timer.at === next.at && timer.seq < next.seq))) next = timer;
    }
    return next;
  }
}
