import type { Channel, ChannelSource } from '@rxwire/core';

/**
 * @internal
 * `client.channel(name, options)` with only the options given: `event` and `schema` (the clients
 * take a Standard Schema there; core's `ChannelOptions` may not list it yet, hence the widening).
 * No options object at all without either, as before `schema` existed.
 */
export const openChannel = <T>(client: ChannelSource, name: string, event: string | undefined, schema: unknown): Channel<T> =>
  (event ?? schema) === undefined
    ? client.channel<T>(name)
    : client.channel<T>(name, { ...(event !== undefined && { event }), ...(schema !== undefined && { schema }) });
