// The Ctrl-C rule of the CLI and the demo: copies of one keypress (npm forwards the SIGINT
// its child already got) stop once; only a later signal forces the exit.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { stopOnSignals } from './stopOnSignals.js';

function setup() {
  const target = new EventEmitter();
  let now = 0;
  const calls: string[] = [];
  const remove = stopOnSignals({
    stop: (signal) => calls.push(`stop ${signal}`),
    force: (signal) => calls.push(`force ${signal}`),
    now: () => now,
    target: target as unknown as Pick<NodeJS.Process, 'on' | 'off'>,
  });
  return { target, calls, remove, advance: (ms: number) => (now += ms) };
}

describe('stopOnSignals', () => {
  it('treats signals within a second of the first as the same keypress', () => {
    const { target, calls, advance } = setup();
    target.emit('SIGINT', 'SIGINT');
    advance(5);
    target.emit('SIGINT', 'SIGINT');
    advance(995);
    target.emit('SIGINT', 'SIGINT');
    expect(calls).toEqual(['stop SIGINT']);
  });

  it('forces the exit on a second keypress, later than a second after the first', () => {
    const { target, calls, advance } = setup();
    target.emit('SIGINT', 'SIGINT');
    advance(1001);
    target.emit('SIGINT', 'SIGINT');
    expect(calls).toEqual(['stop SIGINT', 'force SIGINT']);
  });

  it('keeps its handlers for the whole shutdown, and removes them on request', () => {
    const { target, remove } = setup();
    target.emit('SIGTERM', 'SIGTERM');
    expect(target.listenerCount('SIGINT')).toBe(1);
    expect(target.listenerCount('SIGTERM')).toBe(1);
    remove();
    expect(target.listenerCount('SIGINT')).toBe(0);
  });
});
