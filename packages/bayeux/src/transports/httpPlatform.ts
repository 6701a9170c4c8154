// Node flavour: a cookie jar (no browser keeps cookies for us) and a keep-alive agent of at most two
// sockets per origin that the client destroys on disconnect, so nothing holds the process open.
import http from 'node:http';
import https from 'node:https';
import { CookieJar } from './cookieJar.js';

/** Node keeps the session cookies itself (no browser does it): a jar per client. @internal */
export function createCookieJar(now: () => number): CookieJar | undefined {
  return new CookieJar(now);
}

/** @internal */
export interface HttpAgents {
  /** The `agent` option of the Node `fetch` (see core's defaultFetch). */
  agent: (url: URL) => http.Agent;
  /** The same for URLs the app did not give: it trusts the same CAs but shows no client certificate. */
  anonymousAgent: (url: URL) => http.Agent;
  destroy(): void;
}

/** @internal */
export function createHttpAgents(tls: Record<string, unknown> | undefined): HttpAgents {
  const options = { keepAlive: true, maxSockets: 2 };
  const plain = new http.Agent(options);
  const secure = new https.Agent({ ...options, ...tls });
  // Made on first use: only a server's advice.hosts, where the app opted in, leads there.
  let anonymous: https.Agent | undefined;
  return {
    agent: (url) => (url.protocol === 'https:' ? secure : plain),
    anonymousAgent: (url) => (url.protocol === 'https:' ? (anonymous ??= new https.Agent({ ...options, ca: tls?.['ca'] as https.AgentOptions['ca'] })) : plain),
    destroy: () => {
      plain.destroy();
      secure.destroy();
      anonymous?.destroy();
    },
  };
}
