import { systemClock, type Clock } from './clock.js';
import { JobTimer } from './timing/jobTimer.js';

/** Options of {@link RefCount}. */
export interface RefCountOptions {
  /** Called when the count goes from 0 to 1 (and no release is pending): e.g. the wire subscribe. */
  onFirst: () => void;
  /** Called `graceMs` after the count dropped to 0, unless it went up again: e.g. the wire unsubscribe. */
  onLast: () => void;
  /** @default 100 */
  graceMs?: number;
  clock?: Clock;
}

/**
 * A reference count whose release is deferred by a grace period, so a quick release/acquire pair
 * (React StrictMode's unmount and mount, a route change) does not churn the wire.
 *
 * @example
 * ```ts
 * const refs = new RefCount({ onFirst: () => subscribe(ch), onLast: () => unsubscribe(ch) });
 * const release = refs.acquire();
 * release(); // unsubscribes 100 ms later unless acquired again meanwhile
 * ```
 */
export class RefCount {
  #count = 0;
  /** The grace period after the last release: its end runs `onLast`. */
  readonly #releaseTimer: JobTimer;
  #active = false;
  readonly #options: RefCountOptions;

  constructor(options: RefCountOptions) {
    this.#options = options;
    this.#releaseTimer = new JobTimer(options.clock ?? systemClock);
  }

  /** Current number of holders. */
  get size(): number {
    return this.#count;
  }

  /** Whether `onFirst` ran and `onLast` has not (yet) followed it. */
  get isActive(): boolean {
    return this.#active;
  }

  /** Takes a reference; returns its release function (idempotent). */
  acquire(): () => void {
    this.#count++;
    this.#releaseTimer.stop();
    if (!this.#active) {
      this.#active = true;
      this.#options.onFirst();
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#count--;
      if (this.#count === 0) this.#scheduleRelease();
    };
  }

  /** Runs a pending release now (used when a client closes and must not leave timers behind). */
  flush(): void {
    if (!this.#releaseTimer.running) return;
    this.#releaseTimer.stop();
    this.#release();
  }

  #scheduleRelease(): void {
    const graceMs = this.#options.graceMs ?? 100;
    if (graceMs <= 0) {
      this.#release();
      return;
    }
    this.#releaseTimer.start(graceMs, () => this.#release());
  }

  #release(): void {
    if (this.#count > 0 || !this.#active) return;
    this.#active = false;
    this.#options.onLast();
  }
}
