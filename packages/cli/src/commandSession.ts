import type { Observable } from 'rxjs';
import type { WireEvent } from '@rxwire/core';

/**
 * A command at work: what it prints and how to stop it. Starting one (a `start*` function) opens
 * the client; it throws at once on what the client rejects up front, such as a malformed url.
 *
 * `inspect$` is the client's: with `--inspect`, the runner prints its events beside `output$`.
 */
export interface CommandSession {
  /**
   * The values to print, one JSON line each. Completes when the command is done (an RPC reply, a
   * publish with nothing to tail), errors when it failed (a refused connection, an RPC error).
   */
  readonly output$: Observable<unknown>;
  /** The client's wire events (cold: nothing is recorded unless `--inspect` subscribes). */
  readonly inspect$: Observable<WireEvent>;
  /** Releases the client, every socket and timer, so that the process can end by itself. */
  close(): Promise<void>;
}
