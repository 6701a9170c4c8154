import type { Channel, ChannelStatus, ConnectionState } from '@rxwire/core';
import { Observable, type Unsubscribable } from 'rxjs';

/**
 * @internal
 * What a channel reports about where it stands: its own `status$` where it has one (every client's
 * channel once they share core's `SharedChannel`), otherwise a status derived from `subscribed$`
 * and the client's connection state, close enough for a badge.
 */
export function channelStatus$(channel: Channel<unknown>, state$: Observable<ConnectionState>): Observable<ChannelStatus> {
  if (channel.status$) return channel.status$;
  return new Observable<ChannelStatus>((subscriber) => {
    let subscribed = false;
    let wasLive = false;
    let state: ConnectionState | undefined;
    const emit = (): void => {
      if (subscribed) subscriber.next('live');
      else if (state !== undefined) subscriber.next(derivedStatus(state, wasLive));
    };
    const subscriptions: Unsubscribable[] = [
      state$.subscribe((next) => {
        state = next;
        emit();
      }),
      channel.subscribed$.subscribe((next) => {
        subscribed = next;
        wasLive ||= next;
        emit();
      }),
    ];
    return () => {
      for (const subscription of subscriptions) subscription.unsubscribe();
    };
  });
}

/** Not (or no longer) confirmed by the server: what the connection state says about why. */
function derivedStatus(state: ConnectionState, wasLive: boolean): ChannelStatus {
  switch (state) {
    case 'idle':
    case 'connecting':
      return 'connecting';
    case 'connected':
      // Connected but unconfirmed: the subscribe is out (again, after a loss).
      return 'subscribing';
    case 'reconnecting':
      return wasLive ? 'reconnecting' : 'connecting';
    case 'closed':
      return 'idle';
  }
}
