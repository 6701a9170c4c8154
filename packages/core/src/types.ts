import type { Observable } from 'rxjs';
import type { StandardSchemaV1 } from '@standard-schema/spec';

/**
 * The life cycle of a connection or client.
 * - `idle`: created, nothing opened yet (lazy clients stay here until first use).
 * - `connecting`: the first attempt is under way.
 * - `connected`: ready; messages flow.
 * - `reconnecting`: the link was lost (or an attempt failed) and another attempt is scheduled or running.
 * - `closed`: terminal; closed by the application or given up after a terminal failure.
 */
export type ConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'closed';

/**
 * Where a tab stands in a connection shared by the tabs of an origin (`share`): `leader` holds
 * the one physical connection, a `follower` goes through it; `alone`: not shared (no `share`, or
 * a platform without Web Locks or BroadcastChannel such as Node).
 */
export type TabRole = 'leader' | 'follower' | 'alone';

/** One message delivered on a channel. `channel` is the concrete channel, also under a wildcard. */
export interface ChannelMessage<T = unknown> {
  channel: string;
  data: T;
  event?: string;
  id?: string;
}

/** What to do when a bounded buffer is full. `pause` exists only for receive buffers. */
export type OverflowPolicy = 'drop-oldest' | 'drop-newest' | 'error' | 'pause';

/** How a WebSocket closed. */
export interface CloseInfo {
  code: number;
  reason: string;
  wasClean: boolean;
}

/**
 * Where a channel stands.
 * - `idle`: nobody observes it (or it was ended); no wire subscription.
 * - `connecting`: observed, waiting for the first connection before subscribing.
 * - `subscribing`: the wire subscribe is out, not yet confirmed.
 * - `live`: the server confirmed the subscription; messages flow.
 * - `reconnecting`: the subscription was lost with the link; it is made again once reconnected.
 * - `error`: the server refused it, or the client failed for good; a new observer tries again.
 */
export type ChannelStatus = 'idle' | 'connecting' | 'subscribing' | 'live' | 'reconnecting' | 'error';

/**
 * What a channel reports when it is subscribed again after a loss: whether messages published
 * meanwhile may have been missed. `'recovered'` only where the protocol proves nothing was (Bayeux
 * ack extension, a confirmed replay); otherwise `'gap'`, so the app can refetch. Times are epoch
 * milliseconds (the client's clock), `lostAt <= resumedAt`.
 */
export interface Continuity {
  resumed: 'recovered' | 'gap';
  lostAt: number;
  resumedAt: number;
}

/** Options of {@link ChannelSource.channel}. */
export interface ChannelOptions {
  /** Event name or glob within the channel, for protocols that have events (aio-openapi). */
  event?: string;
  /**
   * A Standard Schema (zod, valibot, arktype...) that each message's `data` must match: `messages$`
   * then carries the schema's output; a message that fails is not delivered and is reported on the
   * client's `errors$` as `INVALID_MESSAGE`. The wire subscription stays shared with the channel's
   * other views.
   */
  schema?: StandardSchemaV1;
}

/**
 * A named stream of server pushes that can also be published to.
 *
 * `messages$` subscribes on the wire with its first observer and unsubscribes after its last one
 * leaves, after a short grace period so that React StrictMode's unmount/mount does not churn the wire.
 */
export interface Channel<T = unknown> {
  readonly name: string;
  readonly messages$: Observable<ChannelMessage<T>>;
  /** `true` once the server confirmed the wire subscription, `false` when it is lost. */
  readonly subscribed$: Observable<boolean>;
  /**
   * Replays where the channel stands. Optional until every client's channel is a `SharedChannel`
   * (which always has it).
   */
  readonly status$?: Observable<ChannelStatus>;
  /** One value per resubscribe after a loss (see {@link Continuity}). Optional like `status$`. */
  readonly continuity$?: Observable<Continuity>;
  publish(data: T): Promise<unknown>;
}

/**
 * What React hooks and application code program against. `BayeuxClient` and `RpcClient` both
 * implement it.
 */
export interface ChannelSource {
  readonly state: ConnectionState;
  readonly state$: Observable<ConnectionState>;
  /** The same `Channel` object for the same `(name, event)`. */
  channel<T = unknown>(name: string, options?: ChannelOptions): Channel<T>;
}
