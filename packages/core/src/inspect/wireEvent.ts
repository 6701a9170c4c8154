// What `inspect$` and the devtools panel speak: the contract between every client (which emits wire
// events and answers snapshots) and whoever watches them (the panel, the CLI's --inspect, an app's
// own logging). Types only, so importing them costs no bytes.
import type { Observable } from 'rxjs';
import type { RxwireError } from '../errors.js';
import type { ChannelStatus, ConnectionState, TabRole } from '../types.js';

/** Which way a wire event went: 'in' from the server, 'out' to it (state and errors are 'in'). */
export type WireDirection = 'in' | 'out';

/** What a wire event is about. */
export type WireEventKind = 'frame' | 'state' | 'error' | 'call' | 'reply';

/**
 * One thing that happened on the wire, as `inspect$` emits it. Credentials (tokens in URLs, auth
 * extension fields, header values) are redacted before an event is built.
 */
export interface WireEvent {
  /** Epoch milliseconds, from the client's clock. */
  at: number;
  dir: WireDirection;
  kind: WireEventKind;
  /** Bytes of a frame's text (or binary length), where known. */
  size?: number;
  /** The decoded payload (a frame's message, a state name, an error, a call's params, a reply's result). */
  data?: unknown;
  /** The call id an RPC 'call' and its 'reply' share (Bayeux service requests too). */
  id?: string | number;
  /** The channel, event or method the event belongs to, where there is one. */
  channel?: string;
  /** For a 'reply': milliseconds since its 'call'. */
  latencyMs?: number;
  /** For a 'reply': whether the call succeeded. */
  ok?: boolean;
}

/** One channel as the devtools panel lists it when it mounts. */
export interface ChannelSnapshot {
  name: string;
  /** Local observers in this tab (subscribers of messages$ and iterators). */
  observers: number;
  /** Whether the wire subscription is in place (the server confirmed it). */
  subscribed: boolean;
  status: ChannelStatus;
  /** Messages delivered on this channel since it was opened. */
  messages: number;
  /** Messages buffered for slow consumers of this channel (bounded). */
  pending: number;
  /** The last message delivered, if any. */
  lastMessage?: unknown;
}

/** One call still waiting for its reply. */
export interface CallSnapshot {
  id: string | number;
  /** The method (RPC) or service channel (Bayeux) called. */
  method: string;
  /** Epoch milliseconds when it was sent. */
  startedAt: number;
}

/** A client as it is now: what the devtools panel reads when it mounts, before inspect$ goes on. */
export interface InspectSnapshot {
  /** The client's kind, for the panel's heading. */
  kind: 'bayeux' | 'rpc' | 'websocket';
  /** The URL, credentials redacted. */
  url: string;
  state: ConnectionState;
  /** 'websocket' | 'long-polling' for Bayeux, 'websocket' otherwise. */
  connectionType?: string;
  /** The Bayeux clientId, while there is a session. */
  clientId?: string;
  role?: TabRole;
  /** How many times the connection was lost and opened again. */
  reconnects: number;
  lastError?: RxwireError;
  channels: ChannelSnapshot[];
  calls: CallSnapshot[];
}

/** A client the devtools panel and the CLI's --inspect can watch. */
export interface Inspectable {
  /** Cold and lazy: replays nothing, and costs nothing while nobody observes it. */
  readonly inspect$: Observable<WireEvent>;
  /** The state of the client now. */
  inspect(): InspectSnapshot;
}
