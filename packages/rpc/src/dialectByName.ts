import { dialects } from './dialects.js';
import type { Protocol } from './protocol.js';
import type { ProtocolName } from './protocolNames.js';

/**
 * The dialect of that name. In Node at once (bundle size does not matter there); the browser build
 * swaps in `dialectByName.browser.ts`, which loads the dialects as a lazy chunk. @internal
 */
export function dialectByName(name: ProtocolName): Protocol | Promise<Protocol> {
  return dialects[name]();
}
