// The README's demo command minus the packages' build: the SPA built with its rollup config, then
// `node demo/start.mjs` starts everything, runs the Node example once, serves the SPA with the
// servers' URLs written in, and on SIGINT (Ctrl-C) or SIGTERM closes every server and client so
// that the process ends by itself with code 0.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rollup, type OutputOptions } from 'rollup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/chromium.js';
import { screenshot } from './support/spa.js';

const script = fileURLToPath(new URL('../demo/start.mjs', import.meta.url));
const root = fileURLToPath(new URL('../', import.meta.url));
const siteDir = mkdtempSync(join(tmpdir(), 'rxwire-demo-site-'));

// The SPA built as `npm run build:spa` builds it (rollup, its own config), into a temporary folder.
beforeAll(async () => {
  const { default: config } = await import('../examples/spa/rollup.config.mjs');
  const bundle = await rollup({ ...config, onwarn: () => {} });
  try {
    await bundle.write({ ...(config.output as OutputOptions), file: join(siteDir, 'app.js'), sourcemap: false });
  } finally {
    await bundle.close();
  }
});

afterAll(() => rmSync(siteDir, { recursive: true, force: true }));

async function runDemo(signal: 'SIGINT' | 'SIGTERM', visit?: (url: string) => Promise<void>) {
  const child = spawn(process.execPath, [script, '--port', '0', '--bayeux-port', '0', '--rpc-port', '0', '--site-dir', siteDir, '--tick-ms', '200'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += String(chunk)));
  child.stderr.on('data', (chunk: Buffer) => (output += String(chunk)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, sig) => resolve({ code, signal: sig })),
  );
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const look = () => {
        const match = /Open (http:\/\/127\.0\.0\.1:\d+\/) in a browser/.exec(output);
        if (match?.[1]) resolve(match[1]);
      };
      child.stdout.on('data', look);
      void exited.then(() => reject(new Error(`demo/start.mjs exited early:\n${output}`)));
    });
    const page = await fetch(url).then((r) => r.text());
    expect(page).toMatch(/<script id="rxwire-config" type="application\/json">\{"bayeuxUrl":"http:\/\/127\.0\.0\.1:\d+\/bayeux","rpcUrl":"ws:\/\/127\.0\.0\.1:\d+\/stream"\}<\/script>/);
    const app = await fetch(`${url}app.js`);
    expect(app.status).toBe(200);
    expect(await app.text()).toContain('rxwire-config');
    await visit?.(url);
    child.kill(signal);
    // No process.exit on this path: the exit proves nothing was left open.
    const result = await exited;
    return { ...result, output };
  } finally {
    child.kill('SIGKILL');
  }
}

describe('demo/start.mjs', () => {
  it('runs the Node example, serves the SPA (working in Chromium), and stops cleanly on Ctrl-C (SIGINT)', async () => {
    const { code, output } = await runDemo('SIGINT', async (url) => {
      const browser = await launchChromium();
      try {
        const page = await browser.newPage({ viewport: { width: 1100, height: 760 } });
        await page.goto(url);
        for (const selector of [
          '[data-testid=badge-bayeux][data-state=connected][data-transport=websocket]',
          '[data-testid=badge-rpc][data-state=connected]',
          '[data-testid=chat-subscribed][data-subscribed=true]',
          '[data-testid=tick][data-symbol=ACME]',
        ]) {
          await page.waitForSelector(selector, { timeout: 15_000, state: 'attached' });
        }
        await screenshot(page, 'npm-start');
      } finally {
        await browser.close();
      }
    });
    expect(output).toContain('chat: node-example: hello from Node');
    expect(output).toContain('--- the Node example exited (0) ---');
    expect(output).toContain('stopped: every server and client closed');
    expect(output).not.toContain('exiting anyway');
    expect(code).toBe(0);
  });

  it('stops cleanly on SIGTERM', async () => {
    const { code, output } = await runDemo('SIGTERM');
    expect(output).toContain('SIGTERM: stopping the demo');
    expect(code).toBe(0);
  });

  // As a person does it: `npm run demo` in a terminal, then ^C typed on the keyboard. The terminal
  // sends SIGINT to the whole foreground group (npm, and the node it started), and npm forwards its
  // copy too, so node sees the same keypress two or three times.
  it('stops cleanly on ^C typed in a terminal, under npm, with no process left behind', async () => {
    const command = `exec npm run --silent demo -- --port 0 --bayeux-port 0 --rpc-port 0 --site-dir '${siteDir}' --tick-ms 200`;
    // util-linux `script` runs the command in a new pseudo-terminal and writes our stdin to it,
    // through `$SHELL -c`: `exec` keeps that shell out of the foreground group, where a dash
    // (/bin/sh, which CI gets) would die of the same ^C and report 130.
    const terminal = spawn('script', ['-qfec', command, '/dev/null'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    terminal.stdout.on('data', (chunk: Buffer) => (output += String(chunk)));
    terminal.stderr.on('data', (chunk: Buffer) => (output += String(chunk)));
    const exited = new Promise<number | null>((resolve) => terminal.on('exit', (code) => resolve(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        const look = () => {
          if (output.includes('Press Ctrl-C to stop.')) resolve();
        };
        terminal.stdout.on('data', look);
        void exited.then(() => reject(new Error(`the demo exited before ^C:\n${output}`)));
      });
      terminal.stdin.write('\x03');
      // The promise to the user: stopped within 5 s (a hang guard, not a speed claim: the
      // shutdown takes a few hundred milliseconds).
      const code = await Promise.race([exited, new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 5000))]);
      expect(code, output).toBe(0);
      expect(output).toContain('SIGINT: stopping the demo');
      expect(output).toContain('stopped: every server and client closed');
      expect(output).not.toContain('exiting anyway');
      expect(output).not.toContain('exiting without waiting');
      // Every process of the run (npm, node, the Node example) had the site folder or the servers'
      // URLs in its command line: none may be left.
      expect(processesMentioning(siteDir)).toEqual([]);
    } finally {
      terminal.kill('SIGKILL');
    }
  });
});

function processesMentioning(text: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (commandLine.includes(text)) found.push(`${pid}: ${commandLine}`);
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}
