import type { RxwireError } from '../errors.js';
import { envelope, parseTabMessage, type TabMessage } from './tabMessage.js';
import type { BroadcastChannelConstructor, BroadcastChannelLike } from './tabPlatform.js';

/** Options of {@link TabBus}. */
export interface TabBusOptions {
  name: string;
  BroadcastChannel: BroadcastChannelConstructor;
  /** A valid message from another tab. */
  onMessage: (message: TabMessage) => void;
  /** A foreign or malformed message, ignored: reported with code `BAD_FRAME`. */
  onBadMessage: (error: RxwireError) => void;
  /** Makes that `BAD_FRAME` error (core's BadFrameError, handed in: see TabShareHooks). */
  badFrameError: BadFrameErrorFactory;
}

/** Makes a `BAD_FRAME` error: what `new BadFrameError(message, frameSize, { payload })` does. */
export type BadFrameErrorFactory = (message: string, frameSize: number, payload: unknown) => RxwireError;

/**
 * The BroadcastChannel of one share key. Every message that arrives is checked before use; a bad
 * one is counted and reported, never thrown. `close()`/`open()` let a page going into the
 * back/forward cache drop the channel and take it up again on the way back.
 */
export class TabBus {
  readonly #options: TabBusOptions;
  #channel: BroadcastChannelLike | undefined;
  #badCount = 0;

  constructor(options: TabBusOptions) {
    this.#options = options;
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

  post(message: TabMessage): void {
    try {
      this.#channel?.postMessage(envelope(message));
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
    const message = parseTabMessage(data);
    if (message) {
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
