// React rendering under a fast WebSocket feed, in Chromium. Shared by e2e/frameRate.test.ts (which
// asserts counts: commits per message, the final state) and bench/reactFrameRate.mjs (which prints
// main-thread time and last-message latency side by side with react-use-websocket).
//
// - a feed server: one message per WebSocket frame, the way most servers send; it speaks enough of
//   rpc-websockets' events (`rpc.on`) for rxwire's RpcClient, and pushes to plain sockets (`?raw`,
//   react-use-websocket) from their first moment;
// - the page e2e/pages/frameRate.tsx, bundled like an app (React's production build, minified)
//   through the packages' built `browser` exports;
// - one run: a fresh browser context, the traffic, then the page's probe and Chromium's own
//   main-thread figures (CDP Performance.getMetrics: TaskDuration, ScriptDuration, ThreadTime (the
//   main thread's CPU time, which other processes on a busy machine do not stretch), and the layout
//   and style figures that tell how many frames Chromium rendered and what they cost).
import { existsSync } from "node:fs";
import { once } from "node:events";
import { createServer } from "node:http";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { WebSocketServer } from "ws";

const root = fileURLToPath(new URL("../../", import.meta.url));
const pageEntry = fileURLToPath(
  new URL("../../e2e/pages/frameRate.tsx", import.meta.url)
);

/** The two traffic shapes of issue 17. */
export const scenarios = {
  burst: { label: "20,000-message burst", total: 20_000 },
  steady: {
    label: "5,000 msg/s for 5 s",
    total: 25_000,
    perSecond: 5_000,
    seconds: 5,
  },
};

/** A WebSocket server on a loopback port that sends `{notification: 'feed', params: {seq}}`, one per frame. */
export async function startFeedServer() {
  const wss = new WebSocketServer({ host: "127.0.0.1", port: 0 });
  await once(wss, "listening");
  const ready = new Set();
  const waiters = [];
  const markReady = (socket) => {
    ready.add(socket);
    for (const resolve of waiters.splice(0)) resolve();
  };
  wss.on("connection", (socket, request) => {
    socket.on("close", () => ready.delete(socket));
    if (new URL(request.url ?? "/", "http://x").searchParams.has("raw"))
      markReady(socket);
    socket.on("message", (data) => {
      const message = JSON.parse(String(data));
      if (message.method !== "rpc.on" && message.method !== "rpc.off") return;
      socket.send(
        JSON.stringify({
          jsonrpc: "2.0",
          result: { [message.params[0]]: "ok" },
          id: message.id,
        })
      );
      if (message.method === "rpc.on") markReady(socket);
      else ready.delete(socket);
    });
  });
  // Epoch milliseconds of the last send, comparable with the page's `performance.timeOrigin + now()`:
  // times a frame from the server, including any time it waits off the page's main thread.
  let lastSentAt = 0;
  const send = (seq) => {
    const text = JSON.stringify({ notification: "feed", params: { seq } });
    for (const socket of ready) socket.send(text);
    lastSentAt = performance.timeOrigin + performance.now();
  };
  const { port } = wss.address();
  return {
    url: `ws://127.0.0.1:${port}/`,
    /** When the last frame was sent (epoch ms). */
    get lastSentAt() {
      return lastSentAt;
    },
    /** Resolves when the next socket is ready to receive (call it before opening the page); a hang guard rejects after `timeoutMs`. */
    nextReady: (timeoutMs = 30_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(`feed server: no socket ready within ${timeoutMs} ms`)
            ),
          timeoutMs
        );
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
    /** Sends `total` frames at once. */
    burst(total) {
      for (let seq = 1; seq <= total; seq++) send(seq);
    },
    /** Sends `perSecond` frames a second for `seconds` (catching up on a late tick); resolves after the last. */
    steady({ perSecond, seconds }) {
      const total = perSecond * seconds;
      const started = performance.now();
      let sent = 0;
      return new Promise((resolve) => {
        const timer = setInterval(() => {
          const due = Math.min(
            total,
            Math.floor(((performance.now() - started) / 1000) * perSecond)
          );
          while (sent < due) send(++sent);
          if (sent < total) return;
          clearInterval(timer);
          resolve();
        }, 4);
      });
    },
    /** Drops every socket (between runs, so a closing page gets nothing more). */
    dropAll() {
      for (const socket of wss.clients) socket.terminate();
      ready.clear();
    },
    close() {
      for (const socket of wss.clients) socket.terminate();
      return new Promise((resolve) => wss.close(() => resolve()));
    },
  };
}

/**
 * Serves the page, bundled as an app would ship it (`minify: false` keeps function names, for a
 * CPU profile). Needs `npm run build` first.
 */
export async function serveFrameRatePage({ minify = true } = {}) {
  if (!existsSync(`${root}packages/react/dist/index.browser.js`)) {
    throw new Error("The packages are not built: run `npm run build` first.");
  }
  const bundle = await build({
    entryPoints: [pageEntry],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    minify,
    absWorkingDir: root,
    logLevel: "silent",
    jsx: "automatic",
    // Resolve like a user's bundler, not through the repository's tsconfig paths (the sources).
    tsconfigRaw: { compilerOptions: { jsx: "react-jsx" } },
    define: { "process.env.NODE_ENV": '"production"' },
  });
  const script = bundle.outputFiles[0].text;
  const html =
    '<!doctype html><meta charset="utf-8"><title>rxwire frame rate</title><script type="module" src="/page.js"></script>';
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (path === "/")
      res.writeHead(200, { "content-type": "text/html" }).end(html);
    else if (path === "/page.js")
      res.writeHead(200, { "content-type": "text/javascript" }).end(script);
    else res.writeHead(404).end();
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const mainThread = async (cdp) => {
  const { metrics } = await cdp.send("Performance.getMetrics");
  const get = (name) => metrics.find((m) => m.name === name)?.value ?? NaN;
  return {
    task: get("TaskDuration"),
    script: get("ScriptDuration"),
    layout: get("LayoutDuration"),
    style: get("RecalcStyleDuration"),
    layouts: get("LayoutCount"),
    cpu: get("ThreadTime"),
  };
};

/**
 * One run: opens the page with `client` ('rxwire', 'rxwire-microtask', 'rxwire-worker' (over the
 * worker socket), 'react-use-websocket' or 'receive-only', the reference that parses each frame and
 * renders nothing),
 * sends the scenario's traffic and waits (hang guard `timeoutMs`) until the page shows the last
 * message. `around` (optional) brackets the traffic: `start(page)` before it, `stop()` once the
 * last message is on screen (the trace bench records a Chromium trace there).
 */
export async function runFrameRate(
  browser,
  { pageUrl, server, client, scenario, timeoutMs = 120_000, around }
) {
  const { total } = scenarios[scenario];
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("Performance.enable");
    const ready = server.nextReady();
    await page.goto(
      `${pageUrl}/?client=${client}&ws=${encodeURIComponent(server.url)}`
    );
    await ready;
    // rxwire's socket also carries the reply to its subscribe: count from after it.
    await page.waitForFunction(
      `globalThis.probe?.received === ${client.startsWith("rxwire") ? 1 : 0}`,
      undefined,
      { timeout: 30_000 }
    );
    const probe = () => page.evaluate(() => ({ ...globalThis.probe }));
    const before = { ...(await probe()), ...(await mainThread(cdp)) };
    await around?.start(page);
    if (scenario === "burst") server.burst(total);
    else await server.steady(scenarios.steady);
    await page.waitForFunction(
      `globalThis.probe.shown === ${total}`,
      undefined,
      { polling: 100, timeout: timeoutMs }
    );
    const after = { ...(await probe()), ...(await mainThread(cdp)) };
    await around?.stop();
    const commits = after.commits - before.commits;
    return {
      client,
      scenario,
      messages: total,
      received: after.received - before.received,
      commits,
      commitsPerMessage: commits / total,
      shown: after.shown,
      history: after.history,
      mainThreadMs: (after.task - before.task) * 1000,
      mainThreadCpuMs: (after.cpu - before.cpu) * 1000,
      scriptMs: (after.script - before.script) * 1000,
      layoutAndStyleMs:
        (after.layout - before.layout + after.style - before.style) * 1000,
      layouts: after.layouts - before.layouts,
      lastMessageToCommitMs: after.shownAt - after.lastArrivalAt,
      // From the server's last send to its commit: includes the time a frame waits in the worker socket.
      lastSentToCommitMs: after.shownAt - server.lastSentAt,
    };
  } finally {
    server.dropAll();
    await context.close();
  }
}
