import type { PendingReplies, PendingReply } from '@rxwire/core';
import type { BayeuxMessage, ConnectionType } from '../message.js';
import type { Publish } from './outbox.js';

/** A request of the session's waiting for its reply, in core's correlation table. @internal */
export interface PendingRequest extends PendingReply {
  readonly message: BayeuxMessage;
  /** The connection type it went out on (a timed-out handshake or connect resets that transport). */
  readonly via: ConnectionType;
  /** A publish's caller, settled by the reply; meta requests are answered through the session instead. */
  readonly publish: Publish | undefined;
}

/**
 * The session's requests by id: core's one correlation table (unique ids, one timer for every reply
 * timeout, late replies to abandoned ids recognised), holding the session's records. @internal
 */
export type PendingRequests = PendingReplies<PendingRequest>;
