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
      const request = this.take(id);
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

  has(id: string | undefined): boolean {
    return id !== undefined && this.requests.has(id);
  }

  /** Stops tracking every request on that channel. */
  dropChannel(channel: string): void {
    for (const request of [...this.requests.values()]) if (request.message.channel === channel) this.take(request.message.id);
  }

  /** Stops tracking everything and returns what was pending. */
  takeAll(): PendingRequest[] {
    const all = [...this.requests.values()];
    for (const request of all) this.take(request.message.id);
    return all;
  }
}
