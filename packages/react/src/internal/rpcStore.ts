import { CancelledError } from '@rxwire/core';
import type { RpcCaller } from '../types.js';
import { snapshots, toError, type Store } from './store.js';

/** What `useRpc` returns. */
export interface RpcResult<R> {
  /** The last successful result for the current method and payload. */
  data: R | undefined;
  /** The last call's failure (an `RpcError`, a timeout...), cleared by the next success. */
  error: Error | undefined;
  /** A call is in flight, or about to start. */
  loading: boolean;
  /** Calls again (also when `enabled` is false); aborts a call in flight. Never rejects. */
  refetch: () => Promise<void>;
}

/** @internal */
export interface RpcStoreOptions {
  client: RpcCaller;
  method: string;
  payload: unknown;
  /** method + payload as a stable JSON key. */
  key: string;
  enabled: boolean;
}

/**
 * @internal
 * The store behind `useRpc`: calls while it has listeners and is enabled, once per (client, key);
 * aborts the call in flight when the key changes and when its last listener leaves. The abort on
 * leaving waits a microtask, so StrictMode's unmount/mount keeps the call going. Another method or
 * payload than the applied one shows a fresh result at once.
 */
export function rpcStore<R>(initialOptions: RpcStoreOptions): Store<RpcResult<R>, RpcStoreOptions> {
  let options = initialOptions;
  let inFlight: AbortController | undefined;
  /** The key the current result (or call in flight) belongs to; undefined: nothing called yet. */
  let calledKey: string | undefined;

  const initialResult = (o: RpcStoreOptions): RpcResult<R> => ({ data: undefined, error: undefined, loading: o.enabled, refetch: call });
  const update = (change: Partial<RpcResult<R>>): void => result.set({ ...result.get(), ...change });

  /** `settle`: also clear `loading` (no call follows this one). */
  const abort = (settle: boolean): void => {
    const controller = inFlight;
    if (!controller) return;
    inFlight = undefined;
    // Nothing answered this key yet: call again when needed (a remount, re-enabling).
    calledKey = undefined;
    controller.abort(new CancelledError('useRpc: call aborted'));
    if (settle) update({ loading: false });
  };

  function call(): Promise<void> {
    abort(false);
    const controller = new AbortController();
    const { client, method, payload, key } = options;
    inFlight = controller;
    calledKey = key;
    if (!result.get().loading) update({ loading: true });
    const settle = (change: Partial<RpcResult<R>>) => {
      if (inFlight !== controller) return;
      inFlight = undefined;
      update({ ...change, loading: false });
    };
    return new Promise<unknown>((resolve) => resolve(client.call(method, payload, { signal: controller.signal }))).then(
      (data) => settle({ data: data as R, error: undefined }),
      (error: unknown) => settle({ error: toError(error) }),
    );
  }

  const callIfNeeded = (): void => {
    if (result.active() && options.enabled && calledKey !== options.key) void call();
  };

  const result = snapshots(initialResult(initialOptions), {
    start: callIfNeeded,
    // A microtask later: StrictMode resubscribes synchronously, and its call should go on.
    stop: () =>
      queueMicrotask(() => {
        if (!result.active()) abort(true);
      }),
  });

  return {
    ...result,
    setOptions(next) {
      const previous = options;
      options = next;
      if (next.client !== previous.client || next.key !== previous.key) {
        abort(false);
        result.set(initialResult(next));
      } else if (!next.enabled) {
        abort(true);
      }
      callIfNeeded();
    },
    view: (next, current) => (next.client === options.client && next.key === options.key ? current : initialResult(next)),
  };
}
