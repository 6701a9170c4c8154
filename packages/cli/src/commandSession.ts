import type { Observable } from 'rxjs';

/**
 * A command at work: what it prints and how to stop it. Starting one (a `start*` function) opens
 * the client; it throws at once on what the client rejects up front, such as a malformed url.
 *
 * A wire-event view (`--inspect`) fits here as one more observable beside `output$`, taken from the
 * client's `inspect$`, that the runner merges into what it prints.
 */
export interface CommandSession {
  /**
   * The values to print, one JSON line each. Completes when the command is done (an RPC reply, a
   * publish with nothing to tail), errors when it failed (a refused connection, an RPC error).
   */
  readonly output$: Observable<unknown>;
  /** Releases the client, every socket and timer, so that the process can end by itself. */
  close(): Promise<void>;
}
