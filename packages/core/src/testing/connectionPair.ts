import { PreparedMessage, type Connection } from '../connection.js';
import type { RxwireError } from '../errors.js';
import { Multicast, MulticastValue } from '../multicast.js';
import type { CloseInfo, ConnectionState } from '../types.js';

/** One end of {@link createConnectionPair}: a `Connection` plus controls for the test. */
export class MemoryConnection<T> implements Connection<T> {
  readonly #state = new MulticastValue<ConnectionState>('connected');
  readonly #messages = new Multicast<T>();
  readonly #closes = new Multicast<CloseInfo>();
  readonly #errors = new Multicast<RxwireError>();
  readonly #drops = new MulticastValue(0);
  /** @internal */
  peer!: MemoryConnection<T>;
  /** Everything `send` accepted, in order. */
  readonly sent: T[] = [];
  readonly #outbox: T[] = [];
  paused = false;

  readonly state$ = this.#state.observable;
  readonly messages$ = this.#messages.observable;
  readonly closes$ = this.#closes.observable;
  readonly errors$ = this.#errors.observable;
  readonly drops$ = this.#drops.observable;
  readonly droppedCount = 0;

  get state(): ConnectionState {
    return this.#state.value;
  }

  get pendingSendCount(): number {
    return this.#outbox.length;
  }

  connect(): void {
    if (this.state === 'idle') this.setState('connected');
  }

  send(message: T | PreparedMessage): boolean {
    if (this.state === 'closed') return false;
    const value = message instanceof PreparedMessage ? (message.frame as T) : message;
    this.sent.push(value);
    if (this.state === 'connected' && this.peer.state === 'connected') this.peer.receive(value);
    else this.#outbox.push(value);
    return true;
  }

  prepare(message: T): PreparedMessage {
    return new PreparedMessage(message as never);
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
  }

  close(code = 1000, reason = ''): void {
    if (this.state === 'closed') return;
    this.setState('closed');
    this.#closes.next({ code, reason, wasClean: true });
    this.#messages.complete();
  }

  /** Test control: deliver a message to this end's `messages$`. */
  receive(message: T): void {
    this.#messages.next(message);
  }

  /** Test control: report an error on this end's `errors$`. */
  emitError(error: RxwireError): void {
    this.#errors.next(error);
  }

  /** Test control: move to a state; on `connected`, messages queued meanwhile are delivered. */
  setState(state: ConnectionState): void {
    if (state === this.#state.value) return;
    this.#state.next(state);
    if (state === 'connected') this.#flush();
    if (state === 'connected' && this.peer.state === 'connected') this.peer.#flush();
  }

  #flush(): void {
    if (this.peer.state !== 'connected') return;
    for (const message of this.#outbox.splice(0)) this.peer.receive(message);
  }
}

/**
 * Two in-memory connections wired to each other, for testing protocol engines without a socket:
 * what one end sends, the other receives, synchronously (queued while either end is not connected).
 *
 * @example
 * ```ts
 * const [client, server] = createConnectionPair<unknown>();
 * server.messages$.subscribe((m) => server.send({ echo: m }));
 * ```
 */
export function createConnectionPair<T = unknown>(): [MemoryConnection<T>, MemoryConnection<T>] {
  const a = new MemoryConnection<T>();
  const b = new MemoryConnection<T>();
  a.peer = b;
  b.peer = a;
  return [a, b];
}
