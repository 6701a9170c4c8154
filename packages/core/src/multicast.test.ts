import { take } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { Multicast, MulticastValue } from './multicast.js';

function record<T>(source: Multicast<T>) {
  const seen: string[] = [];
  const subscription = source.observable.subscribe({
    next: (v) => seen.push(`next ${String(v)}`),
    error: (e) => seen.push(`error ${String(e)}`),
    complete: () => seen.push('complete'),
  });
  return { seen, subscription };
}

describe('Multicast', () => {
  it('sends each value to every observer subscribed at the time', () => {
    const m = new Multicast<number>();
    const a = record(m);
    m.next(1);
    const b = record(m);
    m.next(2);
    expect(a.seen).toEqual(['next 1', 'next 2']);
    expect(b.seen).toEqual(['next 2']);
  });

  it('stops sending to an observer that left, and knows whether anyone listens', () => {
    const m = new Multicast<number>();
    expect(m.observed).toBe(false);
    const a = record(m);
    expect(m.observed).toBe(true);
    a.subscription.unsubscribe();
    m.next(1);
    expect(a.seen).toEqual([]);
    expect(m.observed).toBe(false);
  });

  it('lets an observer leave during a next without skipping the others', () => {
    const m = new Multicast<number>();
    const seen: number[] = [];
    m.observable.pipe(take(1)).subscribe((v) => seen.push(v));
    m.observable.subscribe((v) => seen.push(v * 10));
    m.next(1);
    m.next(2);
    expect(seen).toEqual([1, 10, 20]);
  });

  it('ends once: later values and ends are ignored, late observers get the end', () => {
    const m = new Multicast<number>();
    const a = record(m);
    m.error('boom');
    m.next(1);
    m.complete();
    expect(a.seen).toEqual(['error boom']);
    expect(record(m).seen).toEqual(['error boom']);
    expect(m.ended).toBe(true);

    const c = new Multicast<number>();
    c.complete();
    expect(record(c).seen).toEqual(['complete']);
  });
});

describe('MulticastValue', () => {
  it('greets each observer with the current value, then sends changes', () => {
    const v = new MulticastValue('idle');
    const a = record(v);
    v.next('open');
    v.set('open');
    v.set('closed');
    expect(a.seen).toEqual(['next idle', 'next open', 'next closed']);
    expect(record(v).seen).toEqual(['next closed']);
    expect(v.value).toBe('closed');
  });

  it('keeps its last value after it completes', () => {
    const v = new MulticastValue(1);
    v.complete();
    v.next(2);
    expect(v.value).toBe(1);
    expect(record(v).seen).toEqual(['complete']);
  });

  it('an observer that takes only the current value leaves at once', () => {
    const v = new MulticastValue(1);
    const seen: number[] = [];
    v.observable.pipe(take(1)).subscribe((n) => seen.push(n));
    expect(v.observed).toBe(false);
    v.next(2);
    expect(seen).toEqual([1]);
  });
});
