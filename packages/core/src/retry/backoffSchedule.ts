import { backoffDelay, resolveReconnect, type ReconnectOptions, type ResolvedReconnect } from '../backoff.js';
import { systemClock, type Clock } from '../clock.js';
import { ConnectionLostError, rootCauseMessage, type RxwireError } from '../errors.js';
import { redact } from '../logger.js';
import type { NetworkStatus } from '../networkStatus.js';
import { JobTimer } from '../timing/jobTimer.js';

/** Options of {@link BackoffSchedule}. */
export interface BackoffScheduleOptions {
  /** The backoff policy; `false`: no retries, the first failure is terminal. @default the defaults of ReconnectOptions */
  reconnect?: ReconnectOptions | boolean | undefined;
  /**
   * The time ONE attempt may take (core's `connectTimeoutMs`), armed by {@link BackoffSchedule.attemptStarted}.
   * @default none
   */
  connectTimeoutMs?: number | undefined;
  /** Watched from {@link BackoffSchedule.start} to {@link BackoffSchedule.close}. @default none: online unless told otherwise by setOnline */
  network?: NetworkStatus | undefined;
  /** @default the global timers */
  clock?: Clock | undefined;
  /** The jitter's source. @default Math.random */
  random?: (() => number) | undefined;
  /** One attempt took longer than `connectTimeoutMs`: the owner drops it and calls {@link BackoffSchedule.retry}. */
  onAttemptTimeout?: ((timeoutMs: number) => void) | undefined;
  /**
   * The schedule gave up by itself (maxAttempts spent, reconnect off, or, in a {@link RetrySchedule},
   * the deadline passed). Every timer is released (and a RetrySchedule's connect waiters are
   * rejected with `error`) before this runs.
   */
  onGiveUp?: ((error: RxwireError) => void) | undefined;
}

/** Options of one {@link BackoffSchedule.retry}. */
export interface RetryOptions {
  /** Why a retry is needed; the terminal error carries the latest one as its `cause`. */
  failure?: RxwireError | undefined;
  /** Waited on top of the backoff, e.g. a server's advised interval. @default 0 */
  extraDelayMs?: number | undefined;
  /** Add the jittered backoff delay. @default true */
  backoff?: boolean | undefined;
  /**
   * Count this retry against `maxAttempts` (and grow the backoff). `false` for a retry that is no
   * failed attempt, e.g. falling back to another transport at once. @default true
   */
  counts?: boolean | undefined;
}

/**
 * When to try connecting again: the retry rules core's WebSocket connection needs, and the base of
 * the {@link RetrySchedule} (which adds an overall deadline and connect waiters, for the Bayeux
 * session). It knows nothing of sockets; its owner tells it what happened (`attemptStarted`,
 * `connected`, `disconnected`, `retry`) and it answers through the attempt it was given and two
 * callbacks. It owns:
 * - exponential backoff with full jitter and `maxAttempts`, reset once a connection stayed up
 *   `stableAfterMs` (or the network came back);
 * - the offline pause: a retry due while offline waits for the network, and runs at once when it
 *   returns (attempts against a dead network would only burn the backoff);
 * - the per-attempt timeout (`connectTimeoutMs`).
 *
 * Each job has its own timer. Time only through the injected clock.
 *
 * @example
 * ```ts
 * const schedule = new BackoffSchedule({
 *   reconnect: { maxAttempts: 5 },
 *   connectTimeoutMs: 10_000,
 *   onAttemptTimeout: () => failAttempt(new TransportTimeoutError('too slow')),
 *   onGiveUp: (error) => end(error),
 * });
 * const attempt = () => { schedule.attemptStarted(); openSocket(); };
 * const failAttempt = (failure) => schedule.retry(attempt, { failure });
 * schedule.start();
 * attempt(); // on open: schedule.connected(); on loss: schedule.disconnected() and failAttempt(...)
 * ```
 */
export class BackoffSchedule {
  readonly #options: BackoffScheduleOptions;
  readonly #policy: ResolvedReconnect | undefined;
  readonly #clock: Clock;
  /** The backoff wait before #nextAttempt. */
  readonly #retryTimer: JobTimer;
  /** `connectTimeoutMs` of the attempt under way. */
  readonly #attemptTimer: JobTimer;
  /** Failed attempts since the last stable connection: the exponent of the backoff. */
  #attempts = 0;
  #online = true;
  #started = false;
  /** When the current connection came up; undefined while there is none. */
  #connectedAt: number | undefined;
  #lastFailure: RxwireError | undefined;
  /** Set once the schedule ended (gave up or closed): every later call is a no-op. */
  #ended = false;
  /** The attempt waiting to run: on #retryTimer, or held while offline (#retryTimer stopped). */
  #nextAttempt: (() => void) | undefined;
  #stopWatchingNetwork: (() => void) | undefined;

  constructor(options: BackoffScheduleOptions = {}) {
    this.#options = options;
    this.#policy = resolveReconnect(options.reconnect);
    const clock = (this.#clock = options.clock ?? systemClock);
    this.#retryTimer = new JobTimer(clock);
    this.#attemptTimer = new JobTimer(clock);
  }

  /** Failed attempts counted since the last reset. */
  get attempts(): number {
    return this.#attempts;
  }

  get isConnected(): boolean {
    return this.#connectedAt !== undefined;
  }

  /** Whether the schedule ended (gave up or closed). */
  protected get ended(): boolean {
    return this.#ended;
  }

  /** The latest failure a retry was given, for the final error's message. */
  protected get lastFailure(): RxwireError | undefined {
    return this.#lastFailure;
  }

  /** The first attempt is about to run: watch the network. Idempotent. */
  start(): void {
    if (this.#started || this.#ended) return;
    this.#started = true;
    const network = this.#options.network;
    if (network) {
      this.#online = network.isOnline();
      this.#stopWatchingNetwork = network.subscribe((online) => this.setOnline(online));
    }
  }

  /** An attempt began: arms its `connectTimeoutMs`. */
  attemptStarted(): void {
    const timeoutMs = this.#options.connectTimeoutMs;
    if (this.#ended || timeoutMs === undefined || timeoutMs === Infinity) return;
    this.#attemptTimer.start(timeoutMs, () => this.#options.onAttemptTimeout?.(timeoutMs));
  }

  /** The connection is up: the attempt timer stops. */
  connected(): void {
    if (this.#ended) return;
    this.#attemptTimer.stop();
    this.#connectedAt = this.#clock.now();
  }

  /**
   * The connection went down. One that stayed up `stableAfterMs` resets the attempt count: the
   * server was fine, so the next retry starts from the smallest delay. Does nothing when not connected.
   */
  disconnected(): void {
    const connectedAt = this.#connectedAt;
    if (connectedAt === undefined) return;
    this.#connectedAt = undefined;
    if (this.#clock.now() - connectedAt >= (this.#policy?.stableAfterMs ?? 0)) this.#attempts = 0;
  }

  /**
   * Runs `attempt` after the backoff delay (and `extraDelayMs`), or when the network comes back if
   * it is offline now. Gives up instead (see `onGiveUp`) when reconnecting is off or `maxAttempts`
   * attempts failed in a row. Replaces a retry already waiting.
   */
  retry(attempt: () => void, options: RetryOptions = {}): void {
    if (this.#ended) return;
    this.disconnected();
    this.#attemptTimer.stop();
    this.#retryTimer.stop();
    this.#nextAttempt = undefined;
    // A retry without a reason (a fallback, say) keeps the last known failure for the final error.
    this.#lastFailure = options.failure ?? this.#lastFailure;
    const policy = this.#policy;
    const counts = options.counts !== false;
    if (!policy || (counts && this.#attempts >= policy.maxAttempts)) {
      this.giveUp(
        !policy
          ? (options.failure ?? new ConnectionLostError('The connection was lost and reconnect is off.'))
          : new ConnectionLostError(`Gave up after ${this.#attempts} failed reconnect attempts (reconnect.maxAttempts)${lastFailed(options.failure)}.`, {
              cause: options.failure,
            }),
      );
      return;
    }
    this.#nextAttempt = attempt;
    // Offline: hold the attempt (uncounted) until the network returns; see setOnline.
    if (!this.#online) return;
    const backoffMs = options.backoff === false ? 0 : backoffDelay(this.#attempts, policy, this.#options.random);
    if (counts) this.#attempts++;
    this.#retryTimer.start((options.extraDelayMs ?? 0) + backoffMs, () => this.#runNextAttempt());
  }

  /**
   * The device went offline or came back (also fed by the `network` option). Offline, a retry
   * waiting for its delay is held; back online, the held or waiting retry runs at once, from a
   * fresh attempt count (the failures counted were the network's). Returns whether one ran.
   */
  setOnline(online: boolean): boolean {
    if (online === this.#online || this.#ended) return false;
    this.#online = online;
    this.#retryTimer.stop();
    if (!online) return false;
    this.#attempts = 0;
    if (!this.#nextAttempt) return false;
    this.#runNextAttempt();
    return true;
  }

  /** Ends the schedule: every timer and the network watch are released. */
  close(): void {
    this.end();
  }

  /** Gives up by itself: ends, then tells the owner (`onGiveUp`). */
  protected giveUp(error: RxwireError): void {
    this.end(error);
    this.#options.onGiveUp?.(error);
  }

  /** Ends the schedule (for good): `error` is what ended it, where something failed. */
  protected end(_error?: RxwireError): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#retryTimer.stop();
    this.#attemptTimer.stop();
    this.#nextAttempt = undefined;
    this.#stopWatchingNetwork?.();
    this.#stopWatchingNetwork = undefined;
  }

  #runNextAttempt(): void {
    const attempt = this.#nextAttempt;
    this.#nextAttempt = undefined;
    attempt?.();
  }
}

/** "; last attempt failed: <why>" for a final error; empty without a failure. @internal */
export function lastFailed(failure: RxwireError | undefined): string {
  return failure ? `; last attempt failed: ${redact(rootCauseMessage(failure))}` : '';
}
