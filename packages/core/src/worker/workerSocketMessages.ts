// What the page and the worker of a worker socket say to each other. Types only: the worker side
// (workerSocketHost.ts) must stay self-contained, since its source text becomes the worker script.

/** How the worker batches the frames it receives (see `WorkerWebSocketOptions`). @internal */
export interface WorkerBatchLimits {
  batchMs: number;
  maxBatchFrames: number;
  maxBatchBytes: number;
}

/** Page → worker: open the socket (the first message), send a frame, or close it. @internal */
export type PageToWorker =
  | ({ type: 'open'; url: string; protocols: string | string[] | undefined } & WorkerBatchLimits)
  | { type: 'send'; data: string | ArrayBuffer | ArrayBufferView | Blob }
  | { type: 'close'; code: number | undefined; reason: string | undefined };

/** A socket event other than a frame, in the order the worker's socket fired it. @internal */
export type WorkerSocketEvent =
  | { type: 'open'; protocol: string; extensions: string }
  | { type: 'error'; message: string }
  | { type: 'close'; code: number; reason: string; wasClean: boolean };

/**
 * Worker → page: everything the socket did since the last batch, in order. A string or an
 * ArrayBuffer is a frame; an object is a {@link WorkerSocketEvent}. `sent` is the size of all sends
 * the worker has taken from the page so far, and `buffered` its socket's own `bufferedAmount`:
 * together they give the page a `bufferedAmount` that the connection's send buffer can trust.
 * @internal
 */
export interface WorkerBatch {
  events: Array<string | ArrayBuffer | WorkerSocketEvent>;
  sent: number;
  buffered: number;
}
