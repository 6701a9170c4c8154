// What the reliability tests record of a client: its errors and one channel's data, from the moment
// the server confirmed the subscription.
import type { RxwireError } from '@rxwire/core';
import { filter, firstValueFrom } from 'rxjs';
import type { BayeuxClient } from '@rxwire/bayeux';

/** Subscribes to `name`, records errors and message data, and resolves once the server confirmed it. */
export async function watchChannel(client: BayeuxClient, name: string): Promise<{ errors: RxwireError[]; received: unknown[] }> {
  const errors: RxwireError[] = [];
  client.errors$.subscribe((e) => errors.push(e));
  const received: unknown[] = [];
  const channel = client.channel(name);
  channel.messages$.subscribe((m) => received.push(m.data));
  await firstValueFrom(channel.subscribed$.pipe(filter(Boolean)));
  return { errors, received };
}
