export type {
  ConnectionState,
  ChannelMessage,
  ChannelOptions,
  Channel,
  ChannelSource,
  ChannelStatus,
  Continuity,
  CloseInfo,
  OverflowPolicy,
  TabRole,
} from './types.js';
export {
  RxwireError,
  TransportTimeoutError,
  ConnectionLostError,
  ClosedError,
  CancelledError,
  BadFrameError,
  MessageTooLargeError,
  BufferOverflowError,
  rootCauseMessage,
} from './errors.js';
export type { RxwireErrorCode, RxwireErrorOptions } from './errors.js';
export { jsonCodec, base64JsonCodec } from './codec.js';
export type { Codec, Frame, JsonCodecOptions } from './codec.js';
export { PreparedMessage } from './connection.js';
export type { Connection } from './connection.js';
export { webSocketConnection } from './webSocketConnection.js';
export type { WebSocketConnectionOptions, HeartbeatOptions, TlsOptions } from './webSocketConnectionOptions.js';
export { toWebSocketUrl } from './toWebSocketUrl.js';
export { resolveCredentials, hasCredentialFunctions } from './credentials.js';
export type { UrlSource, HeadersSource, Credentials } from './credentials.js';
export { browserNetworkStatus } from './networkStatus.js';
export { browserPageLifecycle } from './pageLifecycle.js';
export type { PageLifecycle, PageEvent } from './pageLifecycle.js';
export type { NetworkStatus } from './networkStatus.js';
export { backoffDelay } from './backoff.js';
export type { ReconnectOptions } from './backoff.js';
export { BoundedQueue } from './boundedQueue.js';
export type { PushOutcome } from './boundedQueue.js';
export { toAsyncIterable } from './toAsyncIterable.js';
export type { ToAsyncIterableOptions, BufferedAsyncIterator } from './toAsyncIterable.js';
export { redact, toLogger } from './logger.js';
export type { Logger, LoggerObject, LoggerOption } from './logger.js';
export { checkOptions, required } from './options/checkOptions.js';
export type { OptionRule, OptionRules } from './options/checkOptions.js';
export { anyOf, arrayOf, hasMethods, isBoolean, isFunction, isNull, isNumber, isString, isUrl, oneOf, shape } from './options/optionRules.js';
export { clockRule, headersRule, heartbeatRule, loggerRule, networkRule, nonNegative, pageLifecycleRule, reconnectRule, tlsRule } from './options/sharedOptionRules.js';
export { webSocketUrlRule } from './webSocketConnectionOptionRules.js';
export { clampDelay, MAX_TIMER_DELAY_MS, systemClock } from './clock.js';
export type { Clock, TimerHandle } from './clock.js';
export type { WebSocketLike, WebSocketConstructor, FetchLike } from './webSocketLike.js';
export { RefCount } from './refCount.js';
export type { RefCountOptions } from './refCount.js';
export { defaultWebSocket, defaultFetch } from './internal/platform.js';
export { Multicast, MulticastValue } from './multicast.js';
export { PendingReplies } from './correlation/pendingReplies.js';
export { IdTable } from './correlation/idTable.js';
export type { PendingReply, PendingRepliesOptions, AbandonAllOptions } from './correlation/pendingReplies.js';
export { SharedChannel } from './channel/sharedChannel.js';
export { validatedChannel, ValidatedChannels } from './channel/validatedChannel.js';
export { channelView } from './channel/channelView.js';
export type { WireEvent, WireDirection, WireEventKind, InspectSnapshot, ChannelSnapshot, CallSnapshot, Inspectable } from './inspect/wireEvent.js';
export { WireTap } from './inspect/wireTap.js';
export type { SnapshotBase } from './inspect/wireTap.js';
export type { WireRecorder } from './inspect/wireRecorder.js';
export type { InvalidMessage, SchemaOutput } from './channel/validatedChannel.js';
export type { ChannelWire, SharedChannelOptions } from './channel/sharedChannel.js';
export { BackoffSchedule } from './retry/backoffSchedule.js';
export type { BackoffScheduleOptions } from './retry/backoffSchedule.js';
export { RetrySchedule } from './retry/retrySchedule.js';
export type { RetryScheduleOptions, RetryOptions } from './retry/retrySchedule.js';
export { Heartbeat } from './connection/heartbeat.js';
export type { HeartbeatTimerOptions } from './connection/heartbeat.js';
export { reportError, defaultLogger } from './logger.js';
export { JobTimer } from './timing/jobTimer.js';
// For clients not built on webSocketConnection (BayeuxClient): the same page watch. Not public API.
export { PageWatch } from './connection/pageWatch.js';
export type { PageWatchHandlers } from './connection/pageWatch.js';
// Internal building blocks for @rxwire/bayeux's WebSocket transport: not part of the public API.
export { SocketLink } from './connection/socketLink.js';
export type { SocketLinkOptions, SocketOpenOptions, SocketCloseOptions, SocketEnd } from './connection/socketLink.js';
export { SendPipe } from './internal/sendPipe.js';
export type { SendPipeOptions } from './internal/sendPipe.js';
// Core's tab machinery for other packages' `share` code (a lazy chunk): not part of the public API.
export { loadTabKit } from './tabs/loadTabKit.js';
export type { TabKit, TabElection, TabElectionOptions, TabBus, TabBusOptions, TabCodec, TabPlatform } from './tabs/loadTabKit.js';
