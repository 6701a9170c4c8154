import type { Clock } from '@rxwire/core';
import type { ConnectionType } from '../message.js';

/**
 * Which connection type the session uses, and when it falls back to another or back up: what the
 * session asks of {@link ConnectionTypePicker} (several types) and {@link SingleConnectionType}. @internal
 */
export interface ConnectionTypes {
  readonly current: ConnectionType;
  readonly remaining: ConnectionType[];
  handshakeFailed(type: ConnectionType): boolean;
  connectFailed(type: ConnectionType, retried: boolean): boolean | undefined;
  confirm(unproven?: boolean): void;
  resetIfDue(): void;
  choose(offered: unknown): ConnectionType | undefined;
  upgradeIfDue(): boolean;
}

/**
 * Which connection type the session uses: the first preference the server offers, one step down
 * when the WebSocket cannot be opened or keeps dying, and back up after `upgradeAfterMs`. @internal
 */
export class ConnectionTypePicker implements ConnectionTypes {
  #index = 0;
  #downgradedAt: number | undefined;
  #offered: readonly string[] | undefined;
  /** Whether the current type worked since the last fallback. */
  #confirmed = true;
  /** Set while the first connect after moving back up is out: if it fails, fall back at once. */
  #upgrading = false;
  /**
   * Set when every type failed (the server was down, not just its WebSocket): a fallback taken while
   * it comes back says nothing against the WebSocket, so the first connect that works moves back up.
   */
  #afterOutage = false;

  readonly #types: readonly ConnectionType[];
  readonly #clock: Clock;
  readonly #upgradeAfterMs: number;

  constructor(types: readonly ConnectionType[], clock: Clock, upgradeAfterMs: number) {
    if (types.length === 0) throw new RangeError('connectionTypes must not be empty.');
    this.#types = types;
    this.#clock = clock;
    this.#upgradeAfterMs = upgradeAfterMs;
  }

  get current(): ConnectionType {
    return this.#types[this.#index] as ConnectionType;
  }

  /** The current type and those after it, as sent in a handshake. */
  get remaining(): ConnectionType[] {
    return this.#types.slice(this.#index);
  }

  /** A handshake over `type` failed: true when it falls back to the next type, to be tried at once. */
  handshakeFailed(type: ConnectionType): boolean {
    // A WebSocket that cannot be opened: try the next connection type at once.
    if (type === 'websocket' && this.#downgrade()) return true;
    this.#fallbackFailed();
    return false;
  }

  /**
   * A connect over `type` failed (`retried`: not for the first time in a row). True: it falls back to
   * the next type, to be tried at once with the same client id; false: it went back to the preferred
   * type; undefined: the type stays.
   */
  connectFailed(type: ConnectionType, retried: boolean): boolean | undefined {
    // The WebSocket keeps dying (or did not come back): carry on over the next type.
    const fellBack = type === 'websocket' && (retried || this.#upgrading) && this.#downgrade();
    this.#upgrading = false;
    return fellBack || (this.#fallbackFailed() ? false : undefined);
  }

  /** Steps down to the next type; false when there is none. */
  #downgrade(): boolean {
    if (this.#index >= this.#types.length - 1) return false;
    this.#index++;
    this.#downgradedAt = this.#clock.now();
    this.#confirmed = false;
    return true;
  }

  /**
   * The current type worked (a handshake or connect succeeded over it). `unproven`: the handshake
   * went over HTTP while the WebSocket opened, so a failure of the first connect falls back at once.
   */
  confirm(unproven?: boolean): void {
    this.#confirmed = true;
    if (this.#index === 0) this.#afterOutage = false;
    if (unproven) this.#upgrading = true;
  }

  /**
   * The fallback failed too before it ever worked: the server is unreachable altogether, not just
   * its WebSocket. Start from the preferred type again, so a restarted server gets it back.
   */
  #fallbackFailed(): boolean {
    if (this.#confirmed || this.#index === 0) return false;
    this.#index = 0;
    this.#downgradedAt = undefined;
    this.#confirmed = true;
    this.#afterOutage = true;
    return true;
  }

  /** Before a handshake: start from the preferred type again once the fallback is old enough. */
  resetIfDue(): void {
    if (!this.#due()) return;
    this.#index = 0;
    this.#downgradedAt = undefined;
    this.#confirmed = true;
  }

  /** After a handshake reply: the first remaining type the server offers (undefined if none), now current. */
  choose(offered: unknown): ConnectionType | undefined {
    this.#offered = Array.isArray(offered) ? (offered as string[]) : undefined;
    const list = this.#offered;
    const chosen = list ? this.remaining.find((t) => list.includes(t)) : this.current;
    if (chosen !== undefined) this.#index = this.#types.indexOf(chosen);
    return chosen;
  }

  /** After a successful connect: moves back up to a preferred type the server offered, if due. */
  upgradeIfDue(): boolean {
    this.#upgrading = false;
    if (!this.#due() && !(this.#afterOutage && this.#downgradedAt !== undefined)) return false;
    this.#downgradedAt = undefined;
    this.#afterOutage = false;
    const offered = this.#offered;
    const index = this.#types.findIndex((t) => !offered || offered.includes(t));
    if (index < 0 || index >= this.#index) return false;
    this.#index = index;
    this.#upgrading = true;
    return true;
  }

  #due(): boolean {
    return this.#downgradedAt !== undefined && this.#clock.now() - this.#downgradedAt >= this.#upgradeAfterMs;
  }
}
