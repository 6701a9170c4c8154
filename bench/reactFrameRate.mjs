// React rendering under a fast feed, in Chromium, side by side in one run: rxwire's useChannel
// (default frame scheduler), the same with the microtask scheduler, the same over the worker socket
// (`@rxwire/core/worker`: one page task per batch of frames), react-use-websocket, and the floor
// they all stand on (a bare WebSocket that parses each frame and renders nothing). React
// 19 production build, one message per WebSocket frame (bench/lib/frameRate.mjs).
//
//   node bench/reactFrameRate.mjs             three repetitions, medians
//   node bench/reactFrameRate.mjs --quick     one repetition
//
// Also run by `npm run bench` (section `react`). Needs `npm run build` and Debian's Chromium
// (CHROMIUM_PATH overrides /usr/bin/chromium; never a downloaded browser).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import {
  runFrameRate,
  scenarios,
  serveFrameRatePage,
  startFeedServer,
} from "./lib/frameRate.mjs";

const clients = [
  "rxwire",
  "rxwire-microtask",
  "rxwire-worker",
  "react-use-websocket",
  "receive-only",
];
const names = {
  rxwire: "rxwire useChannel (frameScheduler, the default)",
  "rxwire-microtask": "rxwire useChannel (microtaskScheduler)",
  "rxwire-worker": "rxwire useChannel over workerWebSocket() (@rxwire/core/worker)",
  "react-use-websocket": "react-use-websocket 4 (lastJsonMessage)",
  // The floor: what Chromium spends delivering the frames to script, which every client pays.
  "receive-only": "reference: bare WebSocket + JSON.parse, no rendering",
};

// The e2e suite's flags (e2e/support/chromium.ts): without the background-networking ones Chromium
// keeps dialling out, and this machine's closed network refuses it many times a second.
const flags = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

const median = (values) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ms = (n) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));

/**
 * Runs every client through both scenarios `reps` times (interleaved, so load on the machine falls
 * on all alike) and returns the medians per client and scenario. `print` gets the table lines.
 */
export async function measureReactFrameRate({
  reps = 3,
  print = console.log,
} = {}) {
  const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (!existsSync(executablePath))
    return { skipped: `no Chromium at ${executablePath}` };
  const [site, server, browser] = await Promise.all([
    serveFrameRatePage(),
    startFeedServer(),
    chromium.launch({ executablePath, headless: true, args: flags }),
  ]);
  const results = {};
  try {
    for (const scenario of Object.keys(scenarios)) {
      const runs = Object.fromEntries(clients.map((c) => [c, []]));
      for (let i = 0; i < reps; i++) {
        for (const client of clients)
          runs[client].push(
            await runFrameRate(browser, {
              pageUrl: site.url,
              server,
              client,
              scenario,
            })
          );
      }
      const rows = clients.map((client) => {
        const all = runs[client];
        const pick = (key) => median(all.map((r) => r[key]));
        return {
          client,
          name: names[client],
          commits: pick("commits"),
          commitsPerMessage: pick("commitsPerMessage"),
          mainThreadMs: pick("mainThreadMs"),
          mainThreadCpuMs: pick("mainThreadCpuMs"),
          scriptMs: pick("scriptMs"),
          layoutAndStyleMs: pick("layoutAndStyleMs"),
          layouts: pick("layouts"),
          lastMessageToCommitMs: pick("lastMessageToCommitMs"),
          lastSentToCommitMs: pick("lastSentToCommitMs"),
          finalStateRight: all.every(
            (r) =>
              r.shown === scenarios[scenario].total && r.received === r.messages
          ),
          runs: all,
        };
      });
      results[scenario] = { ...scenarios[scenario], rows };
      const peer = rows.find((r) => r.client === "react-use-websocket");
      print(
        `\n### React in Chromium: ${scenarios[scenario].label}, one message per WebSocket frame (React 19 production build; median of ${reps})\n`
      );
      print(
        "| client | commits | commits per message | main-thread ms | × react-use-websocket | main-thread CPU ms | × | script ms | layouts (frames shown) | layout + style ms | last message → its commit, ms | server's last send → its commit, ms | final state right |"
      );
      print(
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
      );
      for (const r of rows) {
        print(
          `| ${r.name} | ${r.commits} | ${r.commitsPerMessage.toFixed(
            4
          )} | ${ms(r.mainThreadMs)} | ${(
            r.mainThreadMs / peer.mainThreadMs
          ).toFixed(2)}x | ${ms(r.mainThreadCpuMs)} | ${(
            r.mainThreadCpuMs / peer.mainThreadCpuMs
          ).toFixed(2)}x | ${ms(r.scriptMs)} | ${r.layouts} | ${ms(
            r.layoutAndStyleMs
          )} | ${ms(r.lastMessageToCommitMs)} | ${ms(r.lastSentToCommitMs)} | ${
            r.finalStateRight ? "yes" : "NO"
          } |`
        );
      }
    }
  } finally {
    await browser.close();
    await server.close();
    await site.close();
  }
  return results;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const results = await measureReactFrameRate({
    reps: process.argv.includes("--quick") ? 1 : 3,
  });
  if (results.skipped) console.log(`skipped: ${results.skipped}`);
}
