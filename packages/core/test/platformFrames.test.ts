import { afterEach, describe, expect, it } from 'vitest';
import { startWsServer, type TestServer } from '@rxwire/test-support/wsServer';
import { createWebSocket, onFrames } from '../src/internal/platform.js';

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
