import type { Observable } from 'rxjs';
import type { ChannelSource, ConnectionState } from '@rxwire/core';

/** Anything with a connection state: every rxwire client. */
export interface ConnectionStateSource {
  readonly state: ConnectionState;
  readonly state$: Observable<ConnectionState>;
}

/** Options `useRpc` passes to {@link RpcCaller.call}. */
export interface RpcCallOptions {
  /** Aborted when the call is superseded (new payload, refetch) or its component unmounts. */
  signal?: AbortSignal;
}

/**
 * What `useRpc` needs from a client: an `RpcClient` from `@rxwire/rpc` satisfies it, and so does
 * any object with the same shape (a test double, an adapter over another RPC library).
 *
 * `call` must reject (with code `CANCELLED`, by convention) when `options.signal` aborts.
 */
export interface RpcCaller extends ConnectionStateSource {
  // Method syntax on purpose: its parameters are checked bivariantly, so a client whose `call` is
  // typed per method (`RpcClient<Api>`) still fits. `options` is not optional for the same reason:
  // with exactOptionalPropertyTypes an optional parameter (`| undefined`) would not fit a client
  // whose options are an optional tuple element.
  call(method: string, payload: unknown, options: RpcCallOptions): Promise<unknown>;
}

/** What `<RxWireProvider client>` accepts: a channel source (Bayeux or RPC client), an RPC caller, or both. */
export type RxWireClient = ChannelSource | RpcCaller;

/**
 * Runs `flush` later: how `useChannel` and `useObservable` batch what arrives before they render.
 * Every message is applied in order as it arrives; only the render waits for the scheduler, so a
 * slow one costs no message, only renders. The default, {@link frameScheduler}, renders at most
 * once per animation frame (and falls back to {@link microtaskScheduler} where there is no
 * `requestAnimationFrame`). Any function that calls `flush` once, later, will do.
 *
 * @example
 * ```tsx
 * <RxWireProvider client={client} schedule={microtaskScheduler}>
 * ```
 */
export type NotifyScheduler = (flush: () => void) => void;
