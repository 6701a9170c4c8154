import { BehaviorSubject, Observable, type Subscriber } from 'rxjs';
import { RefCount, type Channel, type ChannelMessage, type Clock } from '@rxwire/core';
import { globToRegExp } from './internal/glob.js';

/** What a channel needs from its client. @internal */
export interface ChannelHost {
  isClosed(): boolean;
  wireSubscribe(channel: RpcChannel<unknown>): void;
  wireUnsubscribe(channel: RpcChannel<unknown>): void;
  publish(channel: string, event: string | undefined, data: unknown): Promise<unknown>;
}

/** Where the wire subscription stands. @internal */
export type WireState = 'none' | 'pending' | 'subscribed';

/**
 * One `(name, event glob)` of an `RpcClient`: observers share one wire subscription, made with the
 * first and released a grace period after the last. @internal
 */
export class RpcChannel<T = unknown> implements Channel<T> {
  readonly messages$: Observable<ChannelMessage<T>>;
  readonly subscribed$: Observable<boolean>;
  /** Bumped by every wire subscribe, so a stale reply is recognised. */
  generation = 0;
  wireState: WireState = 'none';
  private readonly observers = new Set<Subscriber<ChannelMessage<T>>>();
  private readonly subscribed = new BehaviorSubject(false);
  private readonly refs: RefCount;
  private readonly matcher: RegExp | undefined;

  constructor(
    readonly name: string,
    readonly event: string | undefined,
    private readonly host: ChannelHost,
    graceMs: number,
    clock: Clock,
  ) {
    this.matcher = event === undefined || event === '*' ? undefined : globToRegExp(event);
    this.subscribed$ = this.subscribed.asObservable();
    this.refs = new RefCount({
      onFirst: () => host.wireSubscribe(this as RpcChannel<unknown>),
      onLast: () => host.wireUnsubscribe(this as RpcChannel<unknown>),
      graceMs,
      clock,
    });
    this.messages$ = new Observable<ChannelMessage<T>>((subscriber) => {
      if (this.host.isClosed()) {
        subscriber.complete();
        return undefined;
      }
      this.observers.add(subscriber);
      const release = this.refs.acquire();
      return () => {
        this.observers.delete(subscriber);
        release();
      };
    });
  }

  /** Whether observers hold the wire subscription (or its release is still pending). */
  get isActive(): boolean {
    return this.refs.isActive;
  }

  publish(data: T): Promise<unknown> {
    return this.host.publish(this.name, this.event, data);
  }

  /** A push for this channel's name: delivered when its event matches the glob. */
  deliver(message: ChannelMessage): void {
    if (this.matcher && !this.matcher.test(message.event ?? '')) return;
    for (const observer of [...this.observers]) observer.next(message as ChannelMessage<T>);
  }

  confirm(): void {
    this.wireState = 'subscribed';
    if (!this.subscribed.value) this.subscribed.next(true);
  }

  lost(): void {
    this.wireState = 'none';
    if (this.subscribed.value) this.subscribed.next(false);
  }

  /** The server refused: observers get the error (their release then skips the wire unsubscribe). */
  deny(error: unknown): void {
    this.lost();
    for (const observer of [...this.observers]) observer.error(error);
    // Released now rather than after the grace period, so a new observer subscribes on the wire again.
    this.refs.flush();
  }

  /** The client closed: observers complete, nothing is left scheduled. */
  close(): void {
    this.lost();
    for (const observer of [...this.observers]) observer.complete();
    this.refs.flush();
    this.subscribed.complete();
  }
}
