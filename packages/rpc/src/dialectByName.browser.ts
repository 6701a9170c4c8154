import type { Protocol } from './protocol.js';
import type { ProtocolName } from './protocolNames.js';

/**
 * The dialect of that name, loaded on first use: bundlers split a dynamic `import()` into a chunk
 * of its own, so an app that passes a Protocol object (`protocol: jsonRpc()`) never downloads the
 * other dialects, and one that passes a name downloads them only when the client starts. @internal
 */
export function dialectByName(name: ProtocolName): Protocol | Promise<Protocol> {
  return import('./dialects.js').then(({ dialects }) => dialects[name]());
}
