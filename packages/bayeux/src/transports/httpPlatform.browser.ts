// Browser flavour: the browser keeps cookies (sent with credentials: 'include') and its own sockets.

import type { CookieJar } from './cookieJar.js';

/** @internal */
export function createCookieJar(_now: () => number): CookieJar | undefined {
  return undefined;
}

/** @internal */
export interface HttpAgents {
  agent: undefined;
  anonymousAgent: undefined;
  destroy(): void;
}

/** @internal */
export function createHttpAgents(_tls: Record<string, unknown> | undefined): HttpAgents | undefined {
  return undefined;
}
