import type { TabRole } from '../types.js';
import type { LockManagerLike } from './tabPlatform.js';

export type { TabRole };

/** Options of {@link TabElection}. */
export interface TabElectionOptions {
  locks: LockManagerLike;
  /** The lock name. */
  name: string;
  /** The role changed (called only on a change). */
  onRole: (role: TabRole) => void;
}

/**
 * Elects one leader among the tabs that ask for the same Web Lock. The lock is held for as long as
 * the tab leads; the browser releases it when the tab closes, reloads or crashes, and grants it to
 * the next tab waiting in line, which becomes the leader. No timers, no heartbeats: the browser's
 * lock manager is the only judge, so two leaders cannot exist at once.
 *
 * `stop()` gives the lock up (and leaves the line): on `pagehide` into the bfcache and on `freeze`,
 * since a held lock keeps the page out of the bfcache and a frozen leader would serve nobody.
 * `start()` asks again.
 */
export class TabElection {
  // A plain field and a callback, not core's MulticastValue: the tab code is a lazy chunk that
  // imports only types from the rest of core (see TabShareHooks), and its one listener is the share.
  /** 'follower' before the first answer is only a guess, see `decided`. */
  #role: TabRole = 'follower';
  readonly #options: TabElectionOptions;
  /** Each start() is one generation: answers for an older one are stale and given back at once. */
  #generation = 0;
  #running = false;
  #abort: AbortController | undefined;
  /** Ends the hold of the lock (resolves the promise the lock callback returned). */
  #release: (() => void) | undefined;
  #decided = false;
  #whenDecided: Array<() => void> = [];

  constructor(options: TabElectionOptions) {
    this.#options = options;
  }

  get role(): TabRole {
    return this.#role;
  }

  get running(): boolean {
    return this.#running;
  }

  /** Resolves once this generation knows whether it leads (at once if it knows). */
  decided(): Promise<void> {
    return this.#decided ? Promise.resolve() : new Promise((resolve) => this.#whenDecided.push(resolve));
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#decided = false;
    const generation = ++this.#generation;
    // First a look without waiting: a tab that cannot lead now is a follower at once, then it waits
    // in line. Both requests are for the same lock, so the browser orders them with everyone's.
    this.#options.locks
      .request(this.#options.name, { ifAvailable: true }, (lock) => {
        if (generation !== this.#generation) return undefined;
        if (lock) return this.#hold();
        this.#setRole('follower');
        this.#waitInLine(generation);
        return undefined;
      })
      .catch(() => this.#setRole('follower'));
  }

  stop(): void {
    if (!this.#running) return;
    this.#running = false;
    this.#generation++;
    this.#abort?.abort();
    this.#abort = undefined;
    this.#release?.();
    this.#release = undefined;
    // Until asked again, nobody knows: an open() meanwhile waits for the next answer.
    this.#decided = false;
    this.#changeRole('follower');
  }

  #waitInLine(generation: number): void {
    const abort = (this.#abort = new AbortController());
    this.#options.locks
      .request(this.#options.name, { signal: abort.signal }, () => (generation === this.#generation ? this.#hold() : undefined))
      // Aborted by stop(): nothing to do.
      .catch(() => undefined);
  }

  #hold(): Promise<void> {
    const held = new Promise<void>((resolve) => (this.#release = resolve));
    this.#setRole('leader');
    return held;
  }

  #setRole(role: TabRole): void {
    this.#changeRole(role);
    if (this.#decided) return;
    this.#decided = true;
    const waiting = this.#whenDecided;
    this.#whenDecided = [];
    for (const resolve of waiting) resolve();
  }

  #changeRole(role: TabRole): void {
    if (role === this.#role) return;
    this.#role = role;
    this.#options.onRole(role);
  }
}
