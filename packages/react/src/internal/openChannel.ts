import type { Channel, ChannelOptions, ChannelSource } from '@rxwire/core';

/**
 * @internal
 * `client.channel(name, options)` with only the options given: `event` and `schema` (a Standard
 * Schema). No options object at all without either, as before `schema` existed.
 */
export const openChannel = <T>(client: ChannelSource, name: string, event: string | undefined, schema: unknown): Channel<T> =>
  (event ?? schema) === undefined
    ? client.channel<T>(name)
    : client.channel<T>(name, {
        ...(event !== undefined && { event }),
        ...(schema !== undefined && { schema: schema as NonNullable<ChannelOptions['schema']> }),
      });
