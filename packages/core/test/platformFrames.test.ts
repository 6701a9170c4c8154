import { afterEach, describe, expect, it } from 'vitest';
import { startWsServer, type TestServer } from '@rxwire/test-support/wsServer';
import { createWebSocket, holdWritesThisTick, onFrames } from '../src/internal/platform.js';
import { FakeSocket } from '../src/testing/fakeWebSocket.js';

let server: TestServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('onFrames (Node)', () => {
  it("reads a ws socket through its own 'message' event: text as strings, binary as ArrayBuffers, no onmessage", async () => {
    server = await startWsServer();
    server.onConnection((peer) => {
      peer.send('{"text":1}');
      peer.send(Buffer.from([1, 2, 3]), { binary: true });
    });
    const socket = createWebSocket(server.url, {});
    socket.binaryType = 'arraybuffer';
    const frames: (string | ArrayBuffer)[] = [];
    const both = new Promise<void>((resolve) => {
      onFrames(socket, (frame) => {
        frames.push(frame);
        if (frames.length === 2) resolve();
      });
    });
    await both;
    socket.close();
    expect(frames[0]).toBe('{"text":1}');
    expect(frames[1]).toBeInstanceOf(ArrayBuffer);
    expect([...new Uint8Array(frames[1] as ArrayBuffer)]).toEqual([1, 2, 3]);
    // The DOM-style handler (one MessageEvent per frame) is left unused.
    expect(socket.onmessage).toBeNull();
  });
});

describe('holdWritesThisTick (Node)', () => {
  it('holds the writes of a ws socket until the end of the tick, then sends its frames in order', async () => {
    server = await startWsServer();
    const received: string[] = [];
    const all = new Promise<void>((resolve) => {
      server?.onConnection((peer) => {
        peer.on('message', (data: Buffer) => {
          received.push(data.toString());
          if (received.length === 3) resolve();
        });
      });
    });
    const socket = createWebSocket(server.url, {});
    await new Promise<void>((resolve) => (socket.onopen = () => resolve()));
    const tcp = (socket as unknown as { _socket: { writableCorked: number } })._socket;
    let released = 0;
    expect(holdWritesThisTick(socket, () => released++)).toBe(true);
    for (const frame of ['a', 'b', 'c']) socket.send(frame);
    // Held back: nothing left in this tick, all three go out together once it ends.
    expect(tcp.writableCorked).toBe(1);
    await new Promise<void>((resolve) => process.nextTick(resolve));
    expect(tcp.writableCorked).toBe(0);
    expect(released).toBe(1);
    await all;
    socket.close();
    expect(received).toEqual(['a', 'b', 'c']);
  });

  it('holds nothing for a socket that is not a ws socket', () => {
    expect(holdWritesThisTick(new FakeSocket('ws://x', undefined, undefined, false), () => undefined)).toBe(false);
  });
});
