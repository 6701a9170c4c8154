// Where the main-thread time of bench/reactFrameRate.mjs goes: records a Chromium trace of each
// client for one scenario (the same page, server and traffic as the bench) and breaks the renderer's
// main thread down by what ran, as self time per kind of trace event (script, GC, timers, animation
// frames, style/layout/paint, the task machinery around each WebSocket frame...) and as top-level
// tasks grouped by what started them. Tracing slows everything down a little; compare the clients
// with each other, not with the bench's untraced figures.
//
//   node bench/reactFrameRateTrace.mjs                      steady (5,000 msg/s for 5 s), every client
//   node bench/reactFrameRateTrace.mjs --scenario=burst --client=rxwire
//   node bench/reactFrameRateTrace.mjs --save=/tmp/traces   also writes each trace (for chrome://tracing)
//   node bench/reactFrameRateTrace.mjs --profile            a JS CPU profile instead (page not minified)
//
// Needs `npm run build` and Debian's Chromium (CHROMIUM_PATH overrides /usr/bin/chromium).
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { chromium } from "playwright-core";
import { summarizeProfile } from "./lib/cpuProfile.mjs";
import {
  breakDownMainThread,
  kinds,
  workerThreadsTaskTotal,
} from "./lib/traceBreakdown.mjs";
import {
  runFrameRate,
  scenarios,
  serveFrameRatePage,
  startFeedServer,
} from "./lib/frameRate.mjs";

const argument = (name, fallback) =>
  process.argv
    .find((a) => a.startsWith(`--${name}=`))
    ?.slice(name.length + 3) ?? fallback;
const scenario = argument("scenario", "steady");
const clients = argument(
  "client",
  "rxwire,rxwire-worker,react-use-websocket,receive-only"
).split(",");
const saveTo = argument("save", undefined);
const profiling = process.argv.includes("--profile");

// Light by default: the per-task counters of disabled-by-default-devtools.timeline and v8's own
// per-call events cost more than the work they time at 5,000 tasks a second (`--full` adds them).
const lightCategories = [
  "toplevel",
  "devtools.timeline",
  "v8.execute",
  "disabled-by-default-v8.gc",
];
const categories = process.argv.includes("--full")
  ? [...lightCategories, "disabled-by-default-devtools.timeline", "v8", "blink"]
  : lightCategories;

// As in bench/reactFrameRate.mjs (the e2e suite's flags).
const flags = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (!existsSync(executablePath)) {
  console.log(`skipped: no Chromium at ${executablePath}`);
  process.exit(0);
}
const [site, server, browser] = await Promise.all([
  serveFrameRatePage({ minify: !profiling }),
  startFeedServer(),
  chromium.launch({ executablePath, headless: true, args: flags }),
]);

/** Brackets the traffic with a trace (or a CPU profile) and keeps what it recorded in `recorded`. */
const recorder = () => {
  const recorded = {};
  if (profiling) {
    let cdp;
    return {
      recorded,
      start: async (page) => {
        cdp = await page.context().newCDPSession(page);
        await cdp.send("Profiler.enable");
        await cdp.send("Profiler.setSamplingInterval", { interval: 100 });
        await cdp.send("Profiler.start");
      },
      stop: async () => {
        recorded.profile = (await cdp.send("Profiler.stop")).profile;
      },
    };
  }
  return {
    recorded,
    start: (page) => browser.startTracing(page, { categories }),
    stop: async () => {
      recorded.trace = await browser.stopTracing();
    },
  };
};

const results = {};
try {
  for (const client of clients) {
    const around = recorder();
    const run = await runFrameRate(browser, {
      pageUrl: site.url,
      server,
      client,
      scenario,
      around,
    });
    const { trace, profile } = around.recorded;
    if (saveTo) {
      mkdirSync(saveTo, { recursive: true });
      writeFileSync(
        `${saveTo}/${client}-${scenario}.${profiling ? "cpuprofile" : "json"}`,
        profiling ? JSON.stringify(profile) : trace
      );
    }
    results[client] = {
      run,
      ...(profiling
        ? { profile: summarizeProfile(profile) }
        : (() => {
            const parsed = JSON.parse(String(trace));
            return {
              breakdown: breakDownMainThread(parsed),
              workerTaskTotal: workerThreadsTaskTotal(parsed),
            };
          })()),
    };
  }
} finally {
  await browser.close();
  await server.close();
  await site.close();
}

if (profiling) {
  for (const client of clients) {
    const { profile, run } = results[client];
    console.log(
      `\n### ${client}, ${
        scenarios[scenario].label
      }: JS ${profile.totalMs.toFixed(0)} ms sampled, ${
        run.commits
      } commits; heaviest self time\n`
    );
    console.log("| function | self ms | total ms |");
    console.log("| --- | ---: | ---: |");
    for (const f of profile.functions.slice(0, 40))
      console.log(
        `| ${f.name} | ${f.selfMs.toFixed(1)} | ${f.totalMs.toFixed(1)} |`
      );
  }
  process.exit(0);
}

const ms = (us) => (us / 1000).toFixed(0);
console.log(
  `\n### Renderer main thread, ${scenarios[scenario].label} (traced; self CPU time in ms)\n`
);
console.log(`| kind | ${clients.join(" | ")} |`);
console.log(`| --- |${clients.map(() => " ---: |").join("")}`);
for (const kind of [...kinds, "other"]) {
  console.log(
    `| ${kind} | ${clients
      .map((c) => ms(results[c].breakdown.selfByKind[kind] ?? 0))
      .join(" | ")} |`
  );
}
console.log(
  `| **all top-level tasks** | ${clients
    .map((c) => ms(results[c].breakdown.taskTotal))
    .join(" | ")} |`
);
console.log(
  `| **all top-level tasks × react-use-websocket** | ${clients
    .map((c) =>
      results["react-use-websocket"]
        ? `${(
            results[c].breakdown.taskTotal /
            results["react-use-websocket"].breakdown.taskTotal
          ).toFixed(2)}x`
        : "-"
    )
    .join(" | ")} |`
);
console.log(
  `| dedicated worker threads, top-level tasks (off the main thread) | ${clients
    .map((c) => ms(results[c].workerTaskTotal))
    .join(" | ")} |`
);
console.log(
  `| TaskDuration, wall (getMetrics) | ${clients
    .map((c) => results[c].run.mainThreadMs.toFixed(0))
    .join(" | ")} |`
);
console.log(
  `| ThreadTime, CPU (getMetrics) | ${clients
    .map((c) => results[c].run.mainThreadCpuMs.toFixed(0))
    .join(" | ")} |`
);
console.log(
  `| commits | ${clients.map((c) => results[c].run.commits).join(" | ")} |`
);

console.log(`\n### Top-level tasks by what started them (count / CPU ms)\n`);
const starters = [
  ...new Set(
    clients.flatMap((c) => Object.keys(results[c].breakdown.tasksByStarter))
  ),
];
const totalOf = (c, s) => results[c].breakdown.tasksByStarter[s]?.duration ?? 0;
starters.sort(
  (a, b) =>
    Math.max(...clients.map((c) => totalOf(c, b))) -
    Math.max(...clients.map((c) => totalOf(c, a)))
);
console.log(`| started by | ${clients.join(" | ")} |`);
console.log(`| --- |${clients.map(() => " ---: |").join("")}`);
for (const starter of starters.slice(0, 20)) {
  const cell = (c) => {
    const entry = results[c].breakdown.tasksByStarter[starter];
    return entry ? `${entry.count} / ${ms(entry.duration)}` : "–";
  };
  console.log(`| ${starter} | ${clients.map(cell).join(" | ")} |`);
}

console.log(
  `\n### Per WebSocket message (tasks started by WebSocketReceive; CPU µs per task)\n`
);
console.log(`| kind | ${clients.join(" | ")} |`);
console.log(`| --- |${clients.map(() => " ---: |").join("")}`);
const perMessage = (c, kind) => {
  const entry = results[c].breakdown.tasksByStarter.WebSocketReceive;
  if (!entry) return "–";
  return (
    (kind ? entry.byKind[kind] ?? 0 : entry.duration) / entry.count
  ).toFixed(1);
};
for (const kind of [...kinds, "other"])
  console.log(
    `| ${kind} | ${clients.map((c) => perMessage(c, kind)).join(" | ")} |`
  );
console.log(
  `| **whole task** | ${clients.map((c) => perMessage(c)).join(" | ")} |`
);

console.log(`\n### Heaviest event names by self CPU time (ms)\n`);
const names = [
  ...new Set(
    clients.flatMap((c) => Object.keys(results[c].breakdown.selfByName))
  ),
];
const selfOf = (c, n) => results[c].breakdown.selfByName[n] ?? 0;
names.sort(
  (a, b) =>
    Math.max(...clients.map((c) => selfOf(c, b))) -
    Math.max(...clients.map((c) => selfOf(c, a)))
);
console.log(`| event | ${clients.join(" | ")} |`);
console.log(`| --- |${clients.map(() => " ---: |").join("")}`);
for (const name of names.slice(0, 30))
  console.log(
    `| ${name} | ${clients.map((c) => ms(selfOf(c, name))).join(" | ")} |`
  );
