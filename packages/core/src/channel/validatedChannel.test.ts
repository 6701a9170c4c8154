import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { StandardSchemaV1 } from '@standard-schema/spec';
import { Multicast } from '../multicast.js';
import type { RxwireError } from '../errors.js';
import type { Channel, ChannelMessage } from '../types.js';
import { validatedChannel, ValidatedChannels } from './validatedChannel.js';

/** A bare channel whose messages the test pushes. */
function source(): { channel: Channel<unknown>; push(data: unknown): void } {
  const messages = new Multicast<ChannelMessage>();
  const channel: Channel<unknown> = {
    name: '/quotes',
    messages$: messages.observable,
    subscribed$: messages.observable as never,
    publish: () => Promise.resolve(),
  };
  return { channel, push: (data) => messages.next({ channel: '/quotes', data }) };
}

const Quote = z.object({ symbol: z.string(), price: z.coerce.number() });

describe('validatedChannel', () => {
  it('delivers what the schema accepts, as its output, and reports the rest as INVALID_MESSAGE; the stream goes on', () => {
    const { channel, push } = source();
    const errors: RxwireError[] = [];
    const received: unknown[] = [];
    validatedChannel(channel, Quote, (e) => errors.push(e)).messages$.subscribe((m) => received.push(m.data));
    push({ symbol: 'ACME', price: '12.5' });
    push({ symbol: 42 });
    push({ symbol: 'XYZ', price: 3 });
    expect(received).toEqual([{ symbol: 'ACME', price: 12.5 }, { symbol: 'XYZ', price: 3 }]);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.code).toBe('INVALID_MESSAGE');
    expect(errors[0]?.payload).toMatchObject({ channel: '/quotes', message: { data: { symbol: 42 } } });
    expect((errors[0]?.payload as { issues: unknown[] }).issues.length).toBeGreaterThan(0);
  });

  it('reports a validator that throws, with its error as cause, and carries on', () => {
    const { channel, push } = source();
    const broken: StandardSchemaV1<unknown, unknown> = {
      '~standard': {
        version: 1,
        vendor: 'test',
        validate: (value) => {
          if (value === 'boom') throw new Error('validator broke');
          return { value };
        },
      },
    };
    const errors: RxwireError[] = [];
    const received: unknown[] = [];
    validatedChannel(channel, broken, (e) => errors.push(e)).messages$.subscribe((m) => received.push(m.data));
    push('boom');
    push('fine');
    expect(received).toEqual(['fine']);
    expect(errors.map((e) => [e.code, (e.cause as Error).message])).toEqual([['INVALID_MESSAGE', 'validator broke']]);
  });

  it('keeps arrival order with an async validator', async () => {
    const { channel, push } = source();
    const slowFirst = z.string().refine(async (value) => {
      await new Promise((resolve) => setTimeout(resolve, value === 'a' ? 20 : 0));
      return value !== 'bad';
    });
    const received: unknown[] = [];
    const errors: RxwireError[] = [];
    validatedChannel(channel, slowFirst, (e) => errors.push(e)).messages$.subscribe((m) => received.push(m.data));
    push('a');
    push('bad');
    push('c');
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(received).toEqual(['a', 'c']);
    expect(errors).toHaveLength(1);
  });

  it('is memoised per (channel, schema) by ValidatedChannels', () => {
    const { channel } = source();
    const views = new ValidatedChannels(() => undefined);
    expect(views.get(channel, Quote)).toBe(views.get(channel, Quote));
    expect(views.get(channel, Quote)).not.toBe(views.get(channel, z.string()));
  });
});

