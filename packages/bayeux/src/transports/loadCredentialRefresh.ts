import { ConnectionLostError, resolveCredentials } from '@rxwire/core';
import type { BayeuxClientOptions } from '../bayeuxClientOptions.js';
import type { FailoverUrls } from '../failoverUrls.js';

/**
 * The code that resolves `url` and `headers` functions before each attempt, loaded only by clients
 * given one (a chunk of its own). Returns what runs before an attempt.
 * @internal
 */
export function loadCredentialRefresh(options: Pick<BayeuxClientOptions, 'url' | 'headers'>, urls: FailoverUrls, headerMap: Record<string, string>): () => Promise<void> {
  const loaded = import('./credentialRefresh.js').then(({ credentialRefresh }) =>
    credentialRefresh({
      url: options.url,
      headers: options.headers,
      useUrl: (url) => urls.useAppUrl(url),
      headerMap,
      resolve: resolveCredentials,
      failure: (cause) => new ConnectionLostError('The url or headers function failed, so no connection could be attempted.', { cause }),
    }),
  );
  return () => loaded.then((refresh) => refresh());
}
