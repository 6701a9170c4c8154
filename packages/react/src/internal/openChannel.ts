import type { Channel, ChannelOptions, ChannelSource } from '@rxwire/core';

/**
 * @internal
 * `client.channel(name, options)` with only the options given: `event` and `schema` (the clients
 * take a Standard Schema there; core's `ChannelOptions` may not list it yet, hence the widening).
 */
export function openChannel<T>(client: ChannelSource, name: string, event: string | undefined, schema: unknown): Channel<T> {
  if (event === undefined && schema === undefined) return client.channel<T>(name);
  const options: ChannelOptions & { schema?: unknown } = {};
  if (event !== undefined) options.event = event;
  if (schema !== undefined) options.schema = schema;
  return client.channel<T>(name, options);
}
