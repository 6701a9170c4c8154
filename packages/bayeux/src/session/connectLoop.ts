import { JobTimer, type Clock } from '@rxwire/core';
import { BayeuxError, replyError } from '../bayeuxError.js';
import { CONNECT, type Advice, type BayeuxMessage, type ConnectionType } from '../message.js';
import { wantsHandshake } from './replies.js';

/** Options of {@link ConnectLoop}. @internal */
export interface ConnectLoopOptions {
  clock: Clock;
  /** Time a prompt connect (advice timeout 0) has for its reply. */
  requestTimeoutMs: number;
  /** Added to the advised timeout to wait for a held connect. */
  connectTimeoutMarginMs: number;
}

/** A connect to send, and how long to wait for its reply. @internal */
export interface ConnectRequest {
  message: BayeuxMessage;
  timeoutMs: number;
}

/** What comes after a connect reply. @internal */
export type ConnectStep =
  /** The loop goes on: the next connect after `afterMs` (0: at once). */
  | { type: 'connect'; afterMs: number }
  /** The connect failed: the next one after `afterMs`, as one more failed attempt. */
  | { type: 'retry'; afterMs: number }
  /** The server forgot the session: handshake again. */
  | { type: 'handshake' }
  /** The server advised not to reconnect: the session ends. */
  | { type: 'close'; error: BayeuxError };

/**
 * The `/meta/connect` loop: what each connect carries and how long its reply may take, what a reply
 * advises next, and holding the loop while the application cannot take more messages (the server
 * keeps them meanwhile, up to half its session timeout). @internal
 */
export class ConnectLoop {
  readonly #options: ConnectLoopOptions;
  /** Ends a pause that lasted as long as the server session allows. */
  readonly #holdTimer: JobTimer;
  /** The advised interval before the next connect of a session that is up. */
  readonly #intervalTimer: JobTimer;
  #paused = false;
  /** A connect was due while paused: it goes out on resume. */
  #deferred = false;

  constructor(options: ConnectLoopOptions) {
    this.#options = options;
    this.#holdTimer = new JobTimer(options.clock);
    this.#intervalTimer = new JobTimer(options.clock);
  }

  /**
   * The next connect over `via`, or undefined while the loop is paused (it goes out on {@link resume}).
   * `first` (after a handshake) is never held back. `prompt` asks for an immediate reply: after a
   * (re)handshake or a lost connection the server (another node of a cluster, say) would otherwise
   * hold it for advice.timeout before the session is confirmed and the subscriptions are sent again.
   */
  request(options: { via: ConnectionType; advice: Advice; first: boolean; prompt: boolean }): ConnectRequest | undefined {
    if (this.#paused && !options.first) {
      this.#deferred = true;
      return undefined;
    }
    const { prompt } = options;
    const o = this.#options;
    const timeoutMs = prompt ? o.requestTimeoutMs : (options.advice.timeout ?? 30_000) + o.connectTimeoutMarginMs;
    const message: BayeuxMessage = { channel: CONNECT, connectionType: options.via };
    if (prompt) message.advice = { timeout: 0 };
    return { message, timeoutMs };
  }

  /**
   * After a successful reply: the next connect at once, after the advised interval, or the end.
   * Without an interval the next connect goes out at once (a zero-delay timer waits at least a
   * millisecond: long-polling topped out near 700 polls a second).
   */
  afterSuccess(advice: Advice): ConnectStep {
    if (advice.reconnect === 'none' || (advice.interval ?? 0) < 0) {
      return { type: 'close', error: new BayeuxError('CONNECT_DENIED', 'The server advised not to reconnect.', { payload: advice }) };
    }
    return { type: 'connect', afterMs: advice.interval ?? 0 };
  }

  /** After an unsuccessful reply: retry after the interval, handshake again, or end, as advised. */
  afterDenial(reply: BayeuxMessage, advice: Advice): ConnectStep {
    const reconnect = reply.advice?.reconnect ?? (wantsHandshake(reply) ? 'handshake' : (advice.reconnect ?? 'retry'));
    if (reconnect === 'none' || (advice.interval ?? 0) < 0) return { type: 'close', error: replyError('CONNECT_DENIED', 'The server ended the session', reply) };
    if (reconnect === 'handshake') return { type: 'handshake' };
    return { type: 'retry', afterMs: advice.interval ?? 0 };
  }

  /** Runs `connect` after the advised interval (at once without one): the pace of a session that is up. */
  next(afterMs: number, connect: () => void): void {
    if (afterMs > 0) this.#intervalTimer.start(afterMs, connect);
    else connect();
  }

  /** The connection was lost or the session starts over: the paced connect is off. */
  cancelNext(): void {
    this.#intervalTimer.stop();
  }

  /**
   * Holds the next connect, for `maxHoldMs` at most; then the loop resumes by itself and `onExpired`
   * runs (`connectWaited`: a connect was held, the caller sends it now).
   */
  pause(maxHoldMs: number, onExpired: (connectWaited: boolean) => void): void {
    if (this.#paused) return;
    this.#paused = true;
    this.#holdTimer.start(maxHoldMs, () => onExpired(this.resume()));
  }

  /** Ends a pause. True when a connect was held meanwhile: the caller sends it now. */
  resume(): boolean {
    if (!this.#paused) return false;
    this.#paused = false;
    this.#holdTimer.stop();
    const deferred = this.#deferred;
    this.#deferred = false;
    return deferred;
  }

  /** The session ended: no timer is left behind. */
  stop(): void {
    this.#holdTimer.stop();
    this.#intervalTimer.stop();
  }
}
