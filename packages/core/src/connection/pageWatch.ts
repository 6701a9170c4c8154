import type { Clock } from '../clock.js';
import { browserPageLifecycle, type PageEvent, type PageLifecycle } from '../pageLifecycle.js';
import { JobTimer } from '../timing/jobTimer.js';

/** What {@link PageWatch} tells its owner. @internal */
export interface PageWatchHandlers {
  /** Drop the socket and hold every retry. */
  onSuspend: (reason: string) => void;
  /** Connect again at once. */
  onResume: () => void;
}

/**
 * When a connection should hold no socket: while the page is frozen or in the back/forward cache
 * (a socket there is a zombie and keeps the page out of the cache), and, with `idleWhenHiddenMs`,
 * once the page has stayed hidden that long. Tells its owner when to suspend and when to resume.
 * @internal
 */
export class PageWatch {
  /** The page's lifecycle (the `pageLifecycle` option, or the browser's); undefined where there is none. */
  readonly lifecycle: PageLifecycle | undefined;
  readonly #idleWhenHiddenMs: number | undefined;
  readonly #handlers: PageWatchHandlers;
  readonly #idleTimer: JobTimer;
  #stop: (() => void) | undefined;
  #suspended = false;

  constructor(
    options: { pageLifecycle?: PageLifecycle | false | undefined; idleWhenHiddenMs?: number | undefined },
    clock: Clock,
    handlers: PageWatchHandlers,
  ) {
    this.lifecycle = options.pageLifecycle === false ? undefined : (options.pageLifecycle ?? browserPageLifecycle());
    this.#idleWhenHiddenMs = options.idleWhenHiddenMs;
    this.#handlers = handlers;
    this.#idleTimer = new JobTimer(clock);
  }

  start(): void {
    this.#stop ??= this.lifecycle?.subscribe((event) => this.#on(event));
  }

  stop(): void {
    this.#idleTimer.stop();
    this.#stop?.();
    this.#stop = undefined;
  }

  #on(event: PageEvent): void {
    const idleWhenHiddenMs = this.#idleWhenHiddenMs;
    if (event === 'hidden') {
      if (idleWhenHiddenMs !== undefined) this.#idleTimer.start(idleWhenHiddenMs, () => this.#suspend('page hidden'));
      return;
    }
    if (event === 'suspend') return this.#suspend('page suspended');
    this.#idleTimer.stop();
    // A page back from the bfcache may still be hidden; it is visible again only when visible.
    if (!this.#suspended || (event === 'visible' && this.lifecycle?.isHidden())) return;
    this.#suspended = false;
    this.#handlers.onResume();
  }

  #suspend(reason: string): void {
    if (this.#suspended) return;
    this.#suspended = true;
    this.#handlers.onSuspend(reason);
  }
}
