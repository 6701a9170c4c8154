// @rxwire/bayeux/websocket: the Bayeux/CometD client over WebSocket only (no long-polling, HTTP
// handshake or cookie jar in the bundle). Everything else is what `@rxwire/bayeux` exports.
export type { ChannelSource, Channel, ChannelMessage } from '@rxwire/core';
export { RxwireError, TransportTimeoutError } from '@rxwire/core';
export { BayeuxClient } from './webSocketClient.js';
export type { BayeuxClientOptions } from './bayeuxClientOptions.js';
export { BayeuxChannel } from './bayeuxChannel.js';
export { BayeuxError, parseBayeuxError } from './bayeuxError.js';
export type { ParsedBayeuxError } from './bayeuxError.js';
export type { Extension, AuthExtension } from './extension.js';
export { ackExtension } from './ackExtension.js';
export { replayExtension } from './replayExtension.js';
export type { ReplayExtension, ReplayExtensionOptions } from './replayExtension.js';
export { channelMatches, isValidChannel, isWildChannel, isMetaChannel, isServiceChannel } from './channelName.js';
export type { Advice, BayeuxMessage, ConnectionType } from './message.js';
