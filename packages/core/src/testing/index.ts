export { createFakeWebSocket, FakeSocket } from './fakeWebSocket.js';
export type { FakeWebSocketFactory, FakeWebSocketOptions } from './fakeWebSocket.js';
export { createConnectionPair, MemoryConnection } from './connectionPair.js';
export { VirtualClock } from './virtualClock.js';
export { inspectorLoaded } from './inspectorLoaded.js';
export { fakePageLifecycle } from './fakePageLifecycle.js';
export type { FakePageLifecycle } from './fakePageLifecycle.js';
