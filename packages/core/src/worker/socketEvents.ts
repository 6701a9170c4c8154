/** A listener as `addEventListener` takes it: a function, or an object with `handleEvent`. */
export type SocketEventListener<Target> =
  | ((event: { type: string; target: Target }) => void)
  | { handleEvent(event: { type: string; target: Target }): void };

/**
 * The `addEventListener` side of a socket that is not a DOM EventTarget: listeners per event type,
 * each at most once, called in the order they were added. Plain objects rather than an EventTarget
 * keep a message event cheap (one small object per frame, no DOM event).
 * @internal
 */
export class SocketEvents<Target> {
  readonly #listeners = new Map<string, Array<SocketEventListener<Target>>>();

  add(type: string, listener: SocketEventListener<Target>): void {
    const list = this.#listeners.get(type) ?? [];
    if (!list.includes(listener)) this.#listeners.set(type, [...list, listener]);
  }

  remove(type: string, listener: SocketEventListener<Target>): void {
    const list = this.#listeners.get(type);
    if (list) this.#listeners.set(type, list.filter((l) => l !== listener));
  }

  /** Calls the listeners of `event.type`; a copy-on-write list, so a listener may add or remove others. */
  dispatch(event: { type: string; target: Target }): void {
    const list = this.#listeners.get(event.type);
    if (!list) return;
    for (const listener of list) {
      if (typeof listener === 'function') listener(event);
      else listener.handleEvent(event);
    }
  }
}
