/**
 * @internal
 * What a hook follows with `useSyncExternalStore`, plus the options of its latest render.
 */
export interface Store<S, O> {
  subscribe(listener: () => void): () => void;
  getSnapshot(): S;
  /** The snapshot before any subscription: what server rendering and hydration see. */
  getServerSnapshot(): S;
  /** Applies the options of a later render (in an effect). */
  setOptions(options: O): void;
  /**
   * What the hook returns for `options`, which may be newer than the applied ones (options are
   * applied in an effect).
   */
  view(options: O, current: S): unknown;
}

/** @internal The snapshot and listeners every store shares; the store itself is plain closures. */
export interface Snapshots<S> {
  readonly get: () => S;
  /** Replaces the snapshot and notifies the listeners, unless `next` is the current one. */
  readonly set: (next: S) => void;
  /** Whether anyone listens. */
  readonly active: () => boolean;
  readonly subscribe: (listener: () => void) => () => void;
  readonly getSnapshot: () => S;
  readonly getServerSnapshot: () => S;
}

/**
 * @internal
 * Snapshots starting at `initial`; `start` runs when the first listener comes, `stop` when the last
 * one leaves (both looked up late, so a store can define them after this call).
 */
export function snapshots<S>(initial: S, lifecycle: { start(): void; stop(): void }): Snapshots<S> {
  const listeners = new Set<() => void>();
  let current = initial;
  const get = () => current;
  return {
    get,
    set(next) {
      if (next === current) return;
      current = next;
      for (const listener of [...listeners]) listener();
    },
    active: () => listeners.size > 0,
    subscribe(listener) {
      listeners.add(listener);
      if (listeners.size === 1) lifecycle.start();
      return () => {
        if (listeners.delete(listener) && listeners.size === 0) lifecycle.stop();
      };
    },
    getSnapshot: get,
    getServerSnapshot: () => initial,
  };
}

/** @internal */
export function toError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value), { cause: value });
}
