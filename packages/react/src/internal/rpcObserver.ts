import { CancelledError } from '@rxwire/core';
import type { RpcCaller } from '../types.js';

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
export interface RpcObserverOptions {
  client: RpcCaller;
  method: string;
  payload: unknown;
  /** method + payload as a stable JSON key. */
  key: string;
  enabled: boolean;
}

function toError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value), { cause: value });
}

/**
 * @internal
 * The store behind `useRpc`: calls while it has listeners and is enabled, once per (client, key);
 * aborts the call in flight when the key changes and when its last listener leaves. The abort on
 * leaving waits a microtask, so StrictMode's unmount/mount keeps the call going.
 */
export class RpcObserver<R> {
  private options: RpcObserverOptions;
  private result: RpcResult<R>;
  private readonly serverResult: RpcResult<R>;
  private readonly listeners = new Set<() => void>();
  private inFlight: AbortController | undefined;
  /** The key the current result (or call in flight) belongs to; undefined: nothing called yet. */
  private calledKey: string | undefined;

  constructor(options: RpcObserverOptions) {
    this.options = options;
    this.result = this.initialResult(options);
    this.serverResult = this.result;
  }

  readonly getCurrentResult = (): RpcResult<R> => this.result;

  readonly getServerResult = (): RpcResult<R> => this.serverResult;

  /** The result to render for `options`, which the observer may not have applied yet. */
  getOptimisticResult(options: RpcObserverOptions, current: RpcResult<R>): RpcResult<R> {
    if (options.client !== this.options.client || options.key !== this.options.key) return this.initialResult(options);
    if (options.enabled === this.options.enabled) return current;
    const loading = options.enabled ? current.loading || this.calledKey !== options.key : false;
    return loading === current.loading ? current : { ...current, loading };
  }

  readonly refetch = (): Promise<void> => this.start();

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    this.callIfNeeded();
    return () => {
      if (!this.listeners.delete(listener) || this.listeners.size > 0) return;
      queueMicrotask(() => {
        if (this.listeners.size === 0) this.abort('unmounted', true);
      });
    };
  };

  setOptions(options: RpcObserverOptions): void {
    const previous = this.options;
    this.options = options;
    if (options.client !== previous.client || options.key !== previous.key) {
      this.abort('superseded by a new payload', false);
      this.publish(this.initialResult(options));
    } else if (!options.enabled && previous.enabled) {
      this.abort('disabled', true);
    }
    this.callIfNeeded();
  }

  private initialResult(options: RpcObserverOptions): RpcResult<R> {
    return { data: undefined, error: undefined, loading: options.enabled, refetch: this.refetch };
  }

  private callIfNeeded(): void {
    const { enabled, key } = this.options;
    if (this.listeners.size > 0 && enabled && this.calledKey !== key) void this.start();
  }

  private start(): Promise<void> {
    this.abort('superseded by a new call', false);
    const controller = new AbortController();
    this.inFlight = controller;
    const { client, method, payload, key } = this.options;
    this.calledKey = key;
    if (!this.result.loading) this.publish({ ...this.result, loading: true });
    let call: Promise<unknown>;
    try {
      call = client.call(method, payload, { signal: controller.signal });
    } catch (error) {
      call = Promise.reject(error);
    }
    return call.then(
      (data) => {
        if (this.inFlight !== controller) return;
        this.inFlight = undefined;
        this.publish({ data: data as R, error: undefined, loading: false, refetch: this.refetch });
      },
      (error: unknown) => {
        if (this.inFlight !== controller) return;
        this.inFlight = undefined;
        this.publish({ ...this.result, error: toError(error), loading: false });
      },
    );
  }

  /** `settle`: also clear `loading` (nothing will follow this call). */
  private abort(why: string, settle: boolean): void {
    const controller = this.inFlight;
    if (controller === undefined) return;
    this.inFlight = undefined;
    // Nothing answered this key yet: call again when needed (a remount, re-enabling).
    this.calledKey = undefined;
    controller.abort(new CancelledError(`useRpc: call aborted (${why})`));
    if (settle && this.result.loading) this.publish({ ...this.result, loading: false });
  }

  private publish(next: RpcResult<R>): void {
    if (next === this.result) return;
    this.result = next;
    for (const listener of [...this.listeners]) listener();
  }
}
