import { TransportTimeoutError, type Clock } from '@rxwire/core';
import { Timer } from './timer.js';

/** Options of {@link Deadline}. @internal */
export interface DeadlineOptions {
  clock: Clock;
  /** Time without a session before giving up; null: never. */
  timeoutMs: number | null;
  /** Whether the deadline also applies to outages after the first session (the option was set explicitly). */
  afterOutages: boolean;
  /** The deadline passed: the session ends with this error. */
  onExpired: (error: TransportTimeoutError) => void;
}

/**
 * `connectionTimeoutMs`: how long the client may go without a session before it gives up. It runs
 * from the start until the first connect succeeds, and, when set explicitly, again from each lost
 * connection until the session is back. Its own timer, for this job only. @internal
 */
export class Deadline {
  readonly #options: DeadlineOptions;
  readonly #timer: Timer;

  constructor(options: DeadlineOptions) {
    this.#options = options;
    this.#timer = new Timer(options.clock);
  }

  /** The session starts. */
  start(): void {
    const ms = this.#options.timeoutMs;
    if (ms === null) return;
    this.#timer.start(ms, () => this.#options.onExpired(new TransportTimeoutError(`No Bayeux session could be established within ${ms} ms (connectionTimeoutMs).`)));
  }

  /** The connection was lost: the clock runs again (when it applies to outages and is not running already). */
  lost(): void {
    if (this.#options.afterOutages && !this.#timer.running) this.start();
  }

  /** The session is up, or ends. */
  stop(): void {
    this.#timer.stop();
  }
}
