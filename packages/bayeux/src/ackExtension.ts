import type { Extension } from './extension.js';

/**
 * CometD's acknowledged-messages extension: guaranteed delivery with servers that support it. The
 * handshake asks for acks; each `/meta/connect` then carries the last batch number received, and the
 * server redelivers batches that were not acknowledged (e.g. lost with a dropped connect). A channel
 * that holds again in the same session says `'recovered'` on `continuity$`.
 *
 * @example
 * ```ts
 * new BayeuxClient({ url, extensions: [ackExtension()] });
 * ```
 */
export function ackExtension(): Extension {
  let serverSupportsAcks = false;
  let batch = 0;
  return {
    // The server redelivers what was not acknowledged, but only to the session that missed it.
    recovers: (_subscription, { sameSession }) => sameSession && serverSupportsAcks,
    // share: 'tabs': the last batch this tab passed on, so the tab that takes over acks no more and no less.
    handover: {
      key: 'ack',
      save: () => (serverSupportsAcks ? batch : undefined),
      restore: (saved) => {
        serverSupportsAcks = typeof saved === 'number';
        if (serverSupportsAcks) batch = saved as number;
      },
    },
    outgoing: (messages) =>
      messages.map((m) => {
        if (m.channel === '/meta/handshake') {
          serverSupportsAcks = false;
          batch = 0;
          return { ...m, ext: { ...m.ext, ack: true } };
        }
        if (m.channel === '/meta/connect' && serverSupportsAcks) return { ...m, ext: { ...m.ext, ack: batch } };
        return m;
      }),
    incoming: (messages) => {
      for (const m of messages) {
        const ack = m.ext?.['ack'];
        if (m.channel === '/meta/handshake') {
          if (typeof ack === 'object' && ack !== null) {
            const a = ack as { enabled?: unknown; batch?: unknown };
            serverSupportsAcks = a.enabled === true;
            if (typeof a.batch === 'number') batch = a.batch;
          } else serverSupportsAcks = ack === true;
        } else if (m.channel === '/meta/connect' && m.successful && serverSupportsAcks && typeof ack === 'number') {
          batch = ack;
        }
      }
      return messages;
    },
  };
}
