// Runs in Chromium, one copy per tab: a BayeuxClient shared by every tab (`share: 'tabs'`),
// instrumented so the test can read what happened through `window.probe`.
import { ackExtension, BayeuxClient, type BayeuxClientOptions } from '@rxwire/bayeux';
import type { Subscription } from 'rxjs';

const params = new URLSearchParams(location.search);
const probe = {
  roles: [] as string[],
  states: [] as string[],
  errors: [] as string[],
  /** Messages per channel name (their data). */
  messages: {} as Record<string, unknown[]>,
  /** When each message arrived (Date.now(), in this page), per channel name. */
  arrivals: {} as Record<string, number[]>,
  /** Status per channel name, as it changed. */
  statuses: {} as Record<string, string[]>,
  continuity: {} as Record<string, string[]>,
  /** WebSockets this tab opened. */
  sockets: 0,
  clientId: undefined as string | undefined,
  /** `pageshow` events' `persisted`: true when the page came back from the back/forward cache. */
  persisted: [] as boolean[],
};
addEventListener('pageshow', (event) => probe.persisted.push(event.persisted));

class CountingWebSocket extends WebSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, protocols);
    probe.sockets++;
  }
}

// ?ack=1 adds the ack extension; ?types=long-polling picks the connection types; ?share=0 does not share.
const types = params.get('types');
const client = new BayeuxClient({
  url: params.get('url') ?? '',
  ...(params.get('share') !== '0' && { share: 'tabs' as const }),
  WebSocket: CountingWebSocket,
  reconnect: { initialDelayMs: 100, maxDelayMs: 500 },
  ...(params.get('ack') === '1' && { extensions: [ackExtension()] }),
  ...(types && { connectionTypes: types.split(',') as NonNullable<BayeuxClientOptions['connectionTypes']> }),
});
client.role$.subscribe((role) => probe.roles.push(role));
client.state$.subscribe((state) => {
  probe.states.push(state);
  probe.clientId = client.clientId;
});
client.errors$.subscribe((error) => probe.errors.push(error.code));

const watching = new Map<string, Subscription>();
const tabs = {
  watch(name: string): void {
    const channel = client.channel(name);
    const messages = (probe.messages[name] = [] as unknown[]);
    const arrivals = (probe.arrivals[name] = [] as number[]);
    const statuses = (probe.statuses[name] = [] as string[]);
    const continuity = (probe.continuity[name] = [] as string[]);
    const subscription = channel.messages$.subscribe((message) => {
      messages.push(message.data);
      arrivals.push(Date.now());
    });
    subscription.add(channel.status$.subscribe((status) => statuses.push(status)));
    subscription.add(channel.continuity$.subscribe((c) => continuity.push(c.resumed)));
    watching.set(name, subscription);
  },
  /** Keeps recording the channel's status after `unwatch` (status$ holds no wire subscription). */
  watchStatus(name: string): void {
    const statuses = probe.statuses[name];
    client.channel(name).status$.subscribe((status) => statuses?.push(status));
  },
  unwatch(name: string): void {
    watching.get(name)?.unsubscribe();
    watching.delete(name);
  },
  publish: (channel: string, data: unknown) => client.publish(channel, data).then(() => 'ok', (error: { code?: string }) => error.code),
};
Object.assign(globalThis, { probe, client, tabs });
