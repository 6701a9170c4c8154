import { ClosedError, TransportTimeoutError, type RxwireError } from '../errors.js';
import { JobTimer } from '../timing/jobTimer.js';
import { systemClock } from '../clock.js';
import { BackoffSchedule, lastFailed, type BackoffScheduleOptions } from './backoffSchedule.js';

export type { RetryOptions } from './backoffSchedule.js';

/** Options of {@link RetrySchedule}: those of its {@link BackoffSchedule}, and the overall deadline. */
export interface RetryScheduleOptions extends BackoffScheduleOptions {
  /**
   * The overall deadline to get connected (Bayeux's `connectionTimeoutMs`), armed by
   * {@link RetrySchedule.start}; past it the schedule gives up with `TRANSPORT_TIMEOUT`.
   * @default none
   */
  connectionTimeoutMs?: number | undefined;
  /** Arm the deadline again each time an established connection is lost. @default false */
  deadlineAfterLoss?: boolean | undefined;
  /** What is being connected, for the deadline's message ("No <subject> could be established..."). @default 'connection' */
  subject?: string | undefined;
  /**
   * Names the failure the schedule gives up with, where the owner knows better (a server that kept
   * denying a Bayeux handshake until the deadline). The connect waiters and `onGiveUp` get the result.
   * @default the schedule's own error
   */
  describeGiveUp?: ((error: RxwireError) => RxwireError) | undefined;
}

type Waiter = { resolve: () => void; reject: (error: unknown) => void };

/**
 * When to try connecting again, and how long to try: the retry schedule of the Bayeux session.
 * To the rules of its {@link BackoffSchedule} (backoff with jitter and `maxAttempts`, the offline
 * pause, the per-attempt timeout) it adds two jobs of its own:
 * - the overall deadline (`connectionTimeoutMs`), with a timer of its own;
 * - connect waiters: promises that resolve when connected and reject on the terminal failure.
 *
 * Core's WebSocket connection needs neither, so it uses the BackoffSchedule alone.
 *
 * @example
 * ```ts
 * const schedule = new RetrySchedule({
 *   reconnect: { maxAttempts: 5 },
 *   connectionTimeoutMs: 30_000,
 *   onGiveUp: (error) => end(error),
 * });
 * const attempt = () => openSocket();
 * const failAttempt = (failure) => schedule.retry(attempt, { failure });
 * schedule.start();
 * attempt(); // on open: schedule.connected(); on loss: schedule.disconnected() and failAttempt(...)
 * await schedule.whenConnected();
 * ```
 */
export class RetrySchedule extends BackoffSchedule {
  readonly #options: RetryScheduleOptions;
  /** `connectionTimeoutMs`: the overall deadline while not connected. */
  readonly #deadlineTimer: JobTimer;
  /** What ended the schedule (a failure, or `CLOSED`); undefined while it runs. */
  #error: RxwireError | undefined;
  #started = false;
  #waiters: Waiter[] = [];

  constructor(options: RetryScheduleOptions = {}) {
    super(options);
    this.#options = options;
    this.#deadlineTimer = new JobTimer(options.clock ?? systemClock);
  }

  /** The first attempt is about to run: watch the network and arm the overall deadline. Idempotent. */
  override start(): void {
    if (this.#started || this.ended) return;
    this.#started = true;
    super.start();
    this.#armDeadline();
  }

  /** The connection is up: the attempt and deadline timers stop and the connect waiters resolve. */
  override connected(): void {
    if (this.ended) return;
    super.connected();
    this.#deadlineTimer.stop();
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) waiter.resolve();
  }

  /** See {@link BackoffSchedule.disconnected}; with `deadlineAfterLoss`, the deadline is armed again. */
  override disconnected(): void {
    if (!this.isConnected) return;
    super.disconnected();
    if (this.#options.deadlineAfterLoss) this.#armDeadline();
  }

  /** Resolves when connected (at once if connected now); rejects with the terminal error. */
  whenConnected(): Promise<void> {
    if (this.#error) return Promise.reject(this.#error);
    if (this.isConnected) return Promise.resolve();
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  /**
   * A terminal failure the owner decided (a denied handshake, say): every timer stops, the connect
   * waiters are rejected with `error`. `onGiveUp` is not called: the owner knows already.
   */
  fail(error: RxwireError): void {
    this.end(error);
  }

  protected override giveUp(error: RxwireError): void {
    super.giveUp(this.#options.describeGiveUp?.(error) ?? error);
  }

  /** Also by `close()`, with no error: then the connect waiters reject with `CLOSED`. */
  protected override end(error: RxwireError = new ClosedError('Closed before a connection was established.')): void {
    if (this.ended) return;
    super.end(error);
    this.#error = error;
    this.#deadlineTimer.stop();
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const waiter of waiters) waiter.reject(error);
  }

  #armDeadline(): void {
    const ms = this.#options.connectionTimeoutMs;
    if (this.#deadlineTimer.running || ms === undefined || ms === Infinity) return;
    this.#deadlineTimer.start(ms, () => {
      const subject = this.#options.subject ?? 'connection';
      const failure = this.lastFailure;
      this.giveUp(new TransportTimeoutError(`No ${subject} could be established within ${ms} ms (connectionTimeoutMs)${lastFailed(failure)}.`, { cause: failure }));
    });
  }
}
