// @rxwire/core/worker: a WebSocket whose socket runs in a dedicated Worker. A separate entry, so an
// app that does not use it does not carry it.
export { workerWebSocket, WorkerWebSocket } from './workerWebSocket.js';
export type {
  WorkerWebSocketOptions,
  WorkerLike,
  WorkerSocketEventObject,
  WorkerSocketOpenEvent,
  WorkerSocketMessageEvent,
  WorkerSocketCloseEvent,
  WorkerSocketErrorEvent,
} from './workerWebSocket.js';
export { runWorkerSocketHost } from './workerSocketHost.js';
export type { WorkerHostScope } from './workerSocketHost.js';
export type { SocketEventListener } from './socketEvents.js';
