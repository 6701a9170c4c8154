// Breaks a Chromium trace (Tracing / browser.stopTracing JSON) down to what the renderer's main
// thread spent its time on: self time per event name and per kind, and top-level tasks grouped by
// what started them. Times are the thread's CPU time (the events' `tdur`), so that other processes
// on a busy machine, which stretch wall time, do not count; nesting follows wall time. Used by
// bench/reactFrameRateTrace.mjs.

/** The kinds self time is sorted into, in the order the table prints them. */
export const kinds = [
  "task machinery (scheduler, IPC)",
  "WebSocket frame delivery (EventDispatch)",
  "script (JS, incl. React)",
  "microtask checkpoints",
  "GC",
  "timers",
  "animation-frame callbacks",
  "style, layout, paint (frames)",
  "DevTools / probe",
];

/** Which kind an event name's self time counts as; undefined for 'other'. */
function kindOf(name) {
  if (
    /^(ThreadControllerImpl::RunTask|RunTask|ThreadPool_|SequenceManager|TaskQueueImpl|ScheduledTasks|IPC|Receive mojo|Mojo|SimpleWatcher|MessagePipe|RendererScheduler|MainThreadSchedulerImpl|ThreadController)/.test(
      name
    )
  ) {
    return kinds[0];
  }
  if (/^(EventDispatch|WebSocket|ResourceReceivedData)/.test(name))
    return kinds[1];
  if (/GC|Scavenge|Sweep|Mark|Finaliz|Compact|Heap|cppgc/i.test(name))
    return kinds[4];
  if (/^(RunMicrotasks|PerformMicrotaskCheckpoint)/.test(name)) return kinds[3];
  if (/^(TimerFire|TimerInstall|TimerRemove)/.test(name)) return kinds[5];
  if (
    /^(FireAnimationFrame|RequestAnimationFrame|CancelAnimationFrame)/.test(
      name
    )
  )
    return kinds[6];
  if (
    /^(FunctionCall|EvaluateScript|V8\.|v8\.|v8_|ScriptCompiler|ParseScript|ProfileCall|CompileCode|CompileScript|OptimizeCode|ParseHTML|JS)/.test(
      name
    )
  )
    return kinds[2];
  if (
    /(BeginMainFrame|BeginFrame|UpdateLayoutTree|Layout|PrePaint|Paint|Layerize|Commit|Style|Recalc|Invalidate|UpdateLayer|Composit|LocalFrameView|Lifecycle|Animation|Document::|HitTest|IntersectionObserver|ScrollAnchor|Frame|Raster|Display|Swap|Draw|cc::)/.test(
      name
    )
  ) {
    return kinds[7];
  }
  if (
    /(DevTools|Inspector|Runtime\.|Performance\.|Protocol|V8Inspector|evaluate)/i.test(
      name
    )
  )
    return kinds[8];
  return undefined;
}

// Events that only wrap a task; the first event inside them names what the task was for.
const wrappers =
  /^(ThreadControllerImpl::RunTask|RunTask|ThreadPool_RunTask|SequenceManager|TaskQueueImpl|ThreadController|Receive mojo message|SimpleWatcher::OnHandleReady|MojoMessage|MainThreadSchedulerImpl|RendererScheduler)/;

const starterName = (event) => {
  const type = event.args?.data?.type;
  return event.name === "EventDispatch" && type
    ? `EventDispatch (${type})`
    : event.name;
};

/** The renderer main thread with the most busy time: the page under test. */
function pickMainThread(events) {
  const mainThreads = new Set(
    events
      .filter(
        (e) =>
          e.ph === "M" &&
          e.name === "thread_name" &&
          e.args?.name === "CrRendererMain"
      )
      .map((e) => `${e.pid}:${e.tid}`)
  );
  const busy = new Map();
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (e.ph === "X" && mainThreads.has(key))
      busy.set(key, (busy.get(key) ?? 0) + (e.dur ?? 0));
  }
  return [...busy].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/**
 * CPU µs of the top-level tasks of the page's dedicated workers (the worker socket's thread): work
 * moved off the main thread is still work, and the bench shows where it went.
 */
export function workerThreadsTaskTotal(trace) {
  const events = Array.isArray(trace) ? trace : trace.traceEvents;
  const workers = new Set(
    events
      .filter(
        (e) =>
          e.ph === "M" &&
          e.name === "thread_name" &&
          /DedicatedWorker/.test(e.args?.name ?? "")
      )
      .map((e) => `${e.pid}:${e.tid}`)
  );
  let total = 0;
  for (const thread of workers) {
    let end = -Infinity;
    for (const span of spansOf(events, thread)) {
      if (span.instant || span.ts < end) continue;
      total += span.cpu;
      end = span.ts + span.dur;
    }
  }
  return total;
}

/** Complete events (X, and B/E pairs joined) of one thread, sorted for nesting. */
function spansOf(events, thread) {
  const spans = [];
  const open = [];
  for (const e of events) {
    if (`${e.pid}:${e.tid}` !== thread) continue;
    if (e.ph === "X")
      spans.push({
        name: e.name,
        args: e.args,
        ts: e.ts,
        dur: e.dur ?? 0,
        cpu: e.tdur ?? e.dur ?? 0,
      });
    else if (e.ph === "I" || e.ph === "i")
      spans.push({
        name: e.name,
        args: e.args,
        ts: e.ts,
        dur: 0,
        cpu: 0,
        instant: true,
      });
    else if (e.ph === "B") open.push(e);
    else if (e.ph === "E") {
      const begin = open.pop();
      if (begin)
        spans.push({
          name: begin.name,
          args: begin.args,
          ts: begin.ts,
          dur: e.ts - begin.ts,
          cpu:
            e.tts !== undefined && begin.tts !== undefined
              ? e.tts - begin.tts
              : e.ts - begin.ts,
        });
    }
  }
  return spans.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
}

/**
 * The breakdown of `trace` ({traceEvents} or an array): `selfByName` and `selfByKind` (µs of self
 * CPU time), `taskTotal` (µs of CPU in top-level tasks) and `tasksByStarter` ({count, duration, byKind} per
 * starter: the first event inside the task that is not a wrapper, e.g. `WebSocketReceive`).
 */
export function breakDownMainThread(trace) {
  const events = Array.isArray(trace) ? trace : trace.traceEvents;
  const thread = pickMainThread(events);
  const selfByName = {};
  const selfByKind = {};
  const tasksByStarter = {};
  let taskTotal = 0;
  const stack = [];
  let task;
  const close = (span) => {
    selfByName[span.name] = (selfByName[span.name] ?? 0) + span.self;
    const kind = kindOf(span.name) ?? "other";
    selfByKind[kind] = (selfByKind[kind] ?? 0) + span.self;
    task.byKind[kind] = (task.byKind[kind] ?? 0) + span.self;
  };
  const finishTask = () => {
    if (!task) return;
    const entry = (tasksByStarter[task.starter ?? task.name] ??= {
      count: 0,
      duration: 0,
      byKind: {},
    });
    entry.count++;
    entry.duration += task.dur;
    for (const [kind, self] of Object.entries(task.byKind))
      entry.byKind[kind] = (entry.byKind[kind] ?? 0) + self;
    task = undefined;
  };
  for (const span of spansOf(events, thread)) {
    while (stack.length > 0 && stack.at(-1).ts + stack.at(-1).dur <= span.ts)
      close(stack.pop());
    if (span.instant) {
      // Marks something inside a task (WebSocketReceive): names the task, takes no time.
      if (stack.length > 0 && task.starter === undefined)
        task.starter = starterName(span);
      continue;
    }
    span.self = span.cpu;
    const parent = stack.at(-1);
    if (parent) {
      parent.self -= Math.min(span.cpu, parent.cpu);
      if (task && task.starter === undefined && !wrappers.test(span.name))
        task.starter = starterName(span);
    } else {
      finishTask();
      task = {
        name: span.name,
        dur: span.cpu,
        starter: wrappers.test(span.name) ? undefined : starterName(span),
        byKind: {},
      };
      taskTotal += span.cpu;
    }
    stack.push(span);
  }
  while (stack.length > 0) close(stack.pop());
  finishTask();
  return { thread, selfByName, selfByKind, taskTotal, tasksByStarter };
}
