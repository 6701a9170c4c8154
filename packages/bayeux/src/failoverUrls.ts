/** Hosts taken from `advice.hosts` at most, however many servers advise. */
export const MAX_ADVICE_HOSTS = 16;

/** Options of {@link FailoverUrls}. @internal */
export interface FailoverUrlsOptions {
  /** The app's own server URLs: the only ones credentials go to. */
  urls: readonly string[];
  /**
   * Whether to try the hosts a server lists in `advice.hosts` too: `true`, or a test that allows
   * some. @default false (Faye's and CometD's clients ignore them too)
   */
  followAdviceHosts?: boolean | ((url: string) => boolean) | undefined;
}

/**
 * The server URLs a client fails over between: the app's own, in order, then (only when the app
 * opts in) up to {@link MAX_ADVICE_HOSTS} hosts from servers' `advice.hosts`. A server's advice is
 * not the app's word: those hosts never get the app's credentials (see {@link isAppUrl}).
 * @internal
 */
export class FailoverUrls {
  readonly #urls: string[];
  readonly #appUrls: Set<string>;
  readonly #follow: (url: string) => boolean;
  #adviceHosts = 0;
  #index = 0;

  constructor(options: FailoverUrlsOptions) {
    this.#urls = [...options.urls];
    this.#appUrls = new Set(options.urls);
    const follow = options.followAdviceHosts;
    this.#follow = typeof follow === 'function' ? follow : () => follow === true;
  }

  /** The URL to use now. */
  current(): string {
    return this.#urls[this.#index] as string;
  }

  /**
   * The app's `url` function gave this URL for the attempt about to start: it replaces the one it
   * gave before (the first in the list), and is the app's own, so credentials may go there.
   */
  useAppUrl(url: string): void {
    this.#appUrls.delete(this.#urls[0] as string);
    this.#appUrls.add(url);
    this.#urls[0] = url;
  }

  /** Moves on to the next URL (after a network failure), wrapping around. */
  next(): void {
    this.#index = (this.#index + 1) % this.#urls.length;
  }

  /** Whether `url` is one the app gave, so that headers, cookies, TLS client options and auth may go there. */
  isAppUrl(url: string): boolean {
    return this.#appUrls.has(url);
  }

  /** A server's `advice.hosts`: kept only where the app opted in, new, allowed, and within the cap. */
  adviseHosts(hosts: readonly string[]): void {
    for (const host of hosts) {
      if (this.#adviceHosts >= MAX_ADVICE_HOSTS) return;
      if (this.#urls.includes(host) || !this.#follow(host)) continue;
      this.#urls.push(host);
      this.#adviceHosts++;
    }
  }
}
