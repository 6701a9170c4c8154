// One store per watched client, read through useSyncExternalStore (TanStack Query's adapter shape):
// the store is made once per client, and watching starts and stops with the subscription.
import { useMemo, useSyncExternalStore } from 'react';
import { createInspectorStore, type InspectableClient, type InspectorStore } from './inspectorStore.js';
import type { InspectorView, ViewLimits } from './inspectorView.js';

export interface UseInspectorOptions {
  limits: ViewLimits;
  refreshMs: number;
}

export function useInspector(client: InspectableClient, { limits, refreshMs }: UseInspectorOptions): { view: InspectorView; store: InspectorStore } {
  const store = useMemo(() => createInspectorStore({ client, limits, refreshMs }), [client, limits, refreshMs]);
  const view = useSyncExternalStore(store.subscribe, store.getView, store.getView);
  return { view, store };
}
