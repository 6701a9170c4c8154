import { backoffDelay, type Clock, type ReconnectOptions } from '@rxwire/core';
import { Timer } from './timer.js';

/** Options of {@link Retry}. @internal */
export interface RetryOptions {
  clock: Clock;
  /** undefined: reconnecting is off, a network failure ends the session. */
  reconnect: ReconnectOptions | undefined;
  random?: (() => number) | undefined;
}

/**
 * When the session tries again: the next handshake or connect after a failure (or the advised
 * interval), with exponential backoff over the attempts that failed in a row, and held while the
 * device is offline (a retry against a dead network only burns its backoff). One timer, for this job
 * only. @internal
 */
export class Retry {
  readonly #timer: Timer;
  readonly #reconnect: ReconnectOptions | undefined;
  readonly #random: (() => number) | undefined;
  /** What the timer will run, or what waits for the network to come back. */
  #action: (() => void) | undefined;
  #held = false;
  #offline = false;
  #attempts = 0;

  constructor(options: RetryOptions) {
    this.#timer = new Timer(options.clock);
    this.#reconnect = options.reconnect;
    this.#random = options.random;
  }

  /** Failed attempts in a row. */
  get attempts(): number {
    return this.#attempts;
  }

  /** The backoff before the next attempt, from the attempts that failed so far. */
  backoffMs(): number {
    const r = this.#reconnect ?? {};
    return backoffDelay(this.#attempts, { initialDelayMs: r.initialDelayMs ?? 500, maxDelayMs: r.maxDelayMs ?? 30_000, factor: r.factor ?? 2 }, this.#random);
  }

  /** One more attempt failed: the next backoff is longer. */
  failed(): void {
    this.#attempts++;
  }

  /** An attempt succeeded (or the network came back): the backoff starts over. */
  succeeded(): void {
    this.#attempts = 0;
  }

  /**
   * Runs `action` after `delayMs`, replacing what was scheduled. `holdWhileOffline`: while the device
   * is offline, it waits for the network instead (a connect loop that is up keeps its pace).
   */
  schedule(delayMs: number, action: () => void, holdWhileOffline: boolean): void {
    this.#timer.stop();
    this.#action = action;
    this.#held = this.#offline && holdWhileOffline;
    if (this.#held) return;
    this.#timer.start(delayMs, () => {
      this.#action = undefined;
      action();
    });
  }

  cancel(): void {
    this.#timer.stop();
    this.#action = undefined;
    this.#held = false;
  }

  /**
   * The device's network went down or came back. `retrying`: no session is up, so what is scheduled
   * is a retry: it waits while offline instead of burning its backoff against a dead network. Back
   * online, the backoff starts over and what waited is returned, to run at once; 'restart' when
   * nothing waited (a handshake or connect in flight is to be started afresh: a socket opened while
   * offline may hang until its timeout instead of failing).
   */
  setOnline(online: boolean, retrying: boolean): (() => void) | 'restart' | undefined {
    if (online !== this.#offline) return undefined;
    this.#offline = !online;
    if (!retrying) return undefined;
    if (!online) {
      if (this.#timer.running) {
        this.#timer.stop();
        this.#held = true;
      }
      return undefined;
    }
    this.#attempts = 0;
    const waiting = this.#held || this.#timer.running ? this.#action : undefined;
    this.cancel();
    return waiting ?? 'restart';
  }

  /**
   * After a failed handshake or connect: the delay before the next attempt (the advised interval and
   * the backoff, or none over a connection type just fallen back to), counting the attempt; undefined
   * when no retry is allowed (reconnecting is off, or the attempts are used up).
   */
  afterFailure(intervalMs: number, fellBack: boolean): number | undefined {
    const reconnect = this.#reconnect;
    if (!reconnect || (!fellBack && this.#attempts >= (reconnect.maxAttempts ?? Infinity))) return undefined;
    if (fellBack) return 0;
    const delayMs = intervalMs + this.backoffMs();
    this.#attempts++;
    return delayMs;
  }
}
