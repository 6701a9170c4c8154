import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeWebSocket, type FakeWebSocketFactory } from '../testing/fakeWebSocket.js';
import { runWorkerSocketHost, type WorkerHostScope } from './workerSocketHost.js';
import type { PageToWorker, WorkerBatch } from './workerSocketMessages.js';

// The worker side alone, as a pure engine: a fake scope records what it posts, a fake WebSocket plays
// the server, vitest's fake timers drive the time slices.

interface Posted {
  batch: WorkerBatch;
  transfer: Transferable[];
}

let sockets: FakeWebSocketFactory;
let posted: Posted[];
let scope: WorkerHostScope & { closed: boolean };

function startHost(limits: Partial<{ batchMs: number; maxBatchFrames: number; maxBatchBytes: number }> = {}) {
  sockets = createFakeWebSocket();
  posted = [];
  scope = {
    closed: false,
    onmessage: null,
    postMessage: (message, transfer) => posted.push({ batch: message as WorkerBatch, transfer }),
    setTimeout: (callback, ms) => setTimeout(callback, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    close() {
      this.closed = true;
    },
    WebSocket: sockets.WebSocket as unknown as WorkerHostScope['WebSocket'],
  };
  runWorkerSocketHost(scope);
  fromPage({ type: 'open', url: 'ws://test.invalid/', protocols: undefined, batchMs: 8, maxBatchFrames: 1024, maxBatchBytes: 1_048_576, ...limits });
  return sockets.last;
}

const fromPage = (message: PageToWorker) => scope.onmessage?.({ data: message });
const events = () => posted.map((p) => p.batch.events);

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('runWorkerSocketHost: batching', () => {
  it('sends the first frame after a quiet spell at once, and the rest of the slice in one batch, in order', () => {
    const socket = startHost();
    socket.open();
    expect(events()).toEqual([[{ type: 'open', protocol: '', extensions: '' }]]);
    socket.receive('1');
    expect(events()).toHaveLength(2);
    expect(events()[1]).toEqual(['1']);
    for (const frame of ['2', '3', '4']) socket.receive(frame);
    expect(events()).toHaveLength(2);
    vi.advanceTimersByTime(8);
    expect(events()[2]).toEqual(['2', '3', '4']);
    // A slice without frames ends the slicing: the next frame goes out at once again.
    vi.advanceTimersByTime(8);
    expect(events()).toHaveLength(3);
    expect(vi.getTimerCount()).toBe(0);
    socket.receive('5');
    expect(events()[3]).toEqual(['5']);
  });

  it('sends a batch early once it holds maxBatchFrames frames or maxBatchBytes bytes', () => {
    const socket = startHost({ maxBatchFrames: 3, maxBatchBytes: 10 });
    socket.open();
    socket.receive('first');
    for (const frame of ['a', 'b', 'c']) socket.receive(frame);
    expect(events().at(-1)).toEqual(['a', 'b', 'c']);
    socket.receive('0123456789');
    expect(events().at(-1)).toEqual(['0123456789']);
    socket.receive('d');
    vi.advanceTimersByTime(8);
    expect(events().at(-1)).toEqual(['d']);
    expect(events().flat().filter((e) => typeof e === 'string')).toEqual(['first', 'a', 'b', 'c', '0123456789', 'd']);
  });

  it('moves binary frames to the page (transfer list) and keeps them in place among text frames', () => {
    const socket = startHost();
    socket.open();
    socket.receive('head');
    const buffer = new Uint8Array([1, 2, 3]).buffer;
    socket.receive('text');
    socket.receive(buffer);
    vi.advanceTimersByTime(8);
    const last = posted.at(-1);
    expect(last?.batch.events).toEqual(['text', buffer]);
    expect(last?.transfer).toEqual([buffer]);
    expect(socket.binaryType).toBe('arraybuffer');
  });

  it('sends open, error and close at once, behind the frames that came before them, and then ends the worker', () => {
    const socket = startHost();
    socket.open();
    socket.receive('1');
    socket.receive('2');
    socket.receive('3');
    socket.fail();
    expect(events()).toEqual([
      [{ type: 'open', protocol: '', extensions: '' }],
      ['1'],
      ['2', '3', { type: 'error', message: 'The WebSocket failed.' }],
      [{ type: 'close', code: 1006, reason: '', wasClean: false }],
    ]);
    // The worker closed itself, its slice timer with it.
    expect(scope.closed).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('runWorkerSocketHost: what the page asks', () => {
  it('sends the pages frames on the socket and reports how much it took and what the socket buffers', () => {
    const socket = startHost();
    socket.open();
    fromPage({ type: 'send', data: 'hello' });
    fromPage({ type: 'send', data: new Uint8Array([1, 2]).buffer });
    expect(socket.sent).toEqual(['hello', new Uint8Array([1, 2]).buffer]);
    expect(posted.at(-1)?.batch).toMatchObject({ events: [], sent: 5 });
    socket.bufferedAmount = 100;
    vi.advanceTimersByTime(8);
    expect(posted.at(-1)?.batch).toMatchObject({ events: [], sent: 7, buffered: 100 });
    // The socket's buffer drains: the page hears it, then the slicing stops.
    socket.bufferedAmount = 0;
    vi.advanceTimersByTime(8);
    expect(posted.at(-1)?.batch).toMatchObject({ sent: 7, buffered: 0 });
    vi.advanceTimersByTime(8);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('passes the close code and reason on, and forwards the close the server answers with', () => {
    const socket = startHost();
    socket.open();
    fromPage({ type: 'close', code: 4001, reason: 'bye' });
    expect(socket.closedBy).toEqual({ code: 4001, reason: 'bye' });
    socket.serverClose(4001, 'bye', true);
    expect(events().at(-1)).toEqual([{ type: 'close', code: 4001, reason: 'bye', wasClean: true }]);
    expect(scope.closed).toBe(true);
  });

  it('reports a socket that cannot be made as an error and a close, and ends', () => {
    sockets = createFakeWebSocket();
    posted = [];
    scope = {
      closed: false,
      onmessage: null,
      postMessage: (message, transfer) => posted.push({ batch: message as WorkerBatch, transfer }),
      setTimeout: (callback, ms) => setTimeout(callback, ms),
      clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
      close() {
        this.closed = true;
      },
      WebSocket: class {
        constructor() {
          throw new SyntaxError('bad url');
        }
      } as unknown as WorkerHostScope['WebSocket'],
    };
    runWorkerSocketHost(scope);
    fromPage({ type: 'open', url: 'nope', protocols: undefined, batchMs: 8, maxBatchFrames: 10, maxBatchBytes: 10 });
    expect(events().flat()).toEqual([
      { type: 'error', message: 'bad url' },
      { type: 'close', code: 1006, reason: '', wasClean: false },
    ]);
    expect(scope.closed).toBe(true);
  });
});
