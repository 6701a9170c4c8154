import type { ConnectionState } from '@rxwire/core';
import type { ConnectionType } from '../message.js';
import type { SessionEvent } from './sessionPorts.js';

/** Where the session is. 'disconnecting' and 'closed' are its end: nothing new starts there. @internal */
export type Phase = 'idle' | 'handshaking' | 'connecting' | 'connected' | 'reconnecting' | 'disconnecting' | 'closed';

/**
 * Where the session is, and what the client shows of it: the public connection state (derived from
 * the phase), the connection type and the clientId; each change of state or type is reported as an
 * event. Apart from the session so that the state machine says only which phase comes next.
 * @internal
 */
export class SessionStatus {
  #phase: Phase = 'idle';
  #everConnected = false;
  #state: ConnectionState = 'idle';
  #connectionType: ConnectionType | undefined;
  /** The server's id for the session, while there is one. */
  clientId: string | undefined;
  readonly #events: (event: SessionEvent) => void;

  constructor(events: (event: SessionEvent) => void) {
    this.#events = events;
  }

  get phase(): Phase {
    return this.#phase;
  }

  /** Saying goodbye, or gone. */
  get ending(): boolean {
    return this.#phase === 'disconnecting' || this.#phase === 'closed';
  }

  get connectionType(): ConnectionType | undefined {
    return this.#connectionType;
  }

  /** Moves to `phase`; a new handshake and the end forget the clientId. */
  enter(phase: Phase): void {
    this.#phase = phase;
    if (phase === 'handshaking' || phase === 'closed') this.clientId = undefined;
    if (phase === 'connected') this.#everConnected = true;
    // While disconnecting, the state stays as it was.
    if (phase === 'disconnecting') return;
    const state: ConnectionState =
      phase === 'idle' || phase === 'closed' || phase === 'connected' ? phase : this.#everConnected ? 'reconnecting' : 'connecting';
    if (state === this.#state) return;
    this.#state = state;
    this.#events({ type: 'state', state });
  }

  setConnectionType(connectionType: ConnectionType | undefined): void {
    if (this.#connectionType === connectionType) return;
    this.#connectionType = connectionType;
    this.#events({ type: 'connectionType', connectionType });
  }
}
