import type { Clock, TimerHandle } from '../clock.js';

/**
 * The timer of one job: rxwire gives every job (a retry delay, a connect timeout, a heartbeat...)
 * its own timer, so that no timer serves two purposes. Starting it again replaces the pending run;
 * stopping it is idempotent. Time only through the injected clock.
 *
 * @example
 * ```ts
 * const retryTimer = new JobTimer(clock);
 * retryTimer.start(500, () => reconnect());
 * retryTimer.stop(); // the app closed: no reconnect
 * ```
 */
export class JobTimer {
  readonly #clock: Clock;
  #handle: TimerHandle | undefined;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Whether a run is pending. */
  get running(): boolean {
    return this.#handle !== undefined;
  }

  /** Runs `run` after `ms`, instead of any run still pending. */
  start(ms: number, run: () => void): void {
    this.stop();
    this.#handle = this.#clock.setTimeout(() => {
      this.#handle = undefined;
      run();
    }, ms);
  }

  stop(): void {
    if (this.#handle === undefined) return;
    this.#clock.clearTimeout(this.#handle);
    this.#handle = undefined;
  }
}
