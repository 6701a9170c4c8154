import { describe, expect, it } from 'vitest';
import type { BayeuxMessage } from '../message.js';
import { Outbox, type Publish } from './outbox.js';

function publish(channel: string, settled: string[]): Publish {
  return {
    message: { channel, data: channel },
    resolve: () => settled.push(`ok ${channel}`),
    reject: (error) => settled.push(`${(error as { code: string }).code} ${channel}`),
  };
}

describe('Outbox', () => {
  it('holds publishes up to its limit, then refuses with BUFFER_OVERFLOW', () => {
    const settled: string[] = [];
    const outbox = new Outbox(1);
    outbox.hold(publish('/a', settled));
    outbox.hold(publish('/b', settled));
    expect(settled).toEqual(['BUFFER_OVERFLOW /b']);
    expect(outbox.takeAll().map((p) => p.message.channel)).toEqual(['/a']);
    expect(outbox.takeAll()).toEqual([]);
  });

  it('settles a publish by its reply, and holds it again when the server forgot the session', () => {
    const settled: string[] = [];
    const outbox = new Outbox(10);
    const reply = (fields: Partial<BayeuxMessage>): BayeuxMessage => ({ channel: '/a', ...fields });
    expect(outbox.answer(publish('/a', settled), reply({ successful: true }))).toBeUndefined();
    expect(outbox.answer(publish('/b', settled), reply({ successful: false, error: '403::nope' }))).toBeUndefined();
    expect(outbox.answer(publish('/c', settled), reply({ successful: false, error: '402::Unknown client' }))).toBe('rehandshake');
    expect(settled).toEqual(['ok /a', 'PUBLISH_FAILED /b']);
    outbox.rejectAll(Object.assign(new Error('gone'), { code: 'CLOSED' }));
    expect(settled).toEqual(['ok /a', 'PUBLISH_FAILED /b', 'CLOSED /c']);
  });
});
