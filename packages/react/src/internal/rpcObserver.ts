import { CancelledError } from '@rxwire/core';
import type { RpcCaller } from '../types.js';
import { Store, toError } from './store.js';

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

/**
 * @internal
 * The store behind `useRpc`: calls while it has listeners and is enabled, once per (client, key);
 * aborts the call in flight when the key changes and when its last listener leaves. The abort on
 * leaving waits a microtask, so StrictMode's unmount/mount keeps the call going.
 */
export class RpcObserver<R> extends Store<RpcResult<R>> {
  private inFlight: AbortController | undefined;
  /** The key the current result (or call in flight) belongs to; undefined: nothing called yet. */
  private calledKey: string | undefined;

  readonly refetch = (): Promise<void> => this.call();

  constructor(private options: RpcObserverOptions) {
    super();
    this.init(this.initialResult(options));
  }

  /** The result to render for `options`, which the observer may not have applied yet. */
  getOptimisticResult(options: RpcObserverOptions, current: RpcResult<R>): RpcResult<R> {
    return options.client === this.options.client && options.key === this.options.key ? current : this.initialResult(options);
  }

  setOptions(options: RpcObserverOptions): void {
    const previous = this.options;
    this.options = options;
    if (options.client !== previous.client || options.key !== previous.key) {
      this.abort(false);
      this.publish(this.initialResult(options));
    } else if (!options.enabled) {
      this.abort(true);
    }
    this.callIfNeeded();
  }

  protected start(): void {
    this.callIfNeeded();
  }

  protected stop(): void {
    // A microtask later: StrictMode resubscribes synchronously, and its call should go on.
    queueMicrotask(() => {
      if (this.listeners.size === 0) this.abort(true);
    });
  }

  private initialResult(options: RpcObserverOptions): RpcResult<R> {
    return { data: undefined, error: undefined, loading: options.enabled, refetch: this.refetch };
  }

  private callIfNeeded(): void {
    const { enabled, key } = this.options;
    if (this.listeners.size > 0 && enabled && this.calledKey !== key) void this.call();
  }

  private call(): Promise<void> {
    this.abort(false);
    const controller = new AbortController();
    const { client, method, payload, key } = this.options;
    this.inFlight = controller;
    this.calledKey = key;
    if (!this.result.loading) this.publish({ ...this.result, loading: true });
    const settle = (next: Partial<RpcResult<R>>) => {
      if (this.inFlight !== controller) return;
      this.inFlight = undefined;
      this.publish({ ...this.result, ...next, loading: false });
    };
    return new Promise<unknown>((resolve) => resolve(client.call(method, payload, { signal: controller.signal }))).then(
      (data) => settle({ data: data as R, error: undefined }),
      (error: unknown) => settle({ error: toError(error) }),
    );
  }

  /** `settle`: also clear `loading` (no call follows this one). */
  private abort(settle: boolean): void {
    const controller = this.inFlight;
    if (!controller) return;
    this.inFlight = undefined;
    // Nothing answered this key yet: call again when needed (a remount, re-enabling).
    this.calledKey = undefined;
    controller.abort(new CancelledError('useRpc: call aborted'));
    if (settle) this.publish({ ...this.result, loading: false });
  }
}
