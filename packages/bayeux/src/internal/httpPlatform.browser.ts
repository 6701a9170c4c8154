// Browser flavour: the browser keeps cookies (sent with credentials: 'include') and its own sockets.

/** @internal */
export const keepsCookies = false;

/** @internal */
export interface HttpAgents {
  agent: undefined;
  destroy(): void;
}

/** @internal */
export function createHttpAgents(_tls: Record<string, unknown> | undefined): HttpAgents | undefined {
  return undefined;
}
