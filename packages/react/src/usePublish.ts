import { useCallback } from 'react';
import type { ChannelSource } from '@rxwire/core';
import { useClient } from './useRxWireClient.js';

/** Options of {@link usePublish}. */
export interface UsePublishOptions {
  /** Event name within the channel, for protocols with events (aio-openapi). */
  event?: string | undefined;
  /** Use this client instead of the one from `RxWireProvider`. */
  client?: ChannelSource | undefined;
}

/**
 * A stable function that publishes to a channel; its promise settles with the server's answer
 * (and rejects with the client's error, e.g. a `BayeuxError` with code `PUBLISH_FAILED`).
 * Rendering subscribes to nothing.
 *
 * @example
 * ```tsx
 * const send = usePublish<{ text: string }>('/chat/room1');
 * return <button onClick={() => void send({ text: 'hi' })}>Send</button>;
 * ```
 */
export function usePublish<T = unknown>(channel: string, options: UsePublishOptions = {}): (data: T) => Promise<unknown> {
  const client = useClient(options.client, 'usePublish', 'channel');
  const { event } = options;
  return useCallback(
    (data: T) => client.channel<T>(channel, event === undefined ? undefined : { event }).publish(data),
    [client, channel, event],
  );
}
