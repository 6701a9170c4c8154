// `rxwire ws` against a plain `ws` server on loopback.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { buildBin, refusedPort, runBin } from './runBin.js';

let bin: string;
let remove: () => void;
let server: WebSocketServer;
let url: string;

beforeAll(async () => {
  ({ bin, remove } = await buildBin());
  server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise<void>((resolve) => server.on('listening', resolve));
  const address = server.address();
  url = `ws://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
  server.on('connection', (socket) => {
    socket.send('{"a": 1,\n "b": [true]}');
    socket.send('plain text');
    socket.send(Buffer.from([1, 2, 3]));
  });
});
afterAll(async () => {
  for (const socket of server.clients) socket.terminate();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  remove();
});

describe('rxwire ws', () => {
  it('prints each frame on a line of its own, and exits 0 on SIGINT', async () => {
    const run = runBin(bin, ['ws', url]);
    await run.waitForLine((line) => line.includes('binary'));
    expect(run.lines()).toEqual(['{"a":1,"b":[true]}', '{"text":"plain text"}', '{"binary":"AQID"}']);
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(run.stderr()).toBe('');
  });

  it('treats a repeat of the signal within a second as the same Ctrl-C', async () => {
    const run = runBin(bin, ['ws', url]);
    await run.waitForLine((line) => line.includes('binary'));
    // What npm does: it forwards the SIGINT its child already got from the terminal.
    run.child.kill('SIGINT');
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
  });

  // As a person does it: the command in a terminal, then ^C typed on the keyboard. (Not under npx:
  // `npm exec` answers a ^C with its own exit code 130, whatever its child's; the copies of the
  // signal that npm forwards are the test above.)
  it('exits 0 on ^C typed in a terminal', async () => {
    // util-linux `script` runs the command in a new pseudo-terminal and writes our stdin to it. It
    // starts it through `$SHELL -c`; `exec` keeps that shell out of the foreground group, where a
    // dash (/bin/sh, which CI gets) would die of the same ^C and report 130.
    const terminal = spawn('script', ['-qfec', `exec '${process.execPath}' '${bin}' ws ${url}`, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    const sawFrames = new Promise<void>((resolve) =>
      terminal.stdout.on('data', (chunk: Buffer) => {
        output += String(chunk);
        if (output.includes('{"binary":"AQID"}')) resolve();
      }),
    );
    const exited = new Promise<number | null>((resolve) => terminal.on('close', (code) => resolve(code)));
    const guard = setTimeout(() => terminal.kill('SIGKILL'), 20_000);
    try {
      await sawFrames;
      terminal.stdin.write('\x03');
      expect(await exited, output).toBe(0);
      expect(output).not.toContain('rxwire:');
    } finally {
      clearTimeout(guard);
      terminal.kill('SIGKILL');
    }
  });

  it('exits 1 with exactly one line on stderr when the port refuses connections', async () => {
    const port = await refusedPort();
    const run = runBin(bin, ['ws', `ws://127.0.0.1:${port}/`]);
    expect(await run.exited).toBe(1);
    expect(run.stderr().split('\n').filter(Boolean)).toEqual([expect.stringMatching(/^rxwire: CONNECTION_LOST: .*ECONNREFUSED/)]);
  });
});
