import { RxwireError, type ChannelMessage, type Clock } from '@rxwire/core';
import type { Protocol } from './protocol.js';
import { RpcChannel, type ChannelHost } from './rpcChannel.js';

/** What the registry needs from its client. @internal */
export interface ChannelRegistryOptions {
  protocol: Protocol;
  clock: Clock;
  graceMs: number;
  isOnline(): boolean;
  isClosed(): boolean;
  /** Connects lazily. */
  start(): void;
  /** Sends a request through the request manager. */
  call(encode: (id: string) => unknown): Promise<unknown>;
  publish(channel: string, event: string | undefined, data: unknown): Promise<unknown>;
  report(error: RxwireError): void;
}

const quiet = (error: unknown) => {
  const code = (error as RxwireError | undefined)?.code;
  return code === 'CONNECTION_LOST' || code === 'CLOSED';
};

/**
 * The client's channels, memoised per `(name, event)`: their wire subscribe and unsubscribe, the
 * re-subscribe after a reconnect, and the delivery of pushes. @internal
 */
export class ChannelRegistry {
  private readonly channels = new Map<string, RpcChannel<unknown>>();
  private readonly host: ChannelHost;

  constructor(private readonly options: ChannelRegistryOptions) {
    this.host = {
      isClosed: () => options.isClosed(),
      wireSubscribe: (channel) => this.wireSubscribe(channel),
      wireUnsubscribe: (channel) => this.wireUnsubscribe(channel),
      publish: (channel, event, data) => options.publish(channel, event, data),
    };
  }

  get(name: string, event: string | undefined): RpcChannel<unknown> {
    const key = `${name}\u0000${event ?? ''}`;
    let channel = this.channels.get(key);
    if (!channel) {
      channel = new RpcChannel<unknown>(name, event, this.host, this.options.graceMs, this.options.clock);
      this.channels.set(key, channel);
    }
    return channel;
  }

  /** A push goes to every channel of its name whose event glob matches. */
  dispatch(message: ChannelMessage): void {
    for (const channel of this.channels.values()) {
      if (channel.name === message.channel) channel.deliver(message);
    }
  }

  /** Connected (again): subscribe every channel that has observers. */
  online(): void {
    for (const channel of this.channels.values()) if (channel.isActive) this.wireSubscribe(channel);
  }

  /** The link dropped: every wire subscription is gone. */
  offline(): void {
    for (const channel of this.channels.values()) channel.lost();
  }

  /** The connection failed for good: observers get the error. */
  fail(error: unknown): void {
    for (const channel of this.channels.values()) channel.deny(error);
  }

  close(): void {
    for (const channel of this.channels.values()) channel.close();
  }

  private wireSubscribe(channel: RpcChannel<unknown>): void {
    const { protocol } = this.options;
    this.options.start();
    // While offline, online() subscribes the active channels once connected.
    if (!this.options.isOnline() || this.options.isClosed() || !protocol.encodeSubscribe) return;
    const encode = protocol.encodeSubscribe.bind(protocol);
    const generation = ++channel.generation;
    channel.wireState = 'pending';
    const { name, event } = channel;
    const current = () => channel.generation === generation && channel.wireState === 'pending';
    this.options.call((id) => encode(id, name, event)).then(
      (result) => {
        if (!current()) return;
        const refused = protocol.checkSubscribed?.(result, name, event);
        if (refused) channel.deny(refused);
        else channel.confirm();
      },
      (error: unknown) => {
        if (!current() || quiet(error)) return; // a lost connection re-subscribes after the reconnect
        if (error instanceof RxwireError && error.code === 'RPC_ERROR') {
          const message = `The server refused the subscription to "${name}": ${error.message}`;
          channel.deny(new RxwireError('SUBSCRIBE_DENIED', message, { cause: error, payload: error.payload }));
        } else {
          // A timeout: observers stay, the next reconnect tries again.
          channel.lost();
          this.options.report(error instanceof RxwireError ? error : new RxwireError('SUBSCRIBE_FAILED', String(error), { cause: error }));
        }
      },
    );
  }

  private wireUnsubscribe(channel: RpcChannel<unknown>): void {
    const { protocol } = this.options;
    const wasOnWire = channel.wireState !== 'none';
    channel.generation++;
    channel.lost();
    if (!wasOnWire || !this.options.isOnline() || this.options.isClosed() || !protocol.encodeUnsubscribe) return;
    const encode = protocol.encodeUnsubscribe.bind(protocol);
    const { name, event } = channel;
    this.options.call((id) => encode(id, name, event)).catch((error: unknown) => {
      if (!quiet(error) && error instanceof RxwireError) this.options.report(error);
    });
  }
}
