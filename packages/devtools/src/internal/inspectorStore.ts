// Watches one client for the panel, in the shape useSyncExternalStore wants: `subscribe` starts the
// watching (inspect$, role$, the refresh timer) for the first listener and stops it after the last, so
// an unmounted or closed panel costs the client nothing, and `getView` returns the current immutable
// view. Listeners are told at most once per animation frame (in a microtask where there are no
// frames), however fast events come: a busy connection must not make the panel, and so the app being
// debugged, render per message. In a hidden page no frame comes, and nothing renders until it shows.
import type { Inspectable, TabRole } from '@rxwire/core';
import type { Observable, Unsubscribable } from 'rxjs';
import { initialView, withEvent, withoutFrames, withPaused, withRole, withSnapshot, type InspectorView, type ViewLimits } from './inspectorView.js';

/** A client the panel can watch: an Inspectable, with a `role$` when it shares a connection between tabs. */
export type InspectableClient = Inspectable & { readonly role$?: Observable<TabRole> };

export interface InspectorStoreOptions {
  client: InspectableClient;
  limits: ViewLimits;
  /** How often the snapshot is read again (counters, rates, elapsed times). */
  refreshMs: number;
  /** Epoch milliseconds; the panel's clock (tests use fake timers, which replace Date.now too). */
  now?: () => number;
}

export interface InspectorStore {
  subscribe(listener: () => void): () => void;
  getView(): InspectorView;
  setPaused(paused: boolean): void;
  clearFrames(): void;
}

export function createInspectorStore({ client, limits, refreshMs, now = Date.now }: InspectorStoreOptions): InspectorStore {
  let view = initialView(client.inspect(), now(), limits);
  const listeners = new Set<() => void>();
  let notifyQueued = false;
  let watching: { subscriptions: Unsubscribable[]; timer: ReturnType<typeof setInterval> } | undefined;

  const notify = () => {
    notifyQueued = false;
    for (const listener of listeners) listener();
  };
  const update = (next: InspectorView) => {
    if (next === view) return;
    view = next;
    if (notifyQueued || listeners.size === 0) return;
    notifyQueued = true;
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(notify);
    else queueMicrotask(notify);
  };
  const refresh = () => update(withSnapshot(view, client.inspect(), now(), limits));

  const start = () => {
    const subscriptions: Unsubscribable[] = [client.inspect$.subscribe({ next: (event) => update(withEvent(view, event, limits)) })];
    if (client.role$) subscriptions.push(client.role$.subscribe({ next: (role) => update(withRole(view, role)) }));
    watching = { subscriptions, timer: setInterval(refresh, refreshMs) };
    // inspect$ replays nothing: what happened while nobody watched comes from a fresh snapshot.
    refresh();
  };
  const stop = () => {
    if (!watching) return;
    clearInterval(watching.timer);
    for (const subscription of watching.subscriptions) subscription.unsubscribe();
    watching = undefined;
  };

  return {
    subscribe(listener) {
      listeners.add(listener);
      if (!watching) start();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) stop();
      };
    },
    getView: () => view,
    setPaused: (paused) => update(withPaused(view, paused)),
    clearFrames: () => update(withoutFrames(view)),
  };
}
