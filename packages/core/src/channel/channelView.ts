import type { Observable } from 'rxjs';
import type { Channel, ChannelMessage } from '../types.js';

/**
 * `channel` with other `messages$` (validated, replayed...): everything else (`subscribed$`,
 * `status$`, `continuity$`, `publish`) is the channel's own, so the wire subscription stays shared.
 *
 * @example
 * ```ts
 * const onlyBig = channelView(channel, channel.messages$.pipe(filter((m) => m.data.size > 100)));
 * ```
 */
export function channelView<T>(channel: Channel<unknown>, messages$: Observable<ChannelMessage<T>>): Channel<T> {
  return {
    name: channel.name,
    messages$,
    subscribed$: channel.subscribed$,
    ...(channel.status$ && { status$: channel.status$ }),
    ...(channel.continuity$ && { continuity$: channel.continuity$ }),
    publish: (data) => channel.publish(data),
  };
}
