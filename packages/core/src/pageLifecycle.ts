/**
 * What the page tells a connection about its own life:
 * - `suspend`: `pagehide` into the back/forward cache, or `freeze`: hold no socket (nor Web Lock).
 * - `resume`: `pageshow` from the back/forward cache, or `resume` after a freeze: connect again.
 * - `hidden` / `visible`: the document's visibility changed (for `idleWhenHiddenMs`).
 */
export type PageEvent = 'suspend' | 'resume' | 'hidden' | 'visible';

/** The page's lifecycle events; a fake in tests. */
export interface PageLifecycle {
  /** Whether the page is hidden now. */
  isHidden(): boolean;
  /** Calls `listener` on every event; returns the function that stops listening. */
  subscribe(listener: (event: PageEvent) => void): () => void;
}

interface Target {
  addEventListener(type: string, listener: (event: { persisted?: boolean }) => void): void;
  removeEventListener(type: string, listener: (event: { persisted?: boolean }) => void): void;
}

/**
 * The browser's page lifecycle (`pagehide`/`pageshow` with `persisted`, `freeze`/`resume`,
 * `visibilitychange`), read lazily; `undefined` where there is no document (Node, workers).
 */
export function browserPageLifecycle(): PageLifecycle | undefined {
  const g = globalThis as unknown as Target & { document?: Target & { visibilityState?: string } };
  const doc = g.document;
  if (typeof doc?.addEventListener !== 'function' || typeof g.addEventListener !== 'function') return undefined;
  return {
    isHidden: () => doc.visibilityState === 'hidden',
    subscribe(listener) {
      // Every event the page fires, mapped to ours; `pagehide` without `persisted` is the page
      // going away for good, where the browser closes the socket itself.
      const on: Array<[Target, string, (event: { persisted?: boolean }) => void]> = [
        [g, 'pagehide', (e) => e.persisted && listener('suspend')],
        [g, 'pageshow', (e) => e.persisted && listener('resume')],
        [doc, 'freeze', () => listener('suspend')],
        [doc, 'resume', () => listener('resume')],
        [doc, 'visibilitychange', () => listener(doc.visibilityState === 'hidden' ? 'hidden' : 'visible')],
      ];
      for (const [target, type, handler] of on) target.addEventListener(type, handler);
      return () => {
        for (const [target, type, handler] of on) target.removeEventListener(type, handler);
      };
    },
  };
}
