import type { NotifyScheduler } from '../types.js';

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

/** @internal What a store does when its first listener comes and its last one leaves. */
export interface Lifecycle {
  start(): void;
  stop(): void;
  /**
   * Turns what arrived since the last call into a new snapshot (with `set`). Stores that render
   * through a scheduler have one: {@link Snapshots.request} runs it when the scheduler says.
   */
  flush?(): void;
}

/** @internal The snapshot and listeners every store shares; the store itself is plain closures. */
export interface Snapshots<S> {
  readonly get: () => S;
  /** Replaces the snapshot and notifies the listeners, unless `next` is the current one. */
  readonly set: (next: S) => void;
  /** Whether anyone listens. */
  readonly active: () => boolean;
  /**
   * Asks for `flush` through `schedule`, once however often it is asked before that runs; at once
   * without a scheduler. What arrives during `start` is also flushed at its end.
   */
  readonly request: (schedule: NotifyScheduler | undefined) => void;
  /** Stops (if running), calls `reset`, and starts again (if it was running). */
  readonly restart: (reset: () => void) => void;
  readonly subscribe: (listener: () => void) => () => void;
  readonly getSnapshot: () => S;
  readonly getServerSnapshot: () => S;
}

/**
 * @internal
 * Snapshots starting at `initial`; `start` runs when the first listener comes, `stop` when the last
 * one leaves (all looked up late, so a store can define them after this call).
 */
export function snapshots<S>(initial: S, lifecycle: Lifecycle): Snapshots<S> {
  const listeners = new Set<() => void>();
  let current = initial;
  let flushScheduled = false;
  const get = () => current;
  const flush = () => {
    flushScheduled = false;
    lifecycle.flush?.();
  };
  const start = () => {
    lifecycle.start();
    // What arrived during start (the current state, a value the source replays) is shown now:
    // useSyncExternalStore reads the snapshot again after subscribing, so no frame goes by with an
    // older one. The flush it requested finds nothing left, and stays in charge of what comes next.
    lifecycle.flush?.();
  };
  return {
    get,
    set(next) {
      if (next === current) return;
      current = next;
      for (const listener of [...listeners]) listener();
    },
    active: () => listeners.size > 0,
    request(schedule) {
      if (flushScheduled) return;
      if (!schedule) return flush();
      flushScheduled = true;
      schedule(flush);
    },
    restart(reset) {
      const running = listeners.size > 0;
      if (running) lifecycle.stop();
      reset();
      if (running) start();
    },
    subscribe(listener) {
      listeners.add(listener);
      if (listeners.size === 1) start();
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
