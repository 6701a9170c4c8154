import type { ConnectionState } from '@rxwire/core';

/** Where the session engine is. @internal */
export type Phase = 'idle' | 'handshaking' | 'connecting' | 'connected' | 'reconnecting' | 'disconnecting' | 'closed';

/** The public state for a phase; undefined while disconnecting (the state stays as it was). @internal */
export function publicState(phase: Phase, everConnected: boolean): ConnectionState | undefined {
  switch (phase) {
    case 'idle':
    case 'closed':
    case 'connected':
      return phase;
    case 'disconnecting':
      return undefined;
    case 'handshaking':
    case 'connecting':
    case 'reconnecting':
      return everConnected ? 'reconnecting' : 'connecting';
  }
}
