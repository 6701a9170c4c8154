import type { Clock } from '../clock.js';
import type { CloseInfo } from '../types.js';
import type { WebSocketLike } from '../webSocketLike.js';

const ignore = (): void => undefined;

/** How long a closing handshake may take before the socket is dropped without it. */
const CLOSING_HANDSHAKE_MS = 1000;

/**
 * Detaches our handlers from a socket we are done with. The error handler stays as a no-op: Node's
 * `ws` emits 'error' when a socket that is still connecting is closed, and an EventEmitter with no
 * error listener would throw it at the process.
 * @internal
 */
export function silence(socket: WebSocketLike): void {
  socket.onopen = socket.onmessage = socket.onclose = null;
  socket.onerror = ignore;
}

/**
 * Drops a socket we gave up on. A dead peer never completes a closing handshake: skip it where the
 * socket allows.
 * @internal
 */
export function dropSocket(socket: WebSocketLike): void {
  silence(socket);
  if (socket.terminate) socket.terminate();
  else {
    try {
      socket.close(4000, 'replaced');
    } catch {
      // Already closing: nothing left to release.
    }
  }
}

/** A close event as rxwire reports it (`ws` and browsers differ in what they fill in). @internal */
export function closeInfo(event: { code?: number; reason?: string; wasClean?: boolean }): CloseInfo {
  return { code: event.code ?? 1006, reason: event.reason ?? '', wasClean: event.wasClean ?? false };
}

/** Options of {@link closeGracefully}. @internal */
export interface CloseGracefullyOptions {
  code: number;
  reason: string;
  clock: Clock;
  /** How the socket ended: the peer's close, or a drop after a failed or slow closing handshake. Runs once. */
  onClosed?: ((info: CloseInfo) => void) | undefined;
  /** The closing handshake could not start (an invalid code, a socket still connecting). */
  onCloseFailed?: ((cause: unknown) => void) | undefined;
}

/**
 * Closes a socket with a closing handshake, and reports the real close; but never holds the process
 * for a peer that does not answer: after a second the socket is dropped.
 * @internal
 */
export function closeGracefully(socket: WebSocketLike, options: CloseGracefullyOptions): void {
  const { clock, onClosed } = options;
  socket.onmessage = socket.onopen = null;
  socket.onerror = ignore;
  const drop = (reason: string): void => {
    socket.onclose = null;
    socket.terminate?.();
    onClosed?.({ code: 1006, reason, wasClean: false });
  };
  const giveUp = clock.setTimeout(() => drop('closing handshake timed out'), CLOSING_HANDSHAKE_MS);
  (giveUp as { unref?: () => void }).unref?.();
  socket.onclose = (event) => {
    clock.clearTimeout(giveUp);
    onClosed?.(closeInfo(event));
  };
  try {
    socket.close(options.code, options.reason);
  } catch (cause) {
    clock.clearTimeout(giveUp);
    options.onCloseFailed?.(cause);
    drop('closed without handshake');
  }
}
