import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { webSocketConnection } from '../webSocketConnection.js';
import type { RxwireError } from '../errors.js';
import type { CloseInfo, ConnectionState } from '../types.js';
import { memoryWorkers } from './memoryWorker.js';
import { WorkerWebSocket, workerWebSocket, type WorkerSocketEventObject } from './workerWebSocket.js';

// The page side over the real host, with the worker's thread replaced by a same-thread double
// (memoryWorker.ts): messages still cross asynchronously, as copies, buffers moved.

let kit: ReturnType<typeof memoryWorkers>;

beforeEach(() => {
  vi.useFakeTimers();
  kit = memoryWorkers();
});

afterEach(() => {
  vi.useRealTimers();
});

/** A socket that records every event it fires, through the handler properties and a listener alike. */
function recordedSocket() {
  const socket = new WorkerWebSocket('ws://test.invalid/feed', undefined, { createWorker: kit.createWorker });
  const seen: WorkerSocketEventObject[] = [];
  const heard: string[] = [];
  socket.onopen = socket.onmessage = socket.onclose = socket.onerror = (event: WorkerSocketEventObject) => seen.push(event);
  socket.addEventListener('message', (event) => heard.push(String((event as { data?: unknown }).data)));
  return { socket, seen, heard };
}

/** Lets the messages between page and worker cross (a slice at most). */
const settle = () => vi.advanceTimersByTime(20);

describe('WorkerWebSocket', () => {
  it('opens, then fires one message event per frame, in order, exactly once, several per page task', () => {
    const { socket, seen, heard } = recordedSocket();
    expect(socket.readyState).toBe(WorkerWebSocket.CONNECTING);
    settle();
    kit.sockets.last.open();
    settle();
    expect(socket.readyState).toBe(WorkerWebSocket.OPEN);
    const frames = Array.from({ length: 100 }, (_, i) => `{"seq":${i + 1}}`);
    for (const frame of frames) kit.sockets.last.receive(frame);
    settle();
    expect(seen.filter((e) => e.type === 'message').map((e) => (e as { data: unknown }).data)).toEqual(frames);
    expect(heard).toEqual(frames);
    expect(seen[0]?.type).toBe('open');
    // Far fewer posts to the page than frames: the point of it all.
    const batches = kit.workers[0]?.posted.length ?? 0;
    expect(batches).toBeLessThanOrEqual(3);
  });

  it('throws InvalidStateError on a send before open, sends once open, and discards sends after close', () => {
    const { socket } = recordedSocket();
    expect(() => socket.send('early')).toThrow(expect.objectContaining({ name: 'InvalidStateError' }));
    settle();
    kit.sockets.last.open();
    settle();
    socket.send('hello');
    socket.send(new Uint8Array([7, 8]));
    expect(socket.bufferedAmount).toBe(7);
    settle();
    expect(kit.sockets.last.sent).toEqual(['hello', new Uint8Array([7, 8])]);
    expect(socket.bufferedAmount).toBe(0);
    socket.close();
    socket.send('late');
    settle();
    expect(kit.sockets.last.sent).toHaveLength(2);
  });

  it('passes close codes both ways, and the worker is gone once the socket is closed', () => {
    const { socket, seen } = recordedSocket();
    settle();
    kit.sockets.last.open();
    settle();
    socket.close(4000, 'done');
    expect(socket.readyState).toBe(WorkerWebSocket.CLOSING);
    settle();
    expect(kit.sockets.last.closedBy).toEqual({ code: 4000, reason: 'done' });
    kit.sockets.last.serverClose(4000, 'done', true);
    settle();
    expect(socket.readyState).toBe(WorkerWebSocket.CLOSED);
    expect(seen.at(-1)).toMatchObject({ type: 'close', code: 4000, reason: 'done', wasClean: true });
    expect(kit.workers[0]?.ended).toBe(true);
  });

  it('surfaces the code of a server that closes, and errors before it', () => {
    const { socket, seen } = recordedSocket();
    settle();
    kit.sockets.last.open();
    kit.sockets.last.receive('last words');
    kit.sockets.last.serverClose(4403, 'forbidden', true);
    settle();
    expect(seen.map((e) => e.type)).toEqual(['open', 'message', 'close']);
    expect(seen.at(-1)).toMatchObject({ code: 4403, reason: 'forbidden' });
    expect(socket.readyState).toBe(WorkerWebSocket.CLOSED);
    expect(kit.workers[0]?.ended).toBe(true);
  });

  it('rejects close codes and reasons a browser WebSocket rejects, in the caller', () => {
    const { socket } = recordedSocket();
    expect(() => socket.close(1001)).toThrow(expect.objectContaining({ name: 'InvalidAccessError' }));
    expect(() => socket.close(1000, 'x'.repeat(124))).toThrow(expect.objectContaining({ name: 'SyntaxError' }));
    expect(socket.readyState).toBe(WorkerWebSocket.CONNECTING);
  });

  it('delivers binary frames as ArrayBuffers or Blobs, as binaryType says', async () => {
    const { socket, seen } = recordedSocket();
    settle();
    kit.sockets.last.open();
    settle();
    socket.binaryType = 'arraybuffer';
    kit.sockets.last.receive(new Uint8Array([1, 2, 3]).buffer);
    settle();
    socket.binaryType = 'blob';
    kit.sockets.last.receive(new Uint8Array([4, 5]).buffer);
    settle();
    const [buffer, blob] = seen.filter((e) => e.type === 'message').map((e) => (e as { data: unknown }).data);
    expect(new Uint8Array(buffer as ArrayBuffer)).toEqual(new Uint8Array([1, 2, 3]));
    expect(new Uint8Array(await (blob as Blob).arrayBuffer())).toEqual(new Uint8Array([4, 5]));
  });

  it('fails like a socket that could not connect when its worker cannot start (a CSP without worker-src blob:)', () => {
    let terminated = false;
    const worker = {
      onmessage: null,
      onerror: null as ((event: unknown) => void) | null,
      postMessage: () => undefined,
      terminate: () => (terminated = true),
    };
    const socket = new WorkerWebSocket('ws://test.invalid/', undefined, { createWorker: () => worker });
    const seen: WorkerSocketEventObject[] = [];
    socket.onerror = socket.onclose = (event: WorkerSocketEventObject) => seen.push(event);
    worker.onerror?.({ message: 'Refused to create a worker' });
    expect(seen).toMatchObject([
      { type: 'error', message: 'The WebSocket worker failed: Refused to create a worker.' },
      { type: 'close', code: 1006, wasClean: false },
    ]);
    expect(socket.readyState).toBe(WorkerWebSocket.CLOSED);
    expect(terminated).toBe(true);
  });

  it('terminates its worker at once on terminate()', () => {
    const { socket } = recordedSocket();
    socket.terminate();
    expect(socket.readyState).toBe(WorkerWebSocket.CLOSED);
    expect(kit.workers[0]?.ended).toBe(true);
  });

  it('cannot be made where there is no Worker (Node): UNSUPPORTED_PLATFORM', () => {
    const WebSocket = workerWebSocket();
    expect(() => new WebSocket('ws://test.invalid/')).toThrow(expect.objectContaining({ code: 'UNSUPPORTED_PLATFORM' }));
  });
});

describe('webSocketConnection over workerWebSocket', () => {
  it('receives every message in order exactly once, sends, and closes cleanly, leaving no worker', async () => {
    const connection = webSocketConnection<unknown>({ url: 'ws://test.invalid/feed', WebSocket: workerWebSocket({ createWorker: kit.createWorker }) });
    const messages: unknown[] = [];
    const states: ConnectionState[] = [];
    const closes: CloseInfo[] = [];
    const errors: RxwireError[] = [];
    connection.messages$.subscribe((m) => messages.push(m));
    connection.state$.subscribe((s) => states.push(s));
    connection.closes$.subscribe((c) => closes.push(c));
    connection.errors$.subscribe((e) => errors.push(e));
    await vi.advanceTimersByTimeAsync(20);
    kit.sockets.last.open();
    await vi.advanceTimersByTimeAsync(20);
    expect(connection.state).toBe('connected');
    for (let seq = 1; seq <= 500; seq++) kit.sockets.last.receive(JSON.stringify({ seq }));
    connection.send({ hello: true });
    await vi.advanceTimersByTimeAsync(20);
    expect(messages).toEqual(Array.from({ length: 500 }, (_, i) => ({ seq: i + 1 })));
    expect(kit.sockets.last.sent).toEqual(['{"hello":true}']);
    connection.close();
    await vi.advanceTimersByTimeAsync(20);
    kit.sockets.last.serverClose(1000, '', true);
    await vi.advanceTimersByTimeAsync(20);
    expect(states.at(-1)).toBe('closed');
    expect(errors).toEqual([]);
    expect(kit.workers).toHaveLength(1);
    expect(kit.workers[0]?.ended).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });
});
