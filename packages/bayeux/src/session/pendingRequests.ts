import type { PendingReplies, PendingReply } from '@rxwire/core';
import { CONNECT, HANDSHAKE, type BayeuxMessage, type ConnectionType } from '../message.js';
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

/**
 * The handshake in flight, else the connect, taken out of the table (its late reply is ignored):
 * what the session starts afresh when the device is back online. @internal
 */
export function takeStuck(requests: PendingRequests): PendingRequest | undefined {
  const stuck = requests.find((r) => r.message.channel === HANDSHAKE) ?? requests.find((r) => r.message.channel === CONNECT);
  if (stuck) requests.abandon(stuck.message.id);
  return stuck;
}
