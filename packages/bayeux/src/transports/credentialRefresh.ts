import type { HeadersSource, resolveCredentials, RxwireError, UrlSource } from '@rxwire/core';

/**
 * What {@link credentialRefresh} resolves, where the results go, and the pieces of core it runs: lent
 * by the client, since a value imported from core here would make bundlers split core's shared code
 * into a chunk of its own that every app loads up front. @internal
 */
export interface CredentialRefreshOptions {
  /** The client's `url` option: only a function is called. */
  url: UrlSource | readonly string[];
  /** The client's `headers` option: only a function is called. */
  headers: HeadersSource | undefined;
  /** Takes the URL the function gave, for the attempt about to start (the client's failover list). */
  useUrl: (url: string) => void;
  /**
   * The client's header map, shared with its transports and extensions: the function's headers
   * replace the ones it gave last time, in place, so every request and upgrade from now on has them.
   */
  headerMap: Record<string, string>;
  /** Core's `resolveCredentials`. */
  resolve: typeof resolveCredentials;
  /** The error of a failed attempt (core's `ConnectionLostError`), with what the app's function threw as `cause`. */
  failure: (cause: unknown) => RxwireError;
}

/**
 * The Bayeux client's credential functions, resolved before a handshake and before the first send
 * after a failure (each a new attempt). Loaded only by clients given a `url` or `headers` function,
 * so other apps do not pay for it. The returned function rejects with a `ConnectionLostError` whose
 * `cause` is what the app's function threw: the session counts it as a failed attempt and backs off.
 * @internal
 */
export function credentialRefresh(options: CredentialRefreshOptions): () => Promise<void> {
  const { url, headers, useUrl, headerMap: target, resolve, failure } = options;
  const urlFunction = typeof url === 'function' ? url : undefined;
  let given: string[] = [];
  return async () => {
    let resolved;
    try {
      resolved = await resolve({ url: urlFunction ?? '', headers });
    } catch (cause) {
      throw failure(cause);
    }
    if (urlFunction) useUrl(resolved.url);
    if (typeof headers !== 'function') return;
    for (const name of given) delete target[name];
    Object.assign(target, resolved.headers);
    given = Object.keys(resolved.headers ?? {});
  };
}
