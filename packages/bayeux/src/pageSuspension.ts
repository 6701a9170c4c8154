import { ConnectionLostError, PageWatch, type Clock, type PageLifecycle } from '@rxwire/core';
import type { BayeuxSession } from './session/bayeuxSession.js';
import type { ContinuedSession } from './session/sessionPorts.js';
import { watchPageHide } from './watchPageHide.js';

/** What a `BayeuxClient` lends its {@link PageSuspension}. @internal */
export interface SuspendableClient {
  /**
   * Takes the running session away from the client (its channels wait, its state is 'reconnecting')
   * and hands it to `end`; returns whether there was one.
   */
  dropRun(end: (session: BayeuxSession) => void): boolean;
  /** The session the client's next run continues (see `BayeuxSession.start`). */
  continueWith(continued: ContinuedSession): void;
  /** Runs a session again: it subscribes every live channel. */
  reconnect(): void;
  /** Says goodbye (`disconnect()`). */
  disconnect(): void;
}

/** What a {@link PageSuspension} works with. @internal */
export interface PageSuspensionParts {
  /** The options it reads. */
  options: { pageLifecycle?: PageLifecycle | false | undefined; idleWhenHiddenMs?: number | undefined };
  clock: Clock;
  client: SuspendableClient;
  /**
   * With `share`: the tab link, which says whether the tab share runs (it follows the page itself,
   * see `BayeuxTabShare`) or the client runs alone (no Web Locks or BroadcastChannel, or the tab
   * code did not load), and so follows the page here, as without `share`.
   */
  tabs: { readonly sharing: boolean } | undefined;
}

/**
 * A `BayeuxClient`'s page lifecycle (browsers), while it runs a session:
 * - The page goes away for good (`pagehide`, not into the back/forward cache): say goodbye, so the
 *   server ends the session at once instead of holding it until it times out.
 * - Frozen, into the back/forward cache, or hidden `idleWhenHiddenMs` (core's {@link PageWatch}
 *   says when): close the transport cleanly, without a goodbye, and hold every retry. The server keeps
 *   the session a while; the channels wait ('reconnecting'). What was in flight or asked for meanwhile
 *   (publish, request, connect) rejects with `CONNECTION_LOST`: nothing waits for a page that may
 *   never come back.
 * - Back (`pageshow`, `resume`, visible): continue the kept session, or, if the server forgot it
 *   (it answers with handshake advice), handshake anew; every live channel subscribes again and
 *   reports its continuity ('gap', or 'recovered' where an extension proves it, see `Extension.recovers`).
 * With `share`, while the tab share runs, it follows the page itself (see `BayeuxTabShare`): only the
 * goodbye is here. A client whose share fell back to running alone follows the page here.
 * @internal
 */
export class PageSuspension {
  readonly #parts: PageSuspensionParts;
  readonly #client: SuspendableClient;
  /** The page watch while the client runs; a new one per run, so none outlives a `disconnect()`. */
  #watch: PageWatch | undefined;
  /** Why the client holds no session now; undefined while it is not suspended. */
  #suspended: ConnectionLostError | undefined;
  /** Whether the client is to run a session again once the page is back. */
  #resumeNeeded = false;
  readonly #pageHide = (event: Event): void => {
    if (!(event as Event & { persisted?: boolean }).persisted) this.#client.disconnect();
  };

  constructor(parts: PageSuspensionParts) {
    this.#parts = parts;
    this.#client = parts.client;
  }

  /** The client runs a session: watch the page (unless the tab share does). Idempotent. */
  start(): void {
    watchPageHide(true, this.#pageHide);
    const { options, clock, tabs } = this.#parts;
    if (this.#watch || tabs?.sharing) return;
    const watch = (this.#watch = new PageWatch(options, clock, { onSuspend: (reason) => this.#suspend(reason), onResume: () => this.#resume() }));
    watch.start();
    // A client started in a hidden page: the idle countdown runs from now.
    watch.recheck();
  }

  /** The client ended (disconnected, or failed for good): stop watching. Idempotent. */
  stop(): void {
    watchPageHide(false, this.#pageHide);
    this.#watch?.stop();
    this.#watch = undefined;
    this.#suspended = undefined;
    this.#resumeNeeded = false;
  }

  /** While suspended, the rejection of a publish, request or connect; undefined otherwise. */
  refusal(): Promise<never> | undefined {
    const error = this.#suspended;
    return error && Promise.reject(error);
  }

  /** Whether a channel's wire subscribe waits for the page (and the session runs again then). */
  holds(): boolean {
    if (this.#suspended) this.#resumeNeeded = true;
    return this.#suspended !== undefined;
  }

  /** `disconnect()`: a kept session comes back for its goodbye (the caller sends it); nothing is watched any more. */
  leave(): void {
    const resume = this.#suspended !== undefined && this.#resumeNeeded;
    this.stop();
    if (resume) this.#client.reconnect();
  }

  #suspend(reason: string): void {
    // reason: 'page suspended' (frozen, or in the back/forward cache) or 'page hidden' (idleWhenHiddenMs).
    const error = new ConnectionLostError(`The connection closed (${reason}); it opens again when the page is back.`);
    this.#suspended = error;
    const dropped = this.#client.dropRun((session) => {
      const { clientId, connectionType } = session;
      // No goodbye: the server keeps the session a while, and a page back soon continues it.
      if (clientId !== undefined && connectionType !== undefined) this.#client.continueWith({ clientId, connectionType, advice: session.advice });
      session.abandon(error);
    });
    this.#resumeNeeded ||= dropped;
  }

  #resume(): void {
    if (!this.#suspended) return;
    this.#suspended = undefined;
    const resume = this.#resumeNeeded;
    this.#resumeNeeded = false;
    if (resume) this.#client.reconnect();
  }
}
