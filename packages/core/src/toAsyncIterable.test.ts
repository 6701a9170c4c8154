import { EMPTY, NEVER, Subject, from, throwError } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { toAsyncIterable } from './toAsyncIterable.js';

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const value of iterable) out.push(value);
  return out;
}

describe('toAsyncIterable', () => {
  it('empty: ends at once', async () => {
    expect(await collect(toAsyncIterable(EMPTY))).toEqual([]);
  });

  it('one and many: yields every value in order', async () => {
    expect(await collect(toAsyncIterable(from([1])))).toEqual([1]);
    expect(await collect(toAsyncIterable(from([1, 2, 3, 4])))).toEqual([1, 2, 3, 4]);
  });

  it('error: yields what was buffered, then throws', async () => {
    const subject = new Subject<number>();
    const it = toAsyncIterable(subject);
    const first = it.next();
    subject.next(1);
    subject.next(2);
    subject.error(new Error('boom'));
    expect(await first).toEqual({ value: 1, done: false });
    expect(await it.next()).toEqual({ value: 2, done: false });
    await expect(it.next()).rejects.toThrow('boom');
    await expect(collect(toAsyncIterable(throwError(() => new Error('at once'))))).rejects.toThrow('at once');
  });

  it('never: a pull waits until return() ends it', async () => {
    const it = toAsyncIterable(NEVER);
    const pending = it.next();
    expect(await Promise.race([pending, Promise.resolve('waiting')])).toBe('waiting');
    await it.return?.();
    expect(await pending).toEqual({ value: undefined, done: true });
  });

  it('return() unsubscribes from the source', async () => {
    const source = new Subject<number>();
    const it = toAsyncIterable(source);
    const pending = it.next();
    expect(source.observed).toBe(true);
    await it.return?.();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(source.observed).toBe(false);
  });

  it('early exit from for-await unsubscribes', async () => {
    const source = new Subject<number>();
    const it = toAsyncIterable(source);
    const seen: number[] = [];
    const loop = (async () => {
      for await (const value of it) {
        seen.push(value);
        if (value === 2) break;
      }
    })();
    await Promise.resolve();
    source.next(1);
    source.next(2);
    source.next(3);
    await loop;
    expect(seen).toEqual([1, 2]);
    expect(source.observed).toBe(false);
  });

  it('subscribes lazily, on the first pull', () => {
    const source = new Subject<number>();
    const it = toAsyncIterable(source);
    expect(source.observed).toBe(false);
    void it.next();
    expect(source.observed).toBe(true);
  });

  it('drop-oldest keeps the newest values and counts drops; pendingCount follows the buffer', async () => {
    const source = new Subject<number>();
    const it = toAsyncIterable(source, { limit: 2, overflow: 'drop-oldest' });
    const counts: number[] = [];
    it.pendingCount$.subscribe((n) => counts.push(n));
    expect((await Promise.race([it.next(), Promise.resolve('waiting')]))).toBe('waiting');
    source.next(0); // handed to the waiting pull
    for (const n of [1, 2, 3, 4]) source.next(n);
    expect(it.pendingCount).toBe(2);
    expect(it.dropped).toBe(2);
    source.complete();
    expect(await collect(it)).toEqual([3, 4]);
    expect(counts).toEqual([0, 1, 2, 1, 0]);
  });

  it('drop-newest keeps the oldest values', async () => {
    const source = new Subject<number>();
    const it = toAsyncIterable(source, { limit: 2, overflow: 'drop-newest' });
    void it.next().then(() => undefined);
    source.next(0);
    for (const n of [1, 2, 3]) source.next(n);
    source.complete();
    expect(await collect(it)).toEqual([1, 2]);
    expect(it.dropped).toBe(1);
  });

  it('error policy: the iterator fails with BUFFER_OVERFLOW after the buffered values', async () => {
    const source = new Subject<number>();
    const it = toAsyncIterable(source, { limit: 2, overflow: 'error' });
    void it.next();
    source.next(0);
    for (const n of [1, 2, 3]) source.next(n);
    expect(source.observed).toBe(false);
    expect(await it.next()).toEqual({ value: 1, done: false });
    expect(await it.next()).toEqual({ value: 2, done: false });
    await expect(it.next()).rejects.toMatchObject({ code: 'BUFFER_OVERFLOW' });
  });

  it('pause policy: loses nothing, pauses at the limit and resumes at half', async () => {
    const source = new Subject<number>();
    const pause = vi.fn();
    const resume = vi.fn();
    const it = toAsyncIterable(source, { limit: 4, pause, resume });
    void it.next();
    source.next(0);
    for (let n = 1; n <= 6; n++) source.next(n); // the source may overshoot while pausing
    expect(pause).toHaveBeenCalledTimes(1);
    expect(it.dropped).toBe(0);
    expect(await it.next()).toEqual({ value: 1, done: false });
    expect(await it.next()).toEqual({ value: 2, done: false });
    expect(await it.next()).toEqual({ value: 3, done: false });
    expect(resume).not.toHaveBeenCalled();
    expect(await it.next()).toEqual({ value: 4, done: false }); // 2 left = limit / 2
    expect(resume).toHaveBeenCalledTimes(1);
    source.complete();
    expect(await collect(it)).toEqual([5, 6]);
  });

  it('resumes a paused source when the consumer stops early', async () => {
    const source = new Subject<number>();
    const resume = vi.fn();
    const it = toAsyncIterable(source, { limit: 1, pause: () => undefined, resume });
    void it.next();
    source.next(0);
    source.next(1);
    await it.return?.();
    expect(resume).toHaveBeenCalledTimes(1);
  });
});
