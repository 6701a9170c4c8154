import type { BayeuxClientOptions } from './bayeuxClientOptions.js';
import { BayeuxClientBase } from './bayeuxClientBase.js';
import { ConnectionTypePicker } from './session/connectionTypePicker.js';
import { createCookieJar, createHttpAgents } from './transports/httpPlatform.js';
import { createLongPollingTransport } from './transports/longPollingTransport.js';
import type { TransportKit } from './transports/transportFactories.js';
import { createWebSocketTransport } from './transports/webSocketTransport.js';

/** Both transports, WebSocket preferred, and what HTTP needs in Node. */
const bothTransports: TransportKit = {
  factories: { websocket: createWebSocketTransport, 'long-polling': createLongPollingTransport },
  connectionTypes: (types, clock, upgradeAfterMs) => new ConnectionTypePicker(types, clock, upgradeAfterMs),
  http: { cookieJar: createCookieJar, agents: createHttpAgents },
};

/**
 * A Bayeux (CometD, Faye) client: WebSocket or long-polling, whichever the server offers, with
 * reconnects, re-handshakes and re-subscriptions handled for the application. An app that only
 * speaks WebSocket imports the lighter `@rxwire/bayeux/websocket`, the same class without
 * long-polling.
 *
 * @example
 * ```ts
 * const client = new BayeuxClient({ url: 'https://example.com/cometd' });
 * client.channel<Quote>('/stocks/*').messages$.subscribe(({ channel, data }) => render(channel, data));
 * await client.publish('/chat/room', { text: 'hello' });
 * await client.disconnect();
 * ```
 */
export class BayeuxClient extends BayeuxClientBase {
  /** @param options `connectionTypes` defaults to `['websocket', 'long-polling']`. */
  constructor(options: BayeuxClientOptions) {
    super(options, bothTransports);
  }
}
