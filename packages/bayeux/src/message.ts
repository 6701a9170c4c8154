/** What the server advises the client to do next. Servers send it only when it changes. */
export interface Advice {
  reconnect?: 'retry' | 'handshake' | 'none';
  /** Milliseconds to wait between connects; negative means do not reconnect. */
  interval?: number;
  /** Milliseconds the server may hold a `/meta/connect`. */
  timeout?: number;
  /** Server session expiry, in milliseconds, when it says so. */
  maxInterval?: number;
  /** Another client shares this browser id (cookie). */
  'multiple-clients'?: boolean;
  /** Alternative server URLs. */
  hosts?: string[];
  /** Per-connection-type advice, e.g. `{"long-polling": {interval: 1000}}`. */
  [key: string]: unknown;
}

/** One Bayeux message, as it travels on the wire. */
export interface BayeuxMessage {
  channel: string;
  id?: string;
  clientId?: string;
  data?: unknown;
  successful?: boolean;
  error?: string;
  advice?: Advice;
  ext?: Record<string, unknown>;
  subscription?: string | string[];
  connectionType?: string;
  supportedConnectionTypes?: string[];
  version?: string;
  minimumVersion?: string;
  [key: string]: unknown;
}

/** The connection types rxwire speaks. */
export type ConnectionType = 'websocket' | 'long-polling';

/** The advice that applies to one connection type: the general fields, overridden by the nested ones. @internal */
export function adviceFor(advice: Advice, connectionType: string | undefined): Advice {
  const nested = connectionType === undefined ? undefined : advice[connectionType];
  if (!nested || typeof nested !== 'object') return advice;
  return { ...advice, ...(nested as Advice) };
}

/** Keeps what was advised before and applies what changed. @internal */
export function mergeAdvice(previous: Advice, next: Advice | undefined): Advice {
  return next ? { ...previous, ...next } : previous;
}

/** Accepts a JSON array or a single object, as servers may send either. @internal */
export function toMessageArray(value: unknown): BayeuxMessage[] {
  const list = Array.isArray(value) ? value : [value];
  return list.filter(
    (m): m is BayeuxMessage => typeof m === 'object' && m !== null && typeof (m as { channel?: unknown }).channel === 'string',
  );
}
