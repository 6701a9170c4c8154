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
  /** Why there is no socket now: the page is frozen or cached ('page'), or hidden too long ('idle'). */
  #suspended: 'page' | 'idle' | undefined;
  /**
   * With `share`: whether another tab of the share is visible. A shared connection idles only when
   * every tab is hidden, so the tab share sets this and calls {@link wake} and {@link recheck}.
   */
  othersVisible: () => boolean = () => false;

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

  /** Another tab became visible: a connection idle because every tab was hidden comes back. */
  wake(): void {
    if (this.#suspended === 'idle') this.#resume();
  }

  /** Another tab became hidden: if this page is hidden too, the idle countdown may start. */
  recheck(): void {
    if (this.lifecycle?.isHidden() && !this.#idleTimer.running) this.#armIdle();
  }

  #on(event: PageEvent): void {
    if (event === 'hidden') return this.#armIdle();
    if (event === 'suspend') return this.#suspend('page', 'page suspended');
    this.#idleTimer.stop();
    // A page back from the bfcache may still be hidden; it is visible again only when visible.
    if (!this.#suspended || (event === 'visible' && this.lifecycle?.isHidden())) return;
    this.#resume();
  }

  #armIdle(): void {
    const idleWhenHiddenMs = this.#idleWhenHiddenMs;
    if (idleWhenHiddenMs === undefined || this.#suspended) return;
    this.#idleTimer.start(idleWhenHiddenMs, () => {
      if (!this.othersVisible()) this.#suspend('idle', 'page hidden');
    });
  }

  #resume(): void {
    this.#suspended = undefined;
    this.#handlers.onResume();
  }

  #suspend(why: 'page' | 'idle', reason: string): void {
    if (this.#suspended) return;
    this.#suspended = why;
    this.#handlers.onSuspend(reason);
  }
}
