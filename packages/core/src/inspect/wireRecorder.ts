// The lazy inspect chunk, loaded by WireTap when `inspect$` gets its first observer. Types only from
// the rest of core: values it needs (redact) are handed in, so bundlers keep them in the main chunk.
import type { Clock } from '../clock.js';
import type { Frame } from '../codec.js';
import type { ConnectionState } from '../types.js';
import type { CallSnapshot, WireDirection, WireEvent } from './wireEvent.js';
import { redactValue } from './redactValue.js';

/** Calls remembered for their latency; the oldest is forgotten beyond this. */
const MAX_OPEN_CALLS = 1000;

/** What a {@link WireRecorder} needs from its tap. @internal */
export interface WireRecorderOptions {
  clock: Clock;
  /** Removes credentials from a text (core's `redact`). */
  redact: (text: string) => string;
  /** Where the events go (the tap's observers). */
  emit: (event: WireEvent) => void;
}

/**
 * Turns what a client's hooks report into {@link WireEvent}s, credentials redacted. Exists only
 * while someone observes `inspect$`, so its work (copies, sizes, the call table) is paid only then.
 * @internal
 */
export class WireRecorder {
  readonly #o: WireRecorderOptions;
  /** Calls seen going out and not answered yet: their method and start, for latencies and snapshots. */
  readonly #calls = new Map<string | number, CallSnapshot>();

  constructor(options: WireRecorderOptions) {
    this.#o = options;
  }

  /**
   * A frame (or, for Bayeux, one message of a batch) went out or came in. `message` is what the
   * application sent or got; without it, a text frame is shown as its JSON.
   */
  frame(dir: WireDirection, frame: Frame | undefined, message?: unknown, channel?: string): void {
    const data = message === undefined && typeof frame === 'string' ? parseOrText(frame) : message;
    const event: WireEvent = { at: this.#o.clock.now(), dir, kind: 'frame', data: this.#safe(data) };
    const size = frame === undefined ? jsonSize(data) : sizeOf(frame);
    if (size !== undefined) event.size = size;
    if (channel !== undefined) event.channel = channel;
    this.#o.emit(event);
  }

  /** The messages of one batch (Bayeux), one 'frame' event each, sized as their JSON. */
  messages(dir: WireDirection, messages: readonly unknown[]): void {
    for (const message of messages) {
      const channel = (message as { channel?: unknown } | null)?.channel;
      this.frame(dir, undefined, message, typeof channel === 'string' ? channel : undefined);
    }
  }

  state(state: ConnectionState): void {
    this.#o.emit({ at: this.#o.clock.now(), dir: 'in', kind: 'state', data: state });
  }

  error(error: unknown): void {
    this.#o.emit({ at: this.#o.clock.now(), dir: 'in', kind: 'error', data: this.#safe(error) });
  }

  /**
   * A call with this id went out (RPC; a Bayeux service request). Without `method`, it is read from
   * the message: its `method` (aio-openapi, JSON-RPC), with its `url` (aiorest-ws).
   */
  call(id: string | number, message: unknown, method = methodOf(message)): void {
    const at = this.#o.clock.now();
    const calls = this.#calls;
    // Calls that never get a reply (timed out, cancelled) must not pile up while someone watches.
    if (calls.size >= MAX_OPEN_CALLS) calls.delete(calls.keys().next().value as string | number);
    calls.set(id, { id, method, startedAt: at });
    this.#o.emit({ at, dir: 'out', kind: 'call', id, channel: method, data: this.#safe(message) });
  }

  /** The reply to call `id` came: its result (`ok`) or its error. */
  reply(id: string | number, ok: boolean, value: unknown): void {
    const at = this.#o.clock.now();
    const call = this.#calls.get(id);
    this.#calls.delete(id);
    const event: WireEvent = { at, dir: 'in', kind: 'reply', id, ok, data: this.#safe(value) };
    if (call) {
      event.channel = call.method;
      event.latencyMs = at - call.startedAt;
    }
    this.#o.emit(event);
  }

  /** The calls seen going out since recording began that got no reply yet (for snapshots). */
  openCalls(): CallSnapshot[] {
    return [...this.#calls.values()];
  }

  #safe(value: unknown): unknown {
    return redactValue(value, this.#o.redact);
  }
}

function methodOf(message: unknown): string {
  const { method, url } = (message ?? {}) as { method?: unknown; url?: unknown };
  if (typeof method !== 'string') return '';
  return typeof url === 'string' ? `${method} ${url}` : method;
}

function parseOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function sizeOf(frame: Frame): number {
  return typeof frame === 'string' ? frame.length : frame.byteLength;
}

/** A message's size as JSON text, for transports that encode a batch as a whole (Bayeux). */
function jsonSize(data: unknown): number | undefined {
  try {
    return JSON.stringify(data)?.length;
  } catch {
    return undefined;
  }
}
