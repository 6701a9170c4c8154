import type { CloseInfo } from '../types.js';
import type { WebSocketLike } from '../webSocketLike.js';
import type { TabMessage } from './tabMessage.js';

/**
 * The leader tab's real socket, with what happens on it told to the other tabs: its frames, its
 * opening and its close. The connection sees the socket as usual (through this wrapper).
 * @internal
 */
export function leaderSocket(real: WebSocketLike, post: (message: TabMessage) => void, onUp: (up: boolean) => void): WebSocketLike {
  const socket: WebSocketLike = {
    get readyState() {
      return real.readyState;
    },
    get bufferedAmount() {
      return real.bufferedAmount;
    },
    get binaryType() {
      return real.binaryType;
    },
    set binaryType(value: string) {
      real.binaryType = value;
    },
    onopen: null,
    onmessage: null,
    onclose: null,
    onerror: null,
    send: (data) => real.send(data),
    close: (code, reason) => real.close(code, reason),
  };
  real.onopen = (event) => {
    onUp(true);
    post({ type: 'up' });
    socket.onopen?.(event);
  };
  real.onmessage = (event) => {
    const frame = event.data;
    if (typeof frame === 'string' || frame instanceof ArrayBuffer) post({ type: 'frame', frame });
    socket.onmessage?.(event);
  };
  real.onclose = (event) => {
    // Only the fields: the event itself cannot cross to another tab.
    const info: CloseInfo = {
      code: event.code,
      reason: event.reason,
      wasClean: event.wasClean,
    };
    onUp(false);
    post({ type: 'down', close: info });
    socket.onclose?.(event);
  };
  real.onerror = (event) => socket.onerror?.(event);
  return socket;
}
