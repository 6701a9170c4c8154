import { RxwireError } from '../errors.js';
import type { WebSocketConstructor, WebSocketLike } from '../webSocketLike.js';
import { runWorkerSocketHost } from './workerSocketHost.js';
import type { PageToWorker, WorkerBatch, WorkerBatchLimits, WorkerSocketEvent } from './workerSocketMessages.js';
import { SocketEvents, type SocketEventListener } from './socketEvents.js';

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;

/** A handler property declared as a method, so the DOM's own (more specific) handler types fit. */
type Handler<E> = { handle(event: E): void }['handle'];

/** The part of a `Worker` a worker socket uses (a test double fits too). */
export interface WorkerLike {
  onmessage: Handler<{ data: unknown }> | null;
  onerror: Handler<unknown> | null;
  postMessage(message: unknown, transfer?: Transferable[]): void;
  terminate(): void;
}

/** Options of {@link workerWebSocket}: how frames are batched, and where the worker comes from. */
export interface WorkerWebSocketOptions {
  /**
   * The time slice, in milliseconds: while frames keep coming, the worker hands them to the page at
   * most once per slice (the first frame after a quiet spell goes at once). Longer slices mean fewer
   * page tasks and more delay; the default, half a 60 Hz frame, adds at most that to a frame's way
   * to the screen.
   * @default 8
   */
  batchMs?: number;
  /** A batch goes out early once it holds this many frames, so one page task stays short. @default 1024 */
  maxBatchFrames?: number;
  /** A batch goes out early once its frames hold this many bytes (UTF-16 code units for text). @default 1048576 */
  maxBatchBytes?: number;
  /**
   * Makes the worker. By default, a worker from a Blob URL of rxwire's own worker code, which needs
   * no bundler setup but needs `worker-src blob:` under a Content Security Policy. Under a stricter
   * policy, serve a worker file of your own that calls `runWorkerSocketHost()` and return it here.
   */
  createWorker?: (() => WorkerLike) | undefined;
}

/** The events of a worker socket: plain objects, read like the DOM's WebSocket events. */
export interface WorkerSocketOpenEvent {
  type: 'open';
  target: WorkerWebSocket;
}
export interface WorkerSocketMessageEvent {
  type: 'message';
  target: WorkerWebSocket;
  /** A string for a text frame; an ArrayBuffer or a Blob (as `binaryType` says) for a binary one. */
  data: unknown;
}
export interface WorkerSocketCloseEvent {
  type: 'close';
  target: WorkerWebSocket;
  code: number;
  reason: string;
  wasClean: boolean;
}
export interface WorkerSocketErrorEvent {
  type: 'error';
  target: WorkerWebSocket;
  /** What failed, as far as the worker could tell (a browser's WebSocket error event says nothing more). */
  message: string;
}
export type WorkerSocketEventObject = WorkerSocketOpenEvent | WorkerSocketMessageEvent | WorkerSocketCloseEvent | WorkerSocketErrorEvent;

const invalidState = (message: string): Error => new DOMException(message, 'InvalidStateError');

/** What a send weighs, counted the same way as the worker counts it (see workerSocketHost.ts). */
const sizeOf = (data: unknown): number =>
  typeof data === 'string' ? data.length : ((data as { byteLength?: number }).byteLength ?? (data as { size?: number }).size ?? 0);

/**
 * A worker running rxwire's own worker code from a Blob URL: no file to serve, no bundler setup.
 * The URL is released when the socket closes (not at once: not every browser has read it by then).
 */
function blobWorker(): { worker: WorkerLike; release: () => void } {
  const source = `(${runWorkerSocketHost.toString()})();`;
  const scriptUrl = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  try {
    return { worker: new Worker(scriptUrl), release: () => URL.revokeObjectURL(scriptUrl) };
  } catch (error) {
    URL.revokeObjectURL(scriptUrl);
    throw error;
  }
}

/**
 * A WebSocket whose real socket lives in a dedicated Worker. The worker receives the frames and hands
 * them to the page in batches (see `WorkerWebSocketOptions.batchMs`): the page's main thread runs one
 * task per batch instead of one per frame, and this socket fires one `message` event per frame, in
 * order, inside that task. Everything else behaves as a browser WebSocket: `send` before open throws
 * `InvalidStateError`, close codes and reasons go both ways, binary frames arrive as ArrayBuffers
 * (moved, not copied) or Blobs, and the worker ends with the socket. Made by {@link workerWebSocket}.
 */
export class WorkerWebSocket implements WebSocketLike {
  static readonly CONNECTING = CONNECTING;
  static readonly OPEN = OPEN;
  static readonly CLOSING = CLOSING;
  static readonly CLOSED = CLOSED;
  readonly url: string;
  binaryType = 'blob';
  protocol = '';
  extensions = '';
  onopen: Handler<WorkerSocketOpenEvent> | null = null;
  onmessage: Handler<WorkerSocketMessageEvent> | null = null;
  onclose: Handler<WorkerSocketCloseEvent> | null = null;
  onerror: Handler<WorkerSocketErrorEvent> | null = null;
  readonly #events = new SocketEvents<WorkerWebSocket>();
  readonly #worker: WorkerLike;
  /** Releases the worker's Blob URL (the default worker only). */
  #release: (() => void) | undefined;
  #readyState = CONNECTING;
  /** Size of every send posted to the worker, and what the worker says it has taken and still buffers. */
  #posted = 0;
  #takenByWorker = 0;
  #bufferedInWorker = 0;

  constructor(url: string | URL, protocols?: string | string[], options: WorkerWebSocketOptions = {}) {
    // Resolved here, where a relative URL means what it means to the page (a Blob worker's base is not the page's).
    const base = (globalThis as { location?: { href?: string } }).location?.href;
    this.url = String(new URL(String(url), base));
    if (options.createWorker === undefined && typeof Worker !== 'function') {
      throw new RxwireError('UNSUPPORTED_PLATFORM', 'A worker socket needs Worker (a browser); pass the platform WebSocket here instead.');
    }
    if (options.createWorker) this.#worker = options.createWorker();
    else ({ worker: this.#worker, release: this.#release } = blobWorker());
    this.#worker.onmessage = (event) => this.#onBatch(event.data as WorkerBatch);
    // The worker script did not load (a CSP without `worker-src blob:`) or threw: the socket failed.
    this.#worker.onerror = (event) => {
      if (this.#readyState === CLOSED) return;
      const message = (event as { message?: string }).message;
      this.#fire({ type: 'error', message: `The WebSocket worker failed${message ? `: ${message}` : ''}.`, target: this });
      this.#closed({ type: 'close', code: 1006, reason: '', wasClean: false });
    };
    const limits: WorkerBatchLimits = {
      batchMs: options.batchMs ?? 8,
      maxBatchFrames: options.maxBatchFrames ?? 1024,
      maxBatchBytes: options.maxBatchBytes ?? 1_048_576,
    };
    this.#post({ type: 'open', url: this.url, protocols, ...limits });
  }

  get readyState(): number {
    return this.#readyState;
  }

  /** Bytes sent and not yet on the wire: on the way to the worker, plus what its socket buffers. */
  get bufferedAmount(): number {
    return this.#posted - this.#takenByWorker + this.#bufferedInWorker;
  }

  send(data: string | ArrayBuffer | ArrayBufferView | Blob): void {
    if (this.#readyState === CONNECTING) throw invalidState('The WebSocket is still connecting.');
    // A closing or closed socket discards sends without an error, as a browser WebSocket does.
    if (this.#readyState !== OPEN) return;
    this.#posted += sizeOf(data);
    // Copied, not transferred: a WebSocket's send leaves the caller's buffer usable.
    this.#post({ type: 'send', data });
  }

  close(code?: number, reason?: string): void {
    // Checked here, so a bad code throws in the caller as a browser WebSocket's close does.
    if (code !== undefined && code !== 1000 && (code < 3000 || code > 4999)) {
      throw new DOMException(`The close code must be 1000 or in 3000-4999, not ${code}.`, 'InvalidAccessError');
    }
    if (reason !== undefined && new TextEncoder().encode(reason).length > 123) {
      throw new DOMException('The close reason must be at most 123 bytes of UTF-8.', 'SyntaxError');
    }
    if (this.#readyState === CLOSING || this.#readyState === CLOSED) return;
    this.#readyState = CLOSING;
    this.#post({ type: 'close', code, reason });
  }

  /** Ends the worker and its socket at once, without a closing handshake (as `ws`'s `terminate`). */
  terminate(): void {
    if (this.#readyState === CLOSED) return;
    this.#end();
    this.#readyState = CLOSED;
    queueMicrotask(() => this.#fire({ type: 'close', code: 1006, reason: 'terminated', wasClean: false, target: this }));
  }

  addEventListener(type: string, listener: SocketEventListener<WorkerWebSocket>): void {
    this.#events.add(type, listener);
  }

  removeEventListener(type: string, listener: SocketEventListener<WorkerWebSocket>): void {
    this.#events.remove(type, listener);
  }

  #end(): void {
    this.#worker.terminate();
    this.#release?.();
    this.#release = undefined;
  }

  #post(message: PageToWorker): void {
    this.#worker.postMessage(message);
  }

  // The one page task per batch: every frame and event the worker's socket produced, in order.
  #onBatch(batch: WorkerBatch): void {
    this.#takenByWorker = batch.sent;
    this.#bufferedInWorker = batch.buffered;
    for (const item of batch.events) {
      if (this.#readyState === CLOSED) return;
      if (typeof item === 'string' || item instanceof ArrayBuffer) this.#onFrame(item);
      else this.#onEvent(item);
    }
  }

  #onFrame(data: string | ArrayBuffer): void {
    // A browser WebSocket delivers no frame after close() was called; neither does this one.
    if (this.#readyState !== OPEN) return;
    const payload = typeof data === 'string' || this.binaryType === 'arraybuffer' ? data : new Blob([data]);
    this.#fire({ type: 'message', data: payload, target: this });
  }

  #onEvent(event: WorkerSocketEvent): void {
    if (event.type === 'open') {
      if (this.#readyState !== CONNECTING) return;
      this.#readyState = OPEN;
      this.protocol = event.protocol;
      this.extensions = event.extensions;
      this.#fire({ type: 'open', target: this });
    } else if (event.type === 'error') this.#fire({ type: 'error', message: event.message, target: this });
    else this.#closed(event);
  }

  /** The socket closed: the worker goes with it, so none is left behind. */
  #closed(event: WorkerSocketEvent & { type: 'close' }): void {
    if (this.#readyState === CLOSED) return;
    this.#readyState = CLOSED;
    this.#end();
    this.#fire({ type: 'close', code: event.code, reason: event.reason, wasClean: event.wasClean, target: this });
  }

  #fire(event: WorkerSocketEventObject): void {
    // The handler property first, then the listeners (a browser runs the handler where it was added).
    if (event.type === 'message') this.onmessage?.(event);
    else if (event.type === 'open') this.onopen?.(event);
    else if (event.type === 'close') this.onclose?.(event);
    else this.onerror?.(event);
    this.#events.dispatch(event);
  }
}

/**
 * A WebSocket class whose sockets run in a dedicated Worker, for the `WebSocket` option of every
 * rxwire client: the page's main thread then pays one task per batch of frames instead of one per
 * frame (see {@link WorkerWebSocket}). Browsers only: where there is no `Worker` (Node, SSR) making a
 * socket throws `UNSUPPORTED_PLATFORM`; pass the platform's WebSocket there instead.
 *
 * @example
 * ```ts
 * const rpc = new RpcClient({ url: 'wss://example.com/rpc', WebSocket: workerWebSocket() });
 * ```
 */
export function workerWebSocket(options: WorkerWebSocketOptions = {}): WebSocketConstructor {
  return class extends WorkerWebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, options);
    }
  } as unknown as WebSocketConstructor;
}
