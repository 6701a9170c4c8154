import type { PageEvent, PageLifecycle } from '../pageLifecycle.js';

/** A page whose lifecycle the test drives: pass `lifecycle` as a client's `pageLifecycle` option. */
export interface FakePageLifecycle {
  /** The lifecycle to give the client under test. */
  readonly lifecycle: PageLifecycle;
  /** Fires `event` at every listener; 'hidden' and 'visible' also change what `isHidden()` says. */
  fire(event: PageEvent): void;
  /** How many listeners are subscribed (0 once the client stopped watching the page). */
  listening(): number;
}

/** Creates a {@link FakePageLifecycle}: a visible page that fires only what the test tells it to. */
export function fakePageLifecycle(): FakePageLifecycle {
  const listeners = new Set<(event: PageEvent) => void>();
  let hidden = false;
  return {
    lifecycle: {
      isHidden: () => hidden,
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    },
    fire(event) {
      if (event === 'hidden' || event === 'visible') hidden = event === 'hidden';
      for (const listener of [...listeners]) listener(event);
    },
    listening: () => listeners.size,
  };
}
