/** Options of {@link MicrotaskBatch}. @internal */
export interface MicrotaskBatchOptions {
  /** Puts one frame's message on the wire; `false` means it was dropped. */
  send(message: unknown): boolean;
  /** The dialect's batch of several messages (JSON-RPC: an array). */
  encodeBatch(messages: unknown[]): unknown;
}

/**
 * `batch: true`: the messages sent in one microtask go out as one frame (a lone message as itself),
 * so calls made together cost one frame, one write and one reply frame instead of one each.
 * @internal
 */
export class MicrotaskBatch {
  readonly #options: MicrotaskBatchOptions;
  /** What was sent in this microtask, in order; `undefined` when nothing waits. */
  #messages: unknown[] | undefined;

  constructor(options: MicrotaskBatchOptions) {
    this.#options = options;
  }

  /** Adds a message to this microtask's frame (it always finds room, so always `true`). */
  add(message: unknown): boolean {
    if (this.#messages) {
      this.#messages.push(message);
      return true;
    }
    const messages = (this.#messages = [message]);
    queueMicrotask(() => {
      // Discarded meanwhile: the link dropped or the client closed.
      if (this.#messages !== messages) return;
      this.#messages = undefined;
      this.#options.send(messages.length === 1 ? messages[0] : this.#options.encodeBatch(messages));
    });
    return true;
  }

  /** Drops what waits (the link dropped or the client closed: its calls fail or re-send by themselves). */
  discard(): void {
    this.#messages = undefined;
  }
}
