import type { Clock, TimerHandle } from '@rxwire/core';
import type { BayeuxMessage, ConnectionType } from '../message.js';

/** A request waiting for its reply. @internal */
export interface PendingRequest {
  message: BayeuxMessage;
  /** The connection type it went out on. */
  type: ConnectionType;
  timer: TimerHandle;
  resolve?: (reply: BayeuxMessage) => void;
  reject?: (error: unknown) => void;
}

/**
 * Requests by message id, each with a reply timeout. Ids are unique per session (a counter), as
 * the Bayeux spec asks. @internal
 */
export class RequestTable {
  private nextId = 0;
  private readonly requests = new Map<string, PendingRequest>();
  /** Ids that ended without their reply (timed out, failed, dropped): a late reply to them is no surprise. */
  private readonly abandoned = new Set<string>();

  constructor(private readonly clock: Clock) {}

  /** Gives the message an id and tracks it; `onTimeout` runs if no reply came in `timeoutMs`. */
  add(
    message: BayeuxMessage,
    type: ConnectionType,
    timeoutMs: number,
    onTimeout: (request: PendingRequest) => void,
    resolve?: (reply: BayeuxMessage) => void,
    reject?: (error: unknown) => void,
  ): BayeuxMessage {
    const id = String(++this.nextId);
    const full: BayeuxMessage = { ...message, id };
    const timer = this.clock.setTimeout(() => {
      const request = this.abandon(id);
      if (request) onTimeout(request);
    }, timeoutMs);
    this.requests.set(id, { message: full, type, timer, ...(resolve ? { resolve } : {}), ...(reject ? { reject } : {}) });
    return full;
  }

  /** Stops tracking the request with this id (clearing its timer) and returns it. */
  take(id: string | undefined): PendingRequest | undefined {
    if (id === undefined) return undefined;
    const request = this.requests.get(id);
    if (!request) return undefined;
    this.requests.delete(id);
    this.clock.clearTimeout(request.timer);
    return request;
  }

  /** Like {@link take}, for a request that ends without its reply (a late reply is then expected). */
  abandon(id: string | undefined): PendingRequest | undefined {
    const request = this.take(id);
    if (request && id !== undefined) {
      this.abandoned.add(id);
      // Bounded: only recent late replies matter.
      if (this.abandoned.size > 1000) this.abandoned.delete(this.abandoned.values().next().value as string);
    }
    return request;
  }

  /** Whether a reply with this id, matching no pending request, may simply be late. */
  wasAbandoned(id: unknown): boolean {
    return typeof id === 'string' && this.abandoned.has(id);
  }

  /** The first pending request on that channel, if any. */
  find(channel: string): PendingRequest | undefined {
    for (const request of this.requests.values()) if (request.message.channel === channel) return request;
    return undefined;
  }

  has(id: string | undefined): boolean {
    return id !== undefined && this.requests.has(id);
  }

  /** Stops tracking every request on that channel. */
  dropChannel(channel: string): void {
    for (const request of [...this.requests.values()]) if (request.message.channel === channel) this.abandon(request.message.id);
  }

  /** Stops tracking everything and returns what was pending. */
  takeAll(): PendingRequest[] {
    const all = [...this.requests.values()];
    for (const request of all) this.abandon(request.message.id);
    return all;
  }
}
