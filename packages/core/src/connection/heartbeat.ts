import { systemClock, type Clock } from '../clock.js';
import { TransportTimeoutError } from '../errors.js';
import { JobTimer } from '../timing/jobTimer.js';

/** Options of {@link Heartbeat}. */
export interface HeartbeatTimerOptions {
  /** Quiet time (no inbound traffic) before a ping is sent. @default 15_000 */
  intervalMs?: number | undefined;
  /** Time the peer has after a ping to show life before it is declared dead. @default 10_000 */
  timeoutMs?: number | undefined;
  /** Sends a ping: a ping frame, or an application message the server answers. */
  ping: () => void;
  /** No traffic and no answer to the ping: the link is half-open. Runs once per {@link Heartbeat.start}. */
  onDead: (error: TransportTimeoutError) => void;
  /** @default the global timers */
  clock?: Clock | undefined;
}

/**
 * Half-open detection. A TCP link whose peer vanished (a laptop lid closed, a NAT entry expired)
 * can look open for many minutes: nothing fails until something is sent. Every `intervalMs` the
 * heartbeat looks whether any traffic came in; if none did, it pings and gives the peer `timeoutMs`
 * to show life, then declares the link dead. Traffic is marked with {@link alive}, a plain field
 * write, cheap enough to call for every inbound frame; the heartbeat has its own timer.
 *
 * @example
 * ```ts
 * const heartbeat = new Heartbeat({
 *   intervalMs: 15_000,
 *   timeoutMs: 10_000,
 *   ping: () => socket.ping(),
 *   onDead: (error) => replaceSocket(error),
 * });
 * socket.onopen = () => heartbeat.start();
 * socket.onmessage = (event) => { heartbeat.alive(); handle(event); };
 * socket.onclose = () => heartbeat.stop();
 * ```
 */
export class Heartbeat {
  readonly #options: HeartbeatTimerOptions;
  readonly #timer: JobTimer;
  readonly #intervalMs: number;
  readonly #timeoutMs: number;
  /** Inbound traffic since the heartbeat last looked. */
  #alive = false;

  constructor(options: HeartbeatTimerOptions) {
    this.#options = options;
    this.#timer = new JobTimer(options.clock ?? systemClock);
    this.#intervalMs = options.intervalMs ?? 15_000;
    this.#timeoutMs = options.timeoutMs ?? 10_000;
  }

  /** Starts watching (again, from a quiet link): the first look is `intervalMs` from now. */
  start(): void {
    this.stop();
    this.#wait(this.#intervalMs, false);
  }

  /** Traffic came in: the link lives. */
  alive(): void {
    this.#alive = true;
  }

  stop(): void {
    this.#timer.stop();
    this.#alive = false;
  }

  /** Looks after `ms`; `pinged` says whether a ping is out, unanswered so far. */
  #wait(ms: number, pinged: boolean): void {
    this.#timer.start(ms, () => this.#look(pinged));
  }

  #look(pinged: boolean): void {
    if (this.#alive) {
      this.#alive = false;
      this.#wait(this.#intervalMs, false);
    } else if (!pinged) {
      // Armed before the ping: an app-level ping sent synchronously may already be answered.
      this.#wait(this.#timeoutMs, true);
      this.#options.ping();
    } else {
      const quietMs = this.#intervalMs + this.#timeoutMs;
      this.#options.onDead(
        new TransportTimeoutError(`No traffic and no pong for ${quietMs} ms: the connection is half-open and is being replaced.`),
      );
    }
  }
}
