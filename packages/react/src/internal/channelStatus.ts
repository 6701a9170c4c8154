import type { Channel, ChannelSource, ChannelStatus, ConnectionState } from '@rxwire/core';
import { combineLatest, map, startWith, type Observable } from 'rxjs';

/** Not (or no longer) confirmed by the server: what the connection state says about why. */
const UNCONFIRMED: Record<ConnectionState, ChannelStatus> = {
  idle: 'connecting',
  connecting: 'connecting',
  // Connected but unconfirmed: the subscribe is out (again, after a loss).
  connected: 'subscribing',
  reconnecting: 'reconnecting',
  closed: 'idle',
};

/**
 * @internal
 * What a channel reports about where it stands: its own `status$` where it has one (every client's
 * channel once they share core's `SharedChannel`), otherwise a status derived from `subscribed$`
 * and the client's connection state, close enough for a badge.
 */
export function channelStatus$(channel: Channel<unknown>, client: ChannelSource): Observable<ChannelStatus> {
  return (
    channel.status$ ??
    combineLatest([client.state$.pipe(startWith(client.state)), channel.subscribed$]).pipe(
      map(([state, subscribed]) => (subscribed ? 'live' : UNCONFIRMED[state])),
    )
  );
}
