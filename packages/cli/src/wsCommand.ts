import { webSocketConnection } from '@rxwire/core';
import type { Codec } from '@rxwire/core';
import type { CommandSession } from './commandSession.js';

/**
 * Frames as JSON lines: JSON text as it came (compacted to one line), other text as `{"text"}`,
 * binary frames as `{"binary"}` in base64. Never throws, so no frame is dropped as a bad one.
 */
const printableFrames: Codec<unknown> = {
  encode: (message) => (typeof message === 'string' ? message : JSON.stringify(message)),
  decode: (frame) => {
    if (typeof frame !== 'string') return { binary: Buffer.from(frame).toString('base64') };
    try {
      return JSON.parse(frame);
    } catch {
      return { text: frame };
    }
  },
};

/** `rxwire ws`: every inbound frame, one line each, until stopped or the server goes away. */
export function startWs(command: { url: string; timeoutMs: number }): CommandSession {
  // No reconnect: like wscat, a tail ends when its server goes away (exit 1, one line on stderr).
  const connection = webSocketConnection({ url: command.url, codec: printableFrames, reconnect: false, connectTimeoutMs: command.timeoutMs, logger: false, lazy: true });
  return {
    output$: connection.messages$,
    inspect$: connection.inspect$,
    close: async () => connection.close(),
  };
}
