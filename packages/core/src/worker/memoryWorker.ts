import { createFakeWebSocket, type FakeWebSocketFactory } from '../testing/fakeWebSocket.js';
import { runWorkerSocketHost, type WorkerHostScope } from './workerSocketHost.js';
import type { WorkerLike } from './workerWebSocket.js';

/** A worker made by {@link memoryWorkers}: the page's end, and whether it is still running. */
export interface MemoryWorker {
  worker: WorkerLike;
  /** True once the page terminated it or the host closed its own scope. */
  readonly ended: boolean;
  /** Every message the host posted to the page (each a batch). */
  readonly posted: unknown[];
}

/**
 * Workers for unit tests, without a thread: the host runs in this one, on a fake WebSocket the test
 * plays the server with. Messages cross with `setTimeout(0)` and `structuredClone` (transfers
 * included), as a real worker's do: asynchronous, copied, moved buffers detached. Under vitest's
 * fake timers the test decides when they arrive.
 * @internal
 */
export function memoryWorkers(): { createWorker: () => WorkerLike; workers: MemoryWorker[]; sockets: FakeWebSocketFactory } {
  const sockets = createFakeWebSocket();
  const workers: MemoryWorker[] = [];
  const createWorker = (): WorkerLike => {
    // A worker that closed itself still delivers what it posted before; a terminated one delivers nothing.
    let terminated = false;
    let closedItself = false;
    const posted: unknown[] = [];
    const page: WorkerLike = {
      onmessage: null,
      onerror: null,
      postMessage(message) {
        const copy = structuredClone(message);
        setTimeout(() => {
          if (!terminated && !closedItself) scope.onmessage?.({ data: copy });
        }, 0);
      },
      terminate() {
        terminated = true;
      },
    };
    const scope: WorkerHostScope = {
      onmessage: null,
      postMessage(message, transfer) {
        const copy = structuredClone(message, { transfer });
        posted.push(copy);
        setTimeout(() => {
          if (!terminated) page.onmessage?.({ data: copy });
        }, 0);
      },
      setTimeout: (callback, ms) => setTimeout(callback, ms),
      clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
      close() {
        closedItself = true;
      },
      WebSocket: sockets.WebSocket as unknown as WorkerHostScope['WebSocket'],
    };
    runWorkerSocketHost(scope);
    workers.push({
      worker: page,
      get ended() {
        return terminated || closedItself;
      },
      posted,
    });
    return page;
  };
  return { createWorker, workers, sockets };
}
