// What the panel shows for one client, and the pure folds that build it: a snapshot (`inspect()`,
// read when the panel mounts and again on every refresh tick) gives the slow-moving picture (channels,
// counters, calls in flight), and each wire event from `inspect$` updates what must be live at once
// (state, last error, calls and their replies, the frame log). Immutable values, so React can compare
// views by identity.
import type { CallSnapshot, ConnectionState, InspectSnapshot, RxwireError, TabRole, WireEvent } from '@rxwire/core';

/** A call that got its reply (or failed), newest first in the view. */
export interface FinishedCall {
  id: string | number;
  method: string;
  /** Epoch milliseconds of the reply. */
  at: number;
  latencyMs: number;
  ok: boolean;
}

/** One entry of the frame log. */
export interface LoggedEvent {
  /** Increasing per client: a stable React key, and the order of arrival. */
  seq: number;
  event: WireEvent;
  /** The event's data as one line of JSON, cut short: what the log shows and the filter searches. */
  preview: string;
}

/** How many messages a channel had at a refresh tick: the rate is worked out from these. */
interface CountSample {
  at: number;
  messages: number;
}

export interface InspectorView {
  snapshot: InspectSnapshot;
  /** When the snapshot was read: the "now" elapsed times are shown against. */
  refreshedAt: number;
  /** The last value of the client's `role$`, where it has one (the snapshot's role otherwise: {@link roleOf}). */
  role: TabRole | undefined;
  /** The last error, from an 'error' event or the snapshot, whichever is newer. */
  lastError: RxwireError | { message: string; code?: string } | undefined;
  /** Messages per second per channel, over the last few refresh ticks. */
  rates: ReadonlyMap<string, number>;
  samples: ReadonlyMap<string, readonly CountSample[]>;
  inFlight: readonly CallSnapshot[];
  finished: readonly FinishedCall[];
  /** Oldest first, at most `maxFrames`. */
  frames: readonly LoggedEvent[];
  /** While paused, events are counted here instead of logged. */
  paused: boolean;
  missedWhilePaused: number;
  nextSeq: number;
}

export interface ViewLimits {
  /** Entries the frame log keeps. */
  maxFrames: number;
  /** Finished calls kept. */
  maxFinishedCalls: number;
  /** Refresh ticks the message rate is averaged over. */
  rateWindow: number;
  /** Characters of a frame's preview. */
  previewChars: number;
}

export const defaultLimits: ViewLimits = { maxFrames: 200, maxFinishedCalls: 20, rateWindow: 5, previewChars: 300 };

const connectionStates: readonly ConnectionState[] = ['idle', 'connecting', 'connected', 'reconnecting', 'closed'];

/** The view of a client the panel has just started to watch. */
export function initialView(snapshot: InspectSnapshot, at: number, limits: ViewLimits): InspectorView {
  return withSnapshot(
    {
      snapshot,
      refreshedAt: at,
      role: undefined,
      lastError: snapshot.lastError,
      rates: new Map(),
      samples: new Map(),
      inFlight: snapshot.calls,
      finished: [],
      frames: [],
      paused: false,
      missedWhilePaused: 0,
      nextSeq: 0,
    },
    snapshot,
    at,
    limits,
  );
}

/** The tab role to show: `role$`'s where the client has one, else the snapshot's. */
export function roleOf(view: InspectorView): TabRole | undefined {
  return view.role ?? view.snapshot.role;
}

export function withRole(view: InspectorView, role: TabRole): InspectorView {
  return role === view.role ? view : { ...view, role };
}

/**
 * A fresh snapshot: channels, counters and calls in flight come from it (it is the client's own
 * account), and each channel's message count joins its rate window.
 */
export function withSnapshot(view: InspectorView, snapshot: InspectSnapshot, at: number, limits: ViewLimits): InspectorView {
  const samples = new Map<string, readonly CountSample[]>();
  const rates = new Map<string, number>();
  for (const channel of snapshot.channels) {
    const earlier = view.samples.get(channel.name) ?? [];
    const window = [...earlier, { at, messages: channel.messages }].slice(-limits.rateWindow);
    samples.set(channel.name, window);
    rates.set(channel.name, rateOf(window));
  }
  return {
    ...view,
    snapshot,
    refreshedAt: at,
    // An error the client reports in its snapshot is at least as new as one seen as an event.
    lastError: snapshot.lastError ?? view.lastError,
    samples,
    rates,
    inFlight: snapshot.calls,
  };
}

/** Messages per second between the first and last sample of a window (0 with fewer than two). */
export function rateOf(window: readonly CountSample[]): number {
  const first = window[0];
  const last = window[window.length - 1];
  if (!first || !last || last.at <= first.at) return 0;
  return ((last.messages - first.messages) * 1000) / (last.at - first.at);
}

/** One wire event folded into the view. */
export function withEvent(view: InspectorView, event: WireEvent, limits: ViewLimits): InspectorView {
  let next = view;
  switch (event.kind) {
    case 'state':
      if (typeof event.data === 'string' && (connectionStates as readonly string[]).includes(event.data)) {
        next = { ...next, snapshot: { ...next.snapshot, state: event.data as ConnectionState } };
      }
      break;
    case 'error':
      next = { ...next, lastError: asError(event.data) };
      break;
    case 'call':
      if (event.id !== undefined) {
        next = { ...next, inFlight: [...next.inFlight, { id: event.id, method: event.channel ?? '', startedAt: event.at }] };
      }
      break;
    case 'reply':
      next = withReply(next, event, limits);
      break;
    case 'frame':
      break;
  }
  return logged(next, event, limits);
}

function withReply(view: InspectorView, event: WireEvent, limits: ViewLimits): InspectorView {
  const call = view.inFlight.find((c) => c.id === event.id);
  const finished: FinishedCall = {
    id: event.id ?? '',
    method: event.channel ?? call?.method ?? '',
    at: event.at,
    latencyMs: event.latencyMs ?? (call ? event.at - call.startedAt : 0),
    ok: event.ok ?? true,
  };
  return {
    ...view,
    inFlight: call ? view.inFlight.filter((c) => c !== call) : view.inFlight,
    finished: [finished, ...view.finished].slice(0, limits.maxFinishedCalls),
  };
}

function logged(view: InspectorView, event: WireEvent, limits: ViewLimits): InspectorView {
  if (view.paused) return { ...view, missedWhilePaused: view.missedWhilePaused + 1 };
  const entry: LoggedEvent = { seq: view.nextSeq, event, preview: previewOf(event.data, limits.previewChars) };
  const frames = view.frames.length >= limits.maxFrames ? [...view.frames.slice(view.frames.length - limits.maxFrames + 1), entry] : [...view.frames, entry];
  return { ...view, frames, nextSeq: view.nextSeq + 1 };
}

/** Pausing keeps the log as it is (so it can be read); resuming forgets how many were missed. */
export function withPaused(view: InspectorView, paused: boolean): InspectorView {
  return paused === view.paused ? view : { ...view, paused, missedWhilePaused: 0 };
}

export function withoutFrames(view: InspectorView): InspectorView {
  return { ...view, frames: [], missedWhilePaused: 0 };
}

/** Whether a logged event matches the log's filter: every word, anywhere in what its row shows. */
export function matchesFilter(entry: LoggedEvent, filter: string): boolean {
  const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return true;
  const { dir, kind, channel, id } = entry.event;
  const text = `${dir} ${kind} ${channel ?? ''} ${id ?? ''} ${entry.preview}`.toLowerCase();
  return words.every((word) => text.includes(word));
}

/** One line of JSON; data that cannot be stringified (a cycle, a BigInt) is shown by its String(). */
export function previewOf(data: unknown, maxChars: number): string {
  if (data === undefined) return '';
  let text: string;
  try {
    text = typeof data === 'string' ? data : (JSON.stringify(data, errorAware) ?? String(data));
  } catch {
    text = String(data);
  }
  return text.length > maxChars ? `${text.slice(0, maxChars - 1)}…` : text;
}

// JSON.stringify shows an Error as {}: show what a reader wants from it instead.
function errorAware(_key: string, value: unknown): unknown {
  if (value instanceof Error) {
    const code = (value as { code?: unknown }).code;
    return { name: value.name, ...(typeof code === 'string' ? { code } : {}), message: value.message };
  }
  return value;
}

function asError(data: unknown): InspectorView['lastError'] {
  if (data instanceof Error) return data as RxwireError;
  if (data && typeof data === 'object' && typeof (data as { message?: unknown }).message === 'string') {
    const { message, code } = data as { message: string; code?: unknown };
    return typeof code === 'string' ? { message, code } : { message };
  }
  return { message: previewOf(data, 300) || 'unknown error' };
}
