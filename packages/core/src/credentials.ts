/**
 * A server URL, or a function (sync or async) that gives the URL to use for the next attempt, e.g.
 * one that carries a fresh token: clients call it before every (re)connect attempt.
 */
export type UrlSource = string | (() => string | Promise<string>);

/** Request headers (Node only), or a function (sync or async) called before every (re)connect attempt. */
export type HeadersSource = Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>);

/** What {@link resolveCredentials} resolves: the values for one attempt. */
export interface Credentials {
  url: string;
  headers: Record<string, string> | undefined;
}

/**
 * The URL and headers for one connection attempt: plain values as given, functions called now (a
 * token refresh needs no reconnect code in the app). A function that throws or rejects makes the
 * promise reject with its error: the caller counts that as a failed attempt (with backoff) and
 * passes the error on as the `cause` of what the app sees. `toUrl` normalises the URL (e.g. a scheme
 * swap); what it throws counts the same.
 *
 * Without functions the result is there at once (not a promise), so a plain URL opens its socket in
 * the same tick, as it always did. Functions run after a microtask, so even a synchronous throw
 * reaches the caller's `errors$` observers, who may subscribe right after the client is made.
 *
 * @example
 * ```ts
 * const { url, headers } = await resolveCredentials({
 *   url: async () => `wss://example.com/ws?token=${await tokens.fresh()}`,
 *   headers: () => ({ Authorization: `Bearer ${tokens.current}` }),
 * });
 * ```
 */
export function resolveCredentials(
  sources: { url: UrlSource; headers?: HeadersSource | undefined },
  options: { toUrl?: (url: string) => string } = {},
): Credentials | Promise<Credentials> {
  const { url, headers } = sources;
  const { toUrl = (given: string) => given } = options;
  if (typeof url !== 'function' && typeof headers !== 'function') return { url: toUrl(url), headers };
  return Promise.resolve().then(async () => ({
    url: toUrl(typeof url === 'function' ? await url() : url),
    headers: typeof headers === 'function' ? await headers() : headers,
  }));
}

/** Whether the URL or the headers change per attempt (so a client must resolve them every time). */
export function hasCredentialFunctions(sources: { url: unknown; headers?: unknown }): boolean {
  return typeof sources.url === 'function' || typeof sources.headers === 'function';
}
