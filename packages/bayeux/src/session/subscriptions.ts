import { replyError, type BayeuxError } from '../bayeuxError.js';
import type { BayeuxMessage } from '../message.js';
import { wantsHandshake } from './replies.js';

/** What {@link Subscriptions} reports and asks for. @internal */
export interface SubscriptionsOptions {
  /** Tells the application a channel's subscription holds (or no longer does). */
  notify: (channel: string, subscribed: boolean) => void;
  /** The server refused a channel for good: it is forgotten. */
  denied: (channel: string, error: BayeuxError) => void;
  /** Sends a subscribe request and returns its id. */
  request: (channel: string) => string;
}

/** Where a wanted subscription is: to be sent, sent, confirmed by the server. */
const enum Sub {
  Pending,
  Sent,
  Subscribed,
}

/**
 * The channels the session wants subscribed, where each stands, and which subscribe request is the
 * latest for each (only its answer counts). Apart from the session because the rules of when a
 * channel counts as subscribed, and when its subscribe goes out again, are their own; the session
 * only says when the connection is up, lost or gone, and what the server answered.
 * @internal
 */
export class Subscriptions {
  readonly #status = new Map<string, Sub>();
  /** The id of each channel's latest subscribe request: only its answer (or failure) counts. */
  readonly #ids = new Map<string, string>();
  readonly #notify: SubscriptionsOptions['notify'];
  readonly #denied: SubscriptionsOptions['denied'];
  readonly #request: SubscriptionsOptions['request'];

  constructor(options: SubscriptionsOptions) {
    this.#notify = options.notify;
    this.#denied = options.denied;
    this.#request = options.request;
  }

  /** Wants the channel; false if it was already wanted. */
  add(channel: string): boolean {
    if (this.#status.has(channel)) return false;
    this.#status.set(channel, Sub.Pending);
    return true;
  }

  /** No longer wants the channel; true when a subscribe for it went out (so the server may hold it). */
  remove(channel: string): boolean {
    const status = this.#status.get(channel);
    if (status === undefined) return false;
    this.#status.delete(channel);
    this.#ids.delete(channel);
    if (status === Sub.Subscribed) this.#notify(channel, false);
    return status !== Sub.Pending;
  }

  /** Sends the channel's subscribe. */
  send(channel: string): void {
    this.#status.set(channel, Sub.Sent);
    this.#ids.set(channel, this.#request(channel));
  }

  /** Sends the subscribes that wait for the session. */
  flush(): void {
    for (const [channel, status] of this.#status) if (status === Sub.Pending) this.send(channel);
  }

  /**
   * The answer to (or failure of) subscribe request `id`, if it still counts: `true` confirmed, `false`
   * to be sent again, undefined denied (the channel is forgotten). Returns whether it counted.
   */
  set(channel: string, id: string | undefined, subscribed?: boolean): boolean {
    // An answer to an older subscribe request (sent before an unsubscribe and a new subscribe) decides nothing.
    if (!this.#status.has(channel) || this.#ids.get(channel) !== id) return false;
    if (subscribed === undefined) this.#status.delete(channel);
    else this.#status.set(channel, subscribed ? Sub.Subscribed : Sub.Pending);
    return true;
  }

  /**
   * The server's reply to the subscribe `request`. `sessionUp`: a confirmation counts at once (a
   * subscribe sent with the first connect may be answered before it: the channel then counts as
   * subscribed once the session is up, see {@link confirm}). Returns 'rehandshake' when the server
   * forgot the session: the subscribe goes out again after a new handshake.
   */
  answer(request: BayeuxMessage, reply: BayeuxMessage, { sessionUp }: { sessionUp: boolean }): 'rehandshake' | undefined {
    const channel = request.subscription as string;
    if (reply.successful) {
      if (this.set(channel, request.id, true) && sessionUp) this.#notify(channel, true);
    } else if (wantsHandshake(reply)) {
      if (this.set(channel, request.id, false)) return 'rehandshake';
    } else if (this.set(channel, request.id)) {
      this.#denied(channel, replyError('SUBSCRIBE_DENIED', `The server denied the subscription to ${channel}`, reply, channel));
    }
    return undefined;
  }

  /** The subscribe `request` got no reply (it failed or timed out): it goes out again with the next connect. */
  failed(request: BayeuxMessage): void {
    this.set(request.subscription as string, request.id, false);
  }

  /** The session is up: the confirmed channels hold again. */
  confirm(): void {
    for (const [channel, status] of this.#status) if (status === Sub.Subscribed) this.#notify(channel, true);
  }

  /** The connection is down (its server state may still live): every channel is unconfirmed, to be sent again. */
  reset(): void {
    for (const [channel, status] of this.#status) {
      if (status === Sub.Subscribed) this.#notify(channel, false);
      this.#status.set(channel, Sub.Pending);
    }
  }

  /** The session ended: every channel is forgotten. */
  clear(): void {
    for (const [channel, status] of this.#status) if (status === Sub.Subscribed) this.#notify(channel, false);
    this.#status.clear();
    this.#ids.clear();
  }
}
