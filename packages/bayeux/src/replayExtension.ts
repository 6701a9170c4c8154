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
 * tracked, so a re-subscribe after a re-handshake resumes where the stream stopped.
 *
 * @example
 * ```ts
 * const replay = replayExtension({ replayIds: { '/event/Order__e': -2 } });
 * new BayeuxClient({ url, extensions: [replay] });
 * ```
 */
export function replayExtension(options: ReplayExtensionOptions = {}): ReplayExtension {
  const replayIds: Record<string, number> = { ...options.replayIds };
  return {
    replayIds,
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
