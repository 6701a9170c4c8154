/**
 * Messages that arrived while a connection's reading was paused. Pausing a Node socket stops the
 * next TCP read, not the frames of the read in progress: they wait here, so nothing reaches
 * observers while paused. Bounded by one read, since the socket stays paused until they are delivered.
 * @internal
 */
export class HeldMessages<T> {
  #held: T[] = [];

  hold(message: T): void {
    this.#held.push(message);
  }

  /** Delivers what waits, in order, while reading is not paused again. */
  release(deliver: (message: T) => void, paused: () => boolean): void {
    const held = this.#held;
    if (held.length === 0) return;
    this.#held = [];
    let i = 0;
    // An observer may pause again while these go out: the rest wait for the next resume.
    while (i < held.length && !paused()) deliver(held[i++] as T);
    if (i < held.length) this.#held = held.slice(i).concat(this.#held);
  }

  /** Forgets what waits: the stream ended. */
  clear(): void {
    this.#held = [];
  }
}
