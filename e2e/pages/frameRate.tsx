// Runs in Chromium: one component renders a live feed, with rxwire's useChannel (over an RpcClient
// speaking rpc-websockets' events; `rxwire-worker`: the same over the worker socket of
// `@rxwire/core/worker`) or with react-use-websocket, chosen by `?client=`; or, as the bench's
// reference, `receive-only`: a bare WebSocket that parses each frame and renders nothing.
// What the test and the bench read is in `globalThis.probe`:
// - commits: React commits of the feed component, counted by a layout effect (production React has
//   no Profiler);
// - received / lastArrivalAt: WebSocket message events (the subscribe reply too), and when the
//   page started handling the last one;
// - shown / shownAt / history: what the last commit put on screen, and when.
import { StrictMode, useLayoutEffect } from "react";
import { createRoot } from "react-dom/client";
import reactUseWebSocket from "react-use-websocket";
import { RpcClient, jsonRpc } from "@rxwire/rpc";
import { WorkerWebSocket } from "@rxwire/core/worker";
import {
  RxWireProvider,
  frameScheduler,
  microtaskScheduler,
  useChannel,
} from "@rxwire/react";

interface Tick {
  seq: number;
}

// A CommonJS package with `exports.default`: imported from this ES module (Node's rules, which
// esbuild follows in a "type": "module" package) its default import is the whole `exports` object.
const useWebSocket = ((
  reactUseWebSocket as unknown as { default?: typeof reactUseWebSocket }
).default ?? reactUseWebSocket) as typeof reactUseWebSocket;

const params = new URLSearchParams(location.search);
const url = params.get("ws") ?? "";
const client = params.get("client") ?? "rxwire";
// The feed server pushes to `?raw` sockets from their first moment (no subscribe).
const rawFeedUrl = `${url}${url.includes("?") ? "&" : "?"}raw`;
const HISTORY = 10;

const now = () => performance.timeOrigin + performance.now();
const probe = {
  client,
  commits: 0,
  received: 0,
  lastArrivalAt: 0,
  shown: 0,
  shownAt: 0,
  history: [] as number[],
};
let lastMessage: Event | undefined;
/** The worker socket's events are plain objects without a timeStamp: its listener notes the time. */
let lastWorkerArrival = 0;
// Read when the probe is: kept cheap per message, since it costs every client alike.
Object.defineProperty(probe, "lastArrivalAt", {
  enumerable: true,
  get: () =>
    lastMessage
      ? performance.timeOrigin + lastMessage.timeStamp
      : lastWorkerArrival
        ? performance.timeOrigin + lastWorkerArrival
        : 0,
});
Object.assign(globalThis, { probe });

// Registered before the client's own listener. A message event's timeStamp is when it was created,
// i.e. when the page started handling that WebSocket frame.
class TimedWebSocket extends WebSocket {
  constructor(address: string | URL, protocols?: string | string[]) {
    super(address, protocols);
    this.addEventListener("message", (event) => {
      probe.received++;
      lastMessage = event;
    });
  }
}
globalThis.WebSocket = TimedWebSocket;

// The worker socket, counted the same way: the time noted is when the page handled the frame (the
// batch it came in), so the bench also times each run from the server's last send.
class TimedWorkerWebSocket extends WorkerWebSocket {
  constructor(address: string, protocols?: string | string[]) {
    super(address, protocols);
    this.addEventListener("message", () => {
      probe.received++;
      lastWorkerArrival = performance.now();
    });
  }
}

function useCommitProbe(seq: number, history: number[]) {
  useLayoutEffect(() => {
    probe.commits++;
    if (seq !== probe.shown) probe.shownAt = now();
    probe.shown = seq;
    probe.history = history;
  });
}

function RxwireFeed() {
  const { latest, history } = useChannel<Tick>("feed", { history: HISTORY });
  const seqs = history.map((m) => m.data.seq);
  useCommitProbe(latest?.data.seq ?? 0, seqs);
  return (
    <section>
      <p id="seq">{latest?.data.seq ?? 0}</p>
      <ol>
        {seqs.map((seq) => (
          <li key={seq}>{seq}</li>
        ))}
      </ol>
    </section>
  );
}

// The way its README shows it: the last JSON message, one socket per hook.
function ReactUseWebSocketFeed() {
  const { lastJsonMessage } = useWebSocket<{ params?: Tick } | null>(
    rawFeedUrl
  );
  const seq = lastJsonMessage?.params?.seq ?? 0;
  useCommitProbe(seq, []);
  return (
    <section>
      <p id="seq">{seq}</p>
    </section>
  );
}

function App({ rpc }: { rpc: RpcClient }) {
  const schedule =
    client === "rxwire-microtask" ? microtaskScheduler : frameScheduler;
  return (
    <RxWireProvider client={rpc} schedule={schedule}>
      <RxwireFeed />
    </RxWireProvider>
  );
}

// What every client pays at least: Chromium delivering each WebSocket frame to script, and one
// JSON.parse. No framework, no rendering; the probe notes each message as shown.
function receiveOnly() {
  const socket = new TimedWebSocket(rawFeedUrl);
  socket.onmessage = (event: MessageEvent<string>) => {
    probe.shown =
      (JSON.parse(event.data) as { params?: Tick }).params?.seq ?? 0;
    probe.shownAt = now();
  };
}

const root = document.createElement("div");
document.body.append(root);
if (client === "receive-only") receiveOnly();
else
  createRoot(root).render(
    <StrictMode>
      {client === "react-use-websocket" ? (
        <ReactUseWebSocketFeed />
      ) : (
        <App
          rpc={
            new RpcClient({
              url,
              protocol: jsonRpc(),
              WebSocket:
                client === "rxwire-worker"
                  ? TimedWorkerWebSocket
                  : TimedWebSocket,
            })
          }
        />
      )}
    </StrictMode>
  );
