import { BadFrameError } from '@rxwire/core';

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

/** The meta channels (constants: a bundle names each once). @internal */
export const HANDSHAKE = '/meta/handshake';
/** @internal */
export const CONNECT = '/meta/connect';
/** @internal */
export const SUBSCRIBE = '/meta/subscribe';
/** @internal */
export const UNSUBSCRIBE = '/meta/unsubscribe';
/** @internal */
export const DISCONNECT = '/meta/disconnect';

/** The connection types rxwire speaks. */
export type ConnectionType = 'websocket' | 'long-polling';

/** The advice that applies to one connection type: the general fields, overridden by the nested ones. @internal */
export function adviceFor(advice: Advice, connectionType: string | undefined): Advice {
  const nested = connectionType === undefined ? undefined : advice[connectionType];
  if (!nested || typeof nested !== 'object') return advice;
  return { ...advice, ...(nested as Advice) };
}

/** Accepts a JSON array or a single object, as servers may send either; `onBad` hears about the rest. @internal */
export function toMessageArray(value: unknown, onBad?: (item: unknown, why: string) => void): BayeuxMessage[] {
  const list: unknown[] = Array.isArray(value) ? value : [value];
  const messages: BayeuxMessage[] = [];
  for (const item of list) {
    const why = malformed(item);
    if (why === undefined) messages.push(item as BayeuxMessage);
    else onBad?.(item, why);
  }
  return messages;
}

/** Why this is not a Bayeux message, or undefined when it is one. @internal */
export function malformed(item: unknown): string | undefined {
  // Runs on every inbound message: kept small enough for V8 to inline, the wording of the rare answer lives apart.
  if (typeof item !== 'object' || item === null || Array.isArray(item)) return notAnObject(item);
  if (!Object.hasOwn(item, 'channel') || typeof (item as { channel?: unknown }).channel !== 'string') return 'a message without a string channel';
  return undefined;
}

function notAnObject(item: unknown): string {
  return `expected a message object, got ${item === null ? 'null' : Array.isArray(item) ? 'an array' : typeof item}`;
}

/** Whether an advice field has the type the spec gives it (unknown fields are kept as data). */
function wellTyped(key: string, field: unknown): boolean {
  switch (key) {
    case 'reconnect':
      return field === 'retry' || field === 'handshake' || field === 'none';
    // A negative interval means "do not reconnect"; a negative timeout or maxInterval means nothing.
    case 'interval':
      return Number.isFinite(field);
    case 'timeout':
    case 'maxInterval':
      return Number.isFinite(field) && (field as number) >= 0;
    case 'multiple-clients':
      return typeof field === 'boolean';
  }
  return key !== '__proto__' && key !== 'constructor' && key !== 'prototype';
}

/** The longest wait a server may advise (timeout, interval, maxInterval): ten minutes. */
export const MAX_ADVISED_MS = 600_000;

/**
 * Keeps the advice fields that have the types the spec gives them (a server bug must not stop the
 * connect loop or add bogus hosts); `dropped` says whether anything was left out. Nested
 * per-transport advice is cleaned the same way. @internal
 */
export function sanitizeAdvice(value: unknown, depth = 0): { advice: Advice | undefined; dropped: boolean } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { advice: undefined, dropped: true };
  const source = value as Record<string, unknown>;
  const advice: Advice = {};
  let dropped = false;
  for (const key of Object.keys(source)) {
    let field = source[key];
    if (key === 'hosts') {
      const hosts = Array.isArray(field) ? field.filter((h): h is string => typeof h === 'string' && /^(https?|wss?):\/\/[^\s]+$/i.test(h)) : [];
      if (!Array.isArray(field) || hosts.length !== field.length) dropped = true;
      if (!hosts.length) continue;
      field = hosts;
    } else if (!depth && (key === 'websocket' || key === 'long-polling' || key === 'callback-polling')) {
      const nested = sanitizeAdvice(field, 1);
      dropped ||= nested.dropped;
      if (!(field = nested.advice)) continue;
    } else if (!wellTyped(key, field)) {
      dropped = true;
      continue;
    } else if (typeof field === 'number' && field > MAX_ADVISED_MS && (key === 'timeout' || key === 'interval' || key === 'maxInterval')) {
      // A server's number becomes a timer delay: 1e12 would overflow Node's timers (they then fire
      // after 1 ms, a reconnect storm). Clamped to a sane maximum instead.
      field = MAX_ADVISED_MS;
    }
    // Safe to assign: '__proto__' (the one key with a setter) never gets here.
    advice[key] = field;
  }
  return { advice, dropped };
}

/** A `BAD_FRAME` error for an inbound item that was skipped. @internal */
export function badItem(item: unknown, why: string): BadFrameError {
  let size = 0;
  try {
    size = JSON.stringify(item)?.length ?? 0;
  } catch {
    // Unmeasurable (cyclic, BigInt...): size stays 0.
  }
  return new BadFrameError(`Skipped an inbound Bayeux message: ${why}.`, size, { payload: item });
}
