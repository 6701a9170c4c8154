import type { Clock, TimerHandle } from '@rxwire/core';

/**
 * One timer for one job: starting it again replaces what it was going to run. The session keeps one
 * of these per job (retry, session deadline, connect hold) so that no timer ever serves two purposes
 * and stopping one job cannot cancel another's. @internal
 */
export class Timer {
  readonly #clock: Clock;
  #handle: TimerHandle | undefined;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  get running(): boolean {
    return this.#handle !== undefined;
  }

  start(ms: number, action: () => void): void {
    this.stop();
    this.#handle = this.#clock.setTimeout(() => {
      this.#handle = undefined;
      action();
    }, ms);
  }

  stop(): void {
    if (this.#handle !== undefined) this.#clock.clearTimeout(this.#handle);
    this.#handle = undefined;
  }
}
