import type { ConnectionType } from '../message.js';
import type { ConnectionTypes } from './connectionTypePicker.js';

/**
 * One connection type and nothing to fall back to (the WebSocket of `@rxwire/bayeux/websocket`):
 * without a second transport there is no fallback or upgrade logic to carry in the bundle. @internal
 */
export class SingleConnectionType implements ConnectionTypes {
  readonly current: ConnectionType;

  constructor(type: ConnectionType) {
    this.current = type;
  }

  get remaining(): ConnectionType[] {
    return [this.current];
  }

  /** Nothing to fall back to: a failure is retried over the same type. */
  handshakeFailed(): boolean {
    return false;
  }

  connectFailed(): undefined {
    return undefined;
  }

  confirm(): void {}

  resetIfDue(): void {}

  /** The type, when the server offers it (or says nothing of what it offers). */
  choose(offered: unknown): ConnectionType | undefined {
    return !Array.isArray(offered) || offered.includes(this.current) ? this.current : undefined;
  }

  upgradeIfDue(): boolean {
    return false;
  }
}
