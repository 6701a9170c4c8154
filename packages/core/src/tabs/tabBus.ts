import type { RxwireError } from '../errors.js';
import { envelope, parseTabMessage, type TabMessage } from './tabMessage.js';
import type { BroadcastChannelConstructor, BroadcastChannelLike } from './tabPlatform.js';

/**
 * How a package's tab messages are posted and checked: `wrap` marks and versions a message, `parse`
 * gives it back only if it is one of ours and well formed (`undefined` otherwise).
 */
export interface TabCodec<M> {
  wrap(message: M): unknown;
  parse(data: unknown): M | undefined;
}

/** Core's own messages (the shared socket's). */
const socketMessages: TabCodec<TabMessage> = { wrap: envelope, parse: parseTabMessage };

/** Options of {@link TabBus}. */
export interface TabBusOptions<M = TabMessage> {
  name: string;
  BroadcastChannel: BroadcastChannelConstructor;
  /** The messages this bus carries. @default core's shared-socket messages */
  codec?: TabCodec<M>;
  /** A valid message from another tab. */
  onMessage: (message: M) => void;
  /** A foreign or malformed message, ignored: reported with code `BAD_FRAME`. */
  onBadMessage: (error: RxwireError) => void;
  /** Makes that `BAD_FRAME` error (core's BadFrameError, handed in: see TabShareHooks). */
  badFrameError: BadFrameErrorFactory;
}

/** Makes a `BAD_FRAME` error: what `new BadFrameError(message, frameSize, { payload })` does. */
export type BadFrameErrorFactory = (message: string, frameSize: number, payload: unknown) => RxwireError;

/**
 * The BroadcastChannel of one share key (core's shared socket, or another package's tab code with
 * its own {@link TabCodec}). Every message that arrives is checked before use; a bad
 * one is counted and reported, never thrown. `close()`/`open()` let a page going into the
 * back/forward cache drop the channel and take it up again on the way back.
 */
export class TabBus<M = TabMessage> {
  readonly #options: TabBusOptions<M>;
  readonly #codec: TabCodec<M>;
  #channel: BroadcastChannelLike | undefined;
  #badCount = 0;

  constructor(options: TabBusOptions<M>) {
    this.#options = options;
    // Without a codec the bus carries core's messages, and M is TabMessage.
    this.#codec = options.codec ?? (socketMessages as unknown as TabCodec<M>);
    this.open();
  }

  /** Foreign or malformed messages ignored so far. */
  get badCount(): number {
    return this.#badCount;
  }

  open(): void {
    if (this.#channel) return;
    const channel = (this.#channel = new this.#options.BroadcastChannel(this.#options.name));
    channel.onmessage = (event) => this.#receive(event.data);
  }

  post(message: M): void {
    try {
      this.#channel?.postMessage(this.#codec.wrap(message));
    } catch {
      // A closed channel (the page is on its way out): the other tabs learn it from the lock.
    }
  }

  close(): void {
    const channel = this.#channel;
    this.#channel = undefined;
    if (!channel) return;
    channel.onmessage = null;
    channel.close();
  }

  #receive(data: unknown): void {
    const message = this.#codec.parse(data);
    if (message !== undefined) {
      this.#options.onMessage(message);
      return;
    }
    this.#badCount++;
    const size = typeof data === 'string' ? data.length : 0;
    this.#options.onBadMessage(
      this.#options.badFrameError(`Ignored a foreign or malformed message from another tab on ${this.#options.name}.`, size, data)
    );
  }
}
