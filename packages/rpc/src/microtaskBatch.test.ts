import { describe, expect, it } from 'vitest';
import { MicrotaskBatch } from './microtaskBatch.js';

function setup() {
  const frames: unknown[] = [];
  const batch = new MicrotaskBatch({
    send: (message) => {
      frames.push(message);
      return true;
    },
    encodeBatch: (messages) => ({ batch: [...messages] }),
  });
  return { batch, frames };
}

/** Lets the queued microtasks run (the batch goes out in one). */
const microtasks = () => Promise.resolve();

describe('MicrotaskBatch', () => {
  it('sends nothing before the microtask ends, then a lone message as itself', async () => {
    const { batch, frames } = setup();
    expect(batch.add('a')).toBe(true);
    expect(frames).toEqual([]);
    await microtasks();
    expect(frames).toEqual(['a']);
  });

  it('sends what one microtask added as one batch, in order, and starts afresh after it', async () => {
    const { batch, frames } = setup();
    batch.add('a');
    batch.add('b');
    batch.add('c');
    await microtasks();
    batch.add('d');
    await microtasks();
    expect(frames).toEqual([{ batch: ['a', 'b', 'c'] }, 'd']);
  });

  it('drops what waits when discarded, and a later message goes out alone', async () => {
    const { batch, frames } = setup();
    batch.add('lost');
    batch.discard();
    batch.add('kept');
    await microtasks();
    await microtasks();
    expect(frames).toEqual(['kept']);
  });
});
