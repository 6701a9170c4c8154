import type { WebSocket, WebSocketServer } from 'ws';

export function listen(
  options: { port?: number; host?: string },
  onConnection: (socket: WebSocket) => void,
): Promise<{ wss: WebSocketServer; port: number; close: () => Promise<void>; dropConnections: () => void }>;
