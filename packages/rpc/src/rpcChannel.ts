import { Observable, type Subscriber } from 'rxjs';
import { MulticastValue, RefCount, RxwireError, type Channel, type ChannelMessage, type Clock } from '@rxwire/core';
import type { Protocol } from './protocol.js';
import { globToRegExp } from './internal/glob.js';

/** What a channel needs from its client. @internal */
export interface ChannelHost {
  readonly protocol: Protocol;
  readonly clock: Clock;
  readonly graceMs: number;
  closed(): boolean;
  /**
   * Sends the wire subscribe (connecting lazily) or unsubscribe through the request manager;
   * `undefined` while offline (the client re-subscribes its active channels once connected).
   */
  wire(subscribe: boolean, name: string, event: string | undefined): Promise<unknown> | undefined;
  publish(channel: string, event: string | undefined, data: unknown): Promise<unknown>;
  report(error: RxwireError): void;
}

/** Errors after which the wire subscription simply waits for the next connection. */
const quiet = (error: unknown) => {
  const code = (error as RxwireError | undefined)?.code;
  return code === 'CONNECTION_LOST' || code === 'CLOSED';
};

/**
 * One `(name, event glob)` of an `RpcClient`: observers share one wire subscription, made with the
 * first and released a grace period after the last; re-made after a reconnect. @internal
 */
export class RpcChannel<T = unknown> implements Channel<T> {
  readonly messages$: Observable<ChannelMessage<T>>;
  readonly subscribed$: Observable<boolean>;
  readonly name: string;
  readonly event: string | undefined;
  readonly #host: ChannelHost;
  readonly #observers = new Set<Subscriber<ChannelMessage<T>>>();
  readonly #subscribed = new MulticastValue(false);
  readonly #refs: RefCount;
  readonly #matcher: RegExp | undefined;
  /** Bumped by every wire subscribe and loss, so a stale reply is recognised. */
  #generation = 0;
  /** A wire subscribe went out since the last loss. */
  #onWire = false;

  constructor(name: string, event: string | undefined, host: ChannelHost) {
    this.name = name;
    this.event = event;
    this.#host = host;
    this.#matcher = event === undefined || event === '*' ? undefined : globToRegExp(event);
    this.subscribed$ = this.#subscribed.observable;
    this.#refs = new RefCount({ onFirst: () => this.wireSubscribe(), onLast: () => this.#wireUnsubscribe(), graceMs: host.graceMs, clock: host.clock });
    this.messages$ = new Observable<ChannelMessage<T>>((subscriber) => {
      if (host.closed()) return subscriber.complete();
      this.#observers.add(subscriber);
      const release = this.#refs.acquire();
      return () => {
        this.#observers.delete(subscriber);
        release();
      };
    });
  }

  /** Whether observers hold the wire subscription (or its release is still pending). */
  get isActive(): boolean {
    return this.#refs.isActive;
  }

  publish(data: T): Promise<unknown> {
    return this.#host.publish(this.name, this.event, data);
  }

  /** A push for this channel's name: delivered when its event matches the glob. */
  deliver(message: ChannelMessage): void {
    if (this.#matcher && !this.#matcher.test(message.event ?? '')) return;
    for (const observer of [...this.#observers]) observer.next(message as ChannelMessage<T>);
  }

  /** The wire subscribe, with the first observer and again after every reconnect. */
  wireSubscribe(): void {
    const { name, event } = this;
    const host = this.#host;
    const generation = ++this.#generation;
    const request = host.wire(true, name, event);
    if (!request) return;
    this.#onWire = true;
    request.then(
      (result) => {
        if (generation !== this.#generation) return;
        const refused = host.protocol.checkSubscribed?.(result, name, event);
        if (refused) this.deny(refused);
        else this.#subscribed.set(true);
      },
      (error: unknown) => {
        if (generation !== this.#generation || quiet(error)) return; // a lost connection re-subscribes after the reconnect
        if (error instanceof RxwireError && error.code === 'RPC_ERROR') {
          const message = `The server refused the subscription to "${name}": ${error.message}`;
          this.deny(new RxwireError('SUBSCRIBE_DENIED', message, { cause: error, payload: error.payload }));
        } else {
          // A timeout: observers stay, the next reconnect tries again.
          this.lost();
          host.report(error instanceof RxwireError ? error : new RxwireError('SUBSCRIBE_FAILED', String(error), { cause: error }));
        }
      },
    );
  }

  /** The wire subscription is gone (the link dropped, or released). */
  lost(): void {
    this.#generation++;
    this.#onWire = false;
    this.#subscribed.set(false);
  }

  /** The server refused, or the client failed: observers get the error (their release then skips the wire unsubscribe). */
  deny(error: unknown): void {
    this.lost();
    for (const observer of [...this.#observers]) observer.error(error);
    // Released now rather than after the grace period, so a new observer subscribes on the wire again.
    this.#refs.flush();
  }

  /** The client closed: observers complete, nothing is left scheduled. */
  close(): void {
    this.lost();
    for (const observer of [...this.#observers]) observer.complete();
    this.#refs.flush();
    this.#subscribed.complete();
  }

  #wireUnsubscribe(): void {
    const wasOnWire = this.#onWire;
    this.lost();
    if (!wasOnWire) return;
    this.#host.wire(false, this.name, this.event)?.catch((error: unknown) => {
      if (!quiet(error) && error instanceof RxwireError) this.#host.report(error);
    });
  }
}
