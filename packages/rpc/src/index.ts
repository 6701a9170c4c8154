export { RpcError, RpcTimeoutError } from './errors.js';
export type { RpcErrorOptions } from './errors.js';
export { RequestManager } from './requestManager.js';
export type { CallOptions, PendingCall, RequestManagerOptions } from './requestManager.js';
export { ConnectionLostError, ClosedError, CancelledError, RxwireError } from '@rxwire/core';
export type { ChannelSource, Channel, ChannelMessage, ConnectionState } from '@rxwire/core';
