import { describe, expect, it } from 'vitest';
import { BoundedQueue } from './boundedQueue.js';

function filled(policy: 'drop-oldest' | 'drop-newest' | 'error' | 'pause') {
  const q = new BoundedQueue<number>(3, policy);
  for (const n of [1, 2, 3]) expect(q.push(n)).toBe('queued');
  return q;
}

describe('BoundedQueue', () => {
  it('is FIFO below its limit', () => {
    const q = new BoundedQueue<number>(10, 'error');
    expect(q.shift()).toBeUndefined();
    q.push(1);
    q.push(2);
    expect(q.size).toBe(2);
    expect(q.shift()).toBe(1);
    expect(q.shift()).toBe(2);
    expect(q.shift()).toBeUndefined();
  });

  it('drop-oldest keeps the newest items and counts the drop', () => {
    const q = filled('drop-oldest');
    expect(q.push(4)).toBe('dropped-oldest');
    expect(q.dropped).toBe(1);
    expect(q.clear()).toEqual([2, 3, 4]);
  });

  it('drop-newest keeps the oldest items and counts the drop', () => {
    const q = filled('drop-newest');
    expect(q.push(4)).toBe('dropped-newest');
    expect(q.dropped).toBe(1);
    expect(q.clear()).toEqual([1, 2, 3]);
  });

  it('error refuses the newest item and describes the fix', () => {
    const q = filled('error');
    expect(q.push(4)).toBe('overflow');
    expect(q.dropped).toBe(1);
    const error = q.overflowError('The send buffer');
    expect(error.code).toBe('BUFFER_OVERFLOW');
    expect(error.message).toMatch(/Raise the limit/);
    expect(q.clear()).toEqual([1, 2, 3]);
  });

  it('pause keeps everything and tells the caller to pause', () => {
    const q = filled('pause');
    expect(q.push(4)).toBe('paused');
    expect(q.dropped).toBe(0);
    expect(q.clear()).toEqual([1, 2, 3, 4]);
  });

  it('stays correct across compaction of a long-running queue', () => {
    const q = new BoundedQueue<number>(5000, 'error');
    let next = 0;
    let expected = 0;
    for (let round = 0; round < 10; round++) {
      for (let i = 0; i < 3000; i++) q.push(next++);
      for (let i = 0; i < 3000; i++) expect(q.shift()).toBe(expected++);
    }
    expect(q.size).toBe(0);
  });

  it('rejects a non-positive limit', () => {
    expect(() => new BoundedQueue(0, 'error')).toThrow(RangeError);
  });
});
