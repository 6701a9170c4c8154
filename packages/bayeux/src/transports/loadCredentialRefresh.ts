import { ConnectionLostError, resolveCredentials } from '@rxwire/core';
import type { BayeuxClientOptions } from '../bayeuxClientOptions.js';
import type { FailoverUrls } from '../failoverUrls.js';

/**
 * The code that resolves `url` and `headers` functions before each attempt, loaded only by clients
 * given one (a chunk of its own). Returns what runs before an attempt. Loading starts at once; if the
 * chunk does not load (a deploy removed it, say), that attempt fails with a `ConnectionLostError`
 * (backoff applies) and the next one loads it again.
 * @internal
 */
export function loadCredentialRefresh(options: Pick<BayeuxClientOptions, 'url' | 'headers'>, urls: FailoverUrls, headerMap: Record<string, string>): () => Promise<void> {
  let loaded: Promise<() => Promise<void>> | undefined;
  const load = (): Promise<() => Promise<void>> =>
    import('./credentialRefresh.js').then(
      ({ credentialRefresh }) =>
        credentialRefresh({
          url: options.url,
          headers: options.headers,
          useUrl: (url) => urls.useAppUrl(url),
          headerMap,
          resolve: resolveCredentials,
          failure: (cause) => new ConnectionLostError('The url or headers function failed, so no connection could be attempted.', { cause }),
        }),
      (cause: unknown) => {
        loaded = undefined;
        throw new ConnectionLostError('The code that calls the url and headers functions did not load.', { cause });
      },
    );
  // Started now so that the first attempt rarely waits; a failure is reported by the attempt that needs it.
  loaded = load();
  loaded.catch(() => undefined);
  return () => (loaded ??= load()).then((refresh) => refresh());
}
