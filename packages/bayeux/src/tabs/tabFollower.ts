import type { ConnectionState, MulticastValue, RxwireError } from '@rxwire/core';
import type { BayeuxError } from '../bayeuxError.js';
import type { ChannelRouter } from '../channelRouter.js';
import type { ConnectionType } from '../message.js';
import type { BayeuxTabMessage, TabCallOp, TabCallResult } from './bayeuxTabMessage.js';
import type { SavedSession } from './sessionHandover.js';

/** Options of {@link TabFollower}. @internal */
export interface TabFollowerOptions {
  /** This tab's id among the tabs. */
  tab: string;
  post: (message: BayeuxTabMessage) => void;
  /** The client's channels: the leader's events and channel news are routed to them. */
  router: Pick<ChannelRouter, 'get' | 'deliver'>;
  /** The client's state and connection type, mirrored from the leader's session. */
  state: Pick<MulticastValue<ConnectionState>, 'set'>;
  type: Pick<MulticastValue<ConnectionType | undefined>, 'set'>;
  /** Core's and Bayeux's error classes, handed in (see the top of bayeuxTabShare.ts). */
  RxwireError: typeof RxwireError;
  BayeuxError: typeof BayeuxError;
}

interface Call {
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * What a follower tab does through the leader: it wants its channels from the leader (whose answers
 * confirm, lose or deny them), hands its publishes, requests and connects to the leader and keeps
 * only the answers to its own, delivers the server's events to its own observers, and mirrors the
 * leader's session (state, connection type, clientId).
 * @internal
 */
export class TabFollower {
  readonly #options: TabFollowerOptions;
  readonly #calls = new Map<number, Call>();
  #nextId = 0;
  /** The leader's session id, as last told. */
  clientId: string | undefined;
  /** The leader's session, as last shared with a batch of events (see `SavedSession`). */
  #saved: SavedSession | undefined;

  constructor(options: TabFollowerOptions) {
    this.#options = options;
  }

  /** The session the last leader shared, for this tab to continue as leader; forgotten here. */
  takeSaved(): SavedSession | undefined {
    const saved = this.#saved;
    this.#saved = undefined;
    return saved;
  }

  want(channel: string): void {
    this.#options.post({ type: 'want', tab: this.#options.tab, channel });
  }

  unwant(channel: string): void {
    this.#options.post({ type: 'unwant', tab: this.#options.tab, channel });
  }

  /** Lets go of every channel this tab wanted. */
  bye(): void {
    this.#options.post({ type: 'bye', tab: this.#options.tab });
  }

  /** Runs `op` in the leader's session; settles with the leader's answer to this tab. */
  call(op: TabCallOp, channel: string, data: unknown, timeoutMs?: number): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const id = ++this.#nextId;
      this.#calls.set(id, { resolve, reject });
      this.#options.post({ type: 'call', tab: this.#options.tab, id, op, channel, data, ...(timeoutMs !== undefined && { timeoutMs }) });
    });
  }

  /** The leader changed or this tab let go: calls it ran (or may not have run) fail with `error`. */
  failCalls(error: RxwireError): void {
    const calls = [...this.#calls.values()];
    this.#calls.clear();
    for (const call of calls) call.reject(error);
  }

  receive(message: BayeuxTabMessage): void {
    const { router, tab } = this.#options;
    switch (message.type) {
      case 'session':
        this.clientId = message.clientId;
        // A new session: the one saved is over (its clientId is forgotten by the server, or soon will be).
        if (message.clientId !== this.#saved?.clientId) this.#saved = undefined;
        this.#options.type.set(message.connectionType);
        this.#options.state.set(message.state);
        return;
      case 'events':
        for (const event of message.events) router.deliver(event);
        // Kept for when this tab takes over; it acknowledges what was just delivered, and no more.
        if (message.session) this.#saved = message.session;
        return;
      case 'status': {
        const channel = message.tab === tab ? router.get(message.channel) : undefined;
        if (channel?.isActive) channel.setSubscribed(message.live, message.recovered ? 'recovered' : undefined);
        return;
      }
      case 'denied': {
        const channel = message.tab === tab ? router.get(message.channel) : undefined;
        channel?.denied(new this.#options.BayeuxError(message.code, message.message, { channel: message.channel }));
        return;
      }
      case 'result':
        if (message.tab === tab) this.#settle(message.id, message);
        return;
      // A follower's own kind, for the leader; `leader` is the share's.
      case 'hello':
      case 'leader':
      case 'want':
      case 'unwant':
      case 'bye':
      case 'call':
        return;
    }
  }

  #settle(id: number, result: TabCallResult): void {
    const call = this.#calls.get(id);
    if (!call) return;
    this.#calls.delete(id);
    if (result.ok) return call.resolve(result.value);
    const { RxwireError, BayeuxError } = this.#options;
    // The error's class and code cross; its cause and payload stay in the leader's tab.
    const error = result.name === 'BayeuxError' ? new BayeuxError(result.code, result.message) : new RxwireError(result.code, result.message);
    if (result.name !== error.name) Object.defineProperty(error, 'name', { value: result.name });
    call.reject(error);
  }
}
