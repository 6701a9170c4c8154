import { channelMatches } from './channelName.js';
import type { Extension } from './extension.js';

/** Options of {@link replayExtension}. */
export interface ReplayExtensionOptions {
  /**
   * Replay ids to start from, per subscribed channel: `-1` for new events only, `-2` for all
   * retained events, or the last id processed.
   */
  replayIds?: Record<string, number>;
}

/** A replay extension that can also tell the ids it tracked. */
export interface ReplayExtension extends Extension {
  /** The replay id to resume from, per subscribed channel. */
  readonly replayIds: Readonly<Record<string, number>>;
}

/**
 * Salesforce-style event replay: the handshake says `ext.replay: true`; each subscribe carries
 * `ext.replay: {channel: replayId}`; the id of every event received (`data.event.replayId`) is
 * tracked, so a re-subscribe after a re-handshake resumes where the stream stopped. When the server's
 * handshake reply confirms replay (`ext.replay: true`), such a resubscribe says `'recovered'` on the
 * channel's `continuity$`.
 *
 * @example
 * ```ts
 * const replay = replayExtension({ replayIds: { '/event/Order__e': -2 } });
 * new BayeuxClient({ url, extensions: [replay] });
 * ```
 */
export function replayExtension(options: ReplayExtensionOptions = {}): ReplayExtension {
  const replayIds: Record<string, number> = { ...options.replayIds };
  /** The server's handshake reply said it replays (`ext.replay: true`). */
  let confirmed = false;
  return {
    replayIds,
    // A resubscribe from a known id (not -1, "new events only") gets what was published meanwhile.
    recovers: (subscription) => confirmed && replayIds[subscription] !== undefined && replayIds[subscription] !== -1,
    outgoing: (messages) =>
      messages.map((m) => {
        if (m.channel === '/meta/handshake') return { ...m, ext: { ...m.ext, replay: true } };
        if (m.channel === '/meta/subscribe' && typeof m.subscription === 'string') {
          const id = replayIds[m.subscription];
          if (id !== undefined) return { ...m, ext: { ...m.ext, replay: { [m.subscription]: id } } };
        }
        return m;
      }),
    incoming: (messages) => {
      for (const m of messages) {
        if (m.channel === '/meta/handshake' && m.successful) confirmed = m.ext?.['replay'] === true;
        const event = (m.data as { event?: { replayId?: unknown } } | undefined)?.event;
        if (typeof event?.replayId !== 'number' || m.channel.startsWith('/meta/')) continue;
        for (const subscription of Object.keys(replayIds)) {
          if (channelMatches(subscription, m.channel)) replayIds[subscription] = event.replayId;
        }
        if (!(m.channel in replayIds)) replayIds[m.channel] = event.replayId;
      }
      return messages;
    },
  };
}
