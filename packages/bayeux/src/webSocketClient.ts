import type { BayeuxClientOptions } from './bayeuxClientOptions.js';
import { BayeuxClientBase } from './bayeuxClientBase.js';
import { SingleConnectionType } from './session/singleConnectionType.js';
import type { TransportKit } from './transports/transportFactories.js';
import { createWebSocketTransport } from './transports/webSocketTransport.js';

/** The WebSocket alone: no long-polling, no HTTP handshake, no cookie jar, nothing to fall back to. */
const webSocketOnly: TransportKit = {
  factories: { websocket: createWebSocketTransport },
  connectionTypes: () => new SingleConnectionType('websocket'),
};

/**
 * The Bayeux client of `@rxwire/bayeux/websocket`: the same API as `@rxwire/bayeux`'s
 * `BayeuxClient`, over WebSocket only, so that an app bundles neither long-polling nor the HTTP
 * handshake. `connectionTypes` is `['websocket']`; naming another type throws a `TypeError` (as every wrong option does).
 *
 * @example
 * ```ts
 * import { BayeuxClient } from '@rxwire/bayeux/websocket';
 * const client = new BayeuxClient({ url: 'wss://example.com/cometd' });
 * client.channel<Quote>('/stocks/*').messages$.subscribe(({ data }) => render(data));
 * ```
 */
export class BayeuxClient extends BayeuxClientBase {
  constructor(options: BayeuxClientOptions) {
    super(options, webSocketOnly);
  }
}
