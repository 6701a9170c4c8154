// @rxwire/bayeux: a Bayeux/CometD client over WebSocket and long-polling.
export type { ChannelSource, Channel, ChannelMessage } from '@rxwire/core';
export { BayeuxError, parseBayeuxError } from './bayeuxError.js';
export type { ParsedBayeuxError } from './bayeuxError.js';
export { channelMatches, isValidChannel, isWildChannel, isMetaChannel, isServiceChannel } from './channelName.js';
export type { Advice, BayeuxMessage, ConnectionType } from './message.js';
