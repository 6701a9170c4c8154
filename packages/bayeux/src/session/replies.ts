import { parseBayeuxError } from '../bayeuxError.js';
import type { BayeuxMessage } from '../message.js';

/** An unknown-client reply (401/402) or handshake advice: the server forgot the session. @internal */
export function wantsHandshake(reply: BayeuxMessage): boolean {
  const code = parseBayeuxError(reply.error).code;
  return reply.advice?.reconnect === 'handshake' || code === 401 || code === 402;
}
