import type { Clock, TimerHandle } from '@rxwire/core';
import type { BayeuxMessage, ConnectionType } from '../message.js';
import type { Publish } from './outbox.js';

/** A request waiting for its reply. @internal */
export interface PendingRequest {
  message: BayeuxMessage;
  /** The connection type it went out on. */
  via: ConnectionType;
  /** When it times out (clock time), and after how long. */
  deadline: number;
  timeoutMs: number;
  /** A publish's caller, settled by the reply; meta requests are answered through the session instead. */
  publish: Publish | undefined;
}

/** What {@link PendingRequests.add} takes. @internal */
export interface NewRequest {
  message: BayeuxMessage;
  via: ConnectionType;
  timeoutMs: number;
  publish?: Publish | undefined;
}

/**
 * The session's requests that wait for their reply, by id, and their reply timeouts. Apart from the
 * session because it is bookkeeping with rules of its own (unique ids, one timer for all deadlines,
 * late replies to abandoned ids expected) and no say in what a reply or a failure means: the
 * session decides that, in `onTimeout` and where it takes a request back.
 * @internal
 */
export class PendingRequests {
  /** Requests by id (a counter: unique per session, as the spec asks). */
  readonly #pending = new Map<string, PendingRequest>();
  #nextId = 0;
  /** Ids that ended without their reply (timed out, failed, dropped): a late reply to them is no surprise. */
  readonly #abandoned = new Set<string>();
  #timer: TimerHandle | undefined;
  /** When the timer fires; Infinity while it is not set. */
  #at = Infinity;
  readonly #clock: Clock;
  /** Called for each request that got no reply in time, after it was abandoned. */
  readonly #onTimeout: (request: PendingRequest) => void;

  constructor(clock: Clock, onTimeout: (request: PendingRequest) => void) {
    this.#clock = clock;
    this.#onTimeout = onTimeout;
  }

  /** Gives the message its id and waits for the reply, for `timeoutMs` at most. Returns the id. */
  add(request: NewRequest): string {
    const { message, via, timeoutMs } = request;
    const id = (message.id = String(++this.#nextId));
    const deadline = this.#clock.now() + timeoutMs;
    this.#pending.set(id, { message, via, deadline, timeoutMs, publish: request.publish });
    if (deadline < this.#at) this.#arm(deadline);
    return id;
  }

  /** Stops tracking the request with this id and returns it. */
  take(id: string | undefined): PendingRequest | undefined {
    const request = this.#pending.get(id as string);
    this.#pending.delete(id as string);
    return request;
  }

  /** Like {@link take}, for a request that ends without its reply (a late reply is then expected). */
  abandon(id: string | undefined): PendingRequest | undefined {
    const request = this.take(id);
    if (request) {
      const abandoned = this.#abandoned;
      abandoned.add(id as string);
      // Bounded: only recent late replies matter.
      if (abandoned.size > 1000) abandoned.delete(abandoned.values().next().value as string);
    }
    return request;
  }

  /** Whether the request with this id ended without its reply. */
  abandoned(id: string): boolean {
    return this.#abandoned.has(id);
  }

  /** The first pending request on that channel, if any. */
  find(channel: string): PendingRequest | undefined {
    for (const request of this.#pending.values()) if (request.message.channel === channel) return request;
    return undefined;
  }

  /** Abandons the requests on that channel, or all of them (and the timer) without a channel; returns them. */
  clear(channel?: string): PendingRequest[] {
    if (channel === undefined) this.#arm(Infinity);
    const dropped = [...this.#pending.values()].filter((request) => channel === undefined || request.message.channel === channel);
    for (const request of dropped) this.abandon(request.message.id);
    return dropped;
  }

  /**
   * One timer for every reply timeout (not one per request: a publish costs no timer of its own), set
   * for the earliest deadline; when it fires, what is due fails and it is set for the next one.
   */
  #arm(at: number): void {
    const clock = this.#clock;
    if (this.#timer !== undefined) clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#at = at;
    if (at === Infinity) return;
    this.#timer = clock.setTimeout(() => {
      this.#timer = undefined;
      this.#at = Infinity;
      for (const pending of [...this.#pending.values()]) {
        // Each in turn: a failure may end the session (and every other request with it).
        if (pending.deadline <= clock.now() && this.abandon(pending.message.id)) this.#onTimeout(pending);
      }
      let next = Infinity;
      for (const pending of this.#pending.values()) next = Math.min(next, pending.deadline);
      if (next < this.#at) this.#arm(next);
    }, at - clock.now());
  }
}
