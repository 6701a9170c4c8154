import type { PageToWorker, WorkerBatch, WorkerSocketEvent } from './workerSocketMessages.js';

/** The socket the host opens: the worker's own `WebSocket`. */
interface HostSocket {
  readonly readyState: number;
  readonly bufferedAmount: number;
  readonly protocol?: string;
  readonly extensions?: string;
  binaryType: string;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onclose: ((event: { code: number; reason: string; wasClean: boolean }) => void) | null;
  send(data: unknown): void;
  close(code?: number, reason?: string): void;
}

/**
 * What the host needs from the worker's global scope (`self` in a dedicated worker; a test double in
 * unit tests). Timers are taken from here rather than from globals, so one object is all it touches.
 */
export interface WorkerHostScope {
  onmessage: ((event: { data: unknown }) => void) | null;
  postMessage(message: unknown, transfer: Transferable[]): void;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Ends the worker once its socket has closed. */
  close(): void;
  WebSocket: new (url: string, protocols?: string | string[]) => HostSocket;
}

/**
 * The worker side of a worker socket: opens the real WebSocket in the worker and hands what it does
 * to the page in batches, so the page runs one task per batch instead of one per frame.
 *
 * Batching is a throttle over a time slice, with a leading edge: the first frame after a quiet spell
 * goes out at once (an RPC reply is not held back), and while frames keep coming they go out at most
 * once per `batchMs`, or as soon as a batch reaches `maxBatchFrames` or `maxBatchBytes` (so one page
 * task stays short and one postMessage stays small). A time slice rather than the animation frame:
 * `requestAnimationFrame` is not in every browser's workers and stops while the page is hidden, where
 * frames must still flow; the page's own renderer already waits for the next frame. Open, error and
 * close go out at once, behind the frames that came before them: nothing is dropped or reordered.
 *
 * This function is SELF-CONTAINED on purpose: `workerWebSocket()` turns its source text into the
 * worker script (a Blob URL), so it must not use anything from outside its own body, imports
 * included (types are fine). An app under a strict CSP runs it from its own worker file instead:
 * `runWorkerSocketHost()` (the scope defaults to the worker's global scope).
 */
export function runWorkerSocketHost(workerScope?: WorkerHostScope): void {
  const scope = workerScope ?? (globalThis as unknown as WorkerHostScope);
  let socket: HostSocket | undefined;
  let limits = { batchMs: 8, maxBatchFrames: 1024, maxBatchBytes: 1_048_576 };
  let events: WorkerBatch['events'] = [];
  let transfer: ArrayBuffer[] = [];
  let batchBytes = 0;
  /** Size of every send taken from the page; the page subtracts it from what it sent. */
  let sent = 0;
  let reportedSent = 0;
  let reportedBuffered = 0;
  /** The slice timer: while it runs, frames wait for it; when it is not running, the next frame goes out at once. */
  let timer: unknown;
  let ended = false;

  const sizeOf = (data: unknown): number =>
    typeof data === 'string' ? data.length : ((data as { byteLength?: number; size?: number }).byteLength ?? (data as { size?: number }).size ?? 0);

  const flush = (): void => {
    const buffered = socket ? socket.bufferedAmount : 0;
    if (events.length === 0 && sent === reportedSent && buffered === reportedBuffered) return;
    const batch: WorkerBatch = { events, sent, buffered };
    const transferList = transfer;
    events = [];
    transfer = [];
    batchBytes = 0;
    reportedSent = sent;
    reportedBuffered = buffered;
    scope.postMessage(batch, transferList);
  };

  const sliceEnded = (): void => {
    timer = undefined;
    const busy = events.length > 0 || sent !== reportedSent || (socket !== undefined && socket.bufferedAmount !== reportedBuffered);
    if (!busy || ended) return;
    flush();
    // Keep slicing while the page may still hear more: frames, or a send buffer still draining.
    timer = scope.setTimeout(sliceEnded, limits.batchMs);
  };

  /** Something the page should hear about (a frame, a send taken): out now if quiet, else at the slice's end. */
  const soon = (): void => {
    if (timer !== undefined) return;
    flush();
    timer = scope.setTimeout(sliceEnded, limits.batchMs);
  };

  const now = (event: WorkerSocketEvent): void => {
    events.push(event);
    flush();
  };

  const onFrame = (data: unknown): void => {
    if (typeof data === 'string') {
      events.push(data);
      batchBytes += data.length;
    } else {
      const buffer = data as ArrayBuffer;
      events.push(buffer);
      transfer.push(buffer);
      batchBytes += buffer.byteLength;
    }
    if (events.length >= limits.maxBatchFrames || batchBytes >= limits.maxBatchBytes) flush();
    else soon();
  };

  const end = (): void => {
    ended = true;
    if (timer !== undefined) scope.clearTimeout(timer);
    timer = undefined;
    scope.onmessage = null;
    scope.close();
  };

  const open = (message: Extract<PageToWorker, { type: 'open' }>): void => {
    limits = { batchMs: message.batchMs, maxBatchFrames: message.maxBatchFrames, maxBatchBytes: message.maxBatchBytes };
    let created: HostSocket;
    try {
      created = message.protocols === undefined ? new scope.WebSocket(message.url) : new scope.WebSocket(message.url, message.protocols);
    } catch (error) {
      now({ type: 'error', message: error instanceof Error ? error.message : String(error) });
      now({ type: 'close', code: 1006, reason: '', wasClean: false });
      end();
      return;
    }
    socket = created;
    created.binaryType = 'arraybuffer';
    created.onopen = () => now({ type: 'open', protocol: created.protocol ?? '', extensions: created.extensions ?? '' });
    created.onmessage = (event) => onFrame(event.data);
    created.onerror = () => now({ type: 'error', message: 'The WebSocket failed.' });
    created.onclose = (event) => {
      now({ type: 'close', code: event.code, reason: event.reason, wasClean: event.wasClean });
      end();
    };
  };

  scope.onmessage = (event) => {
    const message = event.data as PageToWorker;
    if (message.type === 'open') open(message);
    else if (!socket) return;
    else if (message.type === 'send') {
      sent += sizeOf(message.data);
      // A socket that is closing or closed discards sends, as on the page; the page checked the rest.
      if (socket.readyState === 1) socket.send(message.data);
      soon();
    } else socket.close(message.code, message.reason);
  };
}
