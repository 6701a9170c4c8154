import { RetrySchedule, type RxwireError } from '@rxwire/core';
import type { SessionOptions } from './sessionPorts.js';

/**
 * The session's retry schedule (core's one: backoff, offline hold, the `connectionTimeoutMs`
 * deadline), set up from the session's options: how Bayeux's options map onto core's.
 * @internal
 */
export function sessionRetrySchedule(
  options: SessionOptions,
  hooks: { describeGiveUp: (error: RxwireError) => RxwireError; onGiveUp: (error: RxwireError) => void },
): RetrySchedule {
  return new RetrySchedule({
    // true, undefined and an object of options all mean reconnecting (with defaults for what is missing).
    reconnect: options.reconnect ?? true,
    connectionTimeoutMs: options.connectionTimeoutMs ?? undefined,
    deadlineAfterLoss: options.connectionTimeoutExplicit,
    subject: 'Bayeux session',
    clock: options.clock,
    random: options.random,
    ...hooks,
  });
}
