import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../testing/virtualClock.js';
import { PendingReplies, type PendingReply } from './pendingReplies.js';

interface Entry extends PendingReply {
  channel: string;
  reject?: (error: unknown) => void;
}

function setup(options: { abandonedLimit?: number; idPrefix?: string } = {}) {
  const clock = new VirtualClock();
  const timedOut: string[] = [];
  const table: PendingReplies<Entry> = new PendingReplies<Entry>({ clock, onTimeout: (entry) => timedOut.push(entry.id), ...options });
  const add = (channel: string, timeoutMs: number, extra: Partial<Entry> = {}): string => {
    const id = table.nextId();
    table.add({ id, channel, timeoutMs, deadline: 0, ...extra });
    return id;
  };
  return { clock, timedOut, table, add };
}

describe('PendingReplies', () => {
  it('hands out unique ids (with a prefix) and hands each entry back once', () => {
    const { table, add } = setup({ idPrefix: 'c' });
    const a = add('/a', 1000);
    const b = add('/b', 1000);
    expect(a).not.toBe(b);
    expect(a.startsWith('c')).toBe(true);
    expect(table.size).toBe(2);
    expect(table.get(a)?.channel).toBe('/a');
    expect(table.take(a)?.channel).toBe('/a');
    expect(table.take(a)).toBeUndefined();
    expect(table.take(undefined)).toBeUndefined();
    expect(table.abandoned(a)).toBe(false);
    expect(table.size).toBe(1);
  });

  it('times entries out with one timer, earliest deadline first, and marks them abandoned', () => {
    const { clock, timedOut, table, add } = setup();
    const slow = add('/slow', 5000);
    const fast = add('/fast', 1000);
    const answered = add('/answered', 500);
    expect(clock.pendingTimers).toBe(1);
    table.take(answered);
    clock.advance(999);
    expect(timedOut).toEqual([]);
    clock.advance(1);
    expect(timedOut).toEqual([fast]);
    expect(table.abandoned(fast)).toBe(true);
    expect(table.abandoned(answered)).toBe(false);
    expect(clock.pendingTimers).toBe(1);
    clock.advance(4000);
    expect(timedOut).toEqual([fast, slow]);
    expect(clock.pendingTimers).toBe(0);
  });

  it('leaves no timer once nothing waits, and none for entries that wait forever', () => {
    const { clock, table, add } = setup();
    const a = add('/a', 1000);
    table.take(a);
    expect(clock.pendingTimers).toBe(0);
    add('/forever', Infinity);
    expect(clock.pendingTimers).toBe(0);
    expect(table.size).toBe(1);
  });

  it('an entry not yet sent ends without leaving its id abandoned', () => {
    const { clock, timedOut, table, add } = setup();
    const queued = add('/queued', 100, { sent: false });
    clock.advance(100);
    expect(timedOut).toEqual([queued]);
    expect(table.abandoned(queued)).toBe(false);
    const other = add('/queued', 100, { sent: false });
    expect(table.abandon(other)?.id).toBe(other);
    expect(table.abandoned(other)).toBe(false);
  });

  it('survives a timeout that ends the other entries, or adds one', () => {
    const clock = new VirtualClock();
    const seen: string[] = [];
    const table: PendingReplies<Entry> = new PendingReplies<Entry>({
      clock,
      onTimeout: (entry) => {
        seen.push(entry.channel);
        // A session that fails closes for good: everything else is abandoned, and a retry starts.
        table.abandonAll();
        if (entry.channel === '/first') table.add({ id: table.nextId(), channel: '/retry', timeoutMs: 50, deadline: 0 });
      },
    });
    table.add({ id: table.nextId(), channel: '/first', timeoutMs: 10, deadline: 0 });
    table.add({ id: table.nextId(), channel: '/second', timeoutMs: 10, deadline: 0 });
    clock.advance(10);
    expect(seen).toEqual(['/first']);
    expect(table.size).toBe(1);
    clock.advance(50);
    expect(seen).toEqual(['/first', '/retry']);
    expect(clock.pendingTimers).toBe(0);
  });

  it('finds by a test, in the order added, and iterates the waiting entries', () => {
    const { table, add } = setup();
    const connect = add('/meta/connect', 1000);
    add('/a', 1000);
    add('/meta/connect', 1000);
    expect(table.find((e) => e.channel === '/meta/connect')?.id).toBe(connect);
    expect(table.find((e) => e.channel === '/none')).toBeUndefined();
    expect([...table.values()].map((e) => e.channel)).toEqual(['/meta/connect', '/a', '/meta/connect']);
  });

  it('abandons the entries a test picks, or all of them and the timer', () => {
    const { clock, timedOut, table, add } = setup();
    const connect = add('/meta/connect', 1000);
    const publish = add('/a', 1000);
    const dropped: string[] = [];
    table.abandonAll({ where: (e) => e.channel === '/meta/connect', each: (e) => dropped.push(e.id) });
    expect(dropped).toEqual([connect]);
    expect(table.abandoned(connect)).toBe(true);
    table.abandonAll({ each: (e) => dropped.push(e.id) });
    expect(dropped).toEqual([connect, publish]);
    expect(table.size).toBe(0);
    expect(clock.pendingTimers).toBe(0);
    clock.advance(2000);
    expect(timedOut).toEqual([]);
  });

  it('rejects all (or those picked) with one error, skipping entries without reject', () => {
    const { table, add } = setup();
    const errors: unknown[] = [];
    const reject = (error: unknown) => errors.push(error);
    add('/a', 1000, { reject });
    add('/meta/connect', 1000);
    add('/b', 1000, { reject });
    const lost = new Error('lost');
    table.rejectAll(lost, { where: (e) => e.channel === '/a' });
    expect(errors).toEqual([lost]);
    expect(table.size).toBe(2);
    const closed = new Error('closed');
    table.rejectAll(closed);
    expect(errors).toEqual([lost, closed]);
    expect(table.size).toBe(0);
  });

  it('remembers only the most recent abandoned ids', () => {
    const { table, add } = setup({ abandonedLimit: 3 });
    const ids = Array.from({ length: 4 }, () => add('/a', 1000));
    for (const id of ids) table.abandon(id);
    expect(table.abandoned(ids[0]!)).toBe(false);
    expect(ids.slice(1).every((id) => table.abandoned(id))).toBe(true);
  });

  it('keeps 1000 abandoned ids by default', () => {
    const { table, add } = setup();
    const ids = Array.from({ length: 1001 }, () => add('/a', 1000));
    for (const id of ids) table.abandon(id);
    expect(table.abandoned(ids[0]!)).toBe(false);
    expect(table.abandoned(ids[1]!)).toBe(true);
    expect(table.abandoned(ids[1000]!)).toBe(true);
  });

  it('re-arms its timer for an earlier deadline added later', () => {
    const { clock, timedOut, add } = setup();
    const late = add('/late', 1000);
    clock.advance(100);
    const early = add('/early', 100);
    expect(clock.pendingTimers).toBe(1);
    clock.advance(100);
    expect(timedOut).toEqual([early]);
    clock.advance(800);
    expect(timedOut).toEqual([early, late]);
  });
});
