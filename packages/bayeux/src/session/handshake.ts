import { BadFrameError } from '@rxwire/core';
import { BayeuxError, replyError } from '../bayeuxError.js';
import { adviceFor, HANDSHAKE, sanitizeAdvice, type Advice, type BayeuxMessage, type ConnectionType } from '../message.js';
import type { ConnectionTypes } from './connectionTypePicker.js';

/** A handshake to send. @internal */
export interface HandshakeRequest {
  message: BayeuxMessage;
  via: ConnectionType;
  /** Open the WebSocket now, beside this handshake over HTTP. */
  openWebSocket: boolean;
}

/** What a successful handshake reply means for the session. @internal */
export type HandshakeOutcome =
  | {
      type: 'accepted';
      clientId: string;
      connectionType: ConnectionType;
      /** The WebSocket opened beside an HTTP handshake is not wanted: the server chose another type. */
      dropWebSocket: boolean;
    }
  /** No clientId: the reply is reported, and counts as a failed attempt. */
  | { type: 'invalid'; error: BadFrameError }
  /** The server offers none of the allowed connection types: the session ends. */
  | { type: 'unsupported'; error: BayeuxError };

/** What a denied handshake leads to: one more try once `authenticate()` settled, or the end. @internal */
export type DenialOutcome = { type: 'retry'; authenticated: Promise<void> } | { type: 'denied'; error: BayeuxError };

/**
 * The handshake and the server's advice: what a handshake request carries and how it travels, and
 * what a reply means (accepted over which connection type, invalid, or denied). The session decides
 * when to handshake and what to do with the outcome; this holds the rules of the exchange.
 * @internal
 */
export class Handshake {
  readonly #types: ConnectionTypes;
  readonly #authenticate: (() => Promise<void>) | undefined;
  /** The session's first handshake may go over HTTP while the WebSocket opens (as Faye's client does). */
  #firstOfSession = true;
  /** The id of that HTTP handshake while it is out: its failure falls back to a handshake over the WebSocket. */
  #httpId: string | undefined;
  /** `authenticate()` runs once per denial streak; a second denial after it is final. */
  #authTried = false;
  /** The server's advice so far: servers send only what changed. */
  #advice: Advice = {};
  #warnedMultipleClients = false;

  constructor(types: ConnectionTypes, authenticate: (() => Promise<void>) | undefined) {
    this.#types = types;
    this.#authenticate = authenticate;
  }

  get advice(): Advice {
    return this.#advice;
  }

  /** The advice that applies to one connection type. */
  adviceFor(connectionType: ConnectionType | undefined): Advice {
    return adviceFor(this.#advice, connectionType);
  }

  /** The next handshake to send (call {@link sent} with its id). */
  request(): HandshakeRequest {
    const types = this.#types;
    types.resetIfDue();
    const remaining = types.remaining;
    // The first handshake goes over HTTP while the WebSocket opens, so that the connect and the
    // subscriptions go out over an open socket one round trip sooner (upgrade ∥ handshake, then
    // connect + subscribe: two round trips instead of three). Later handshakes take the current type.
    const early = this.#firstOfSession && remaining[0] === 'websocket' && remaining.includes('long-polling');
    this.#firstOfSession = false;
    return {
      message: { channel: HANDSHAKE, version: '1.0', minimumVersion: '1.0', supportedConnectionTypes: remaining },
      via: early ? 'long-polling' : types.current,
      openWebSocket: early,
    };
  }

  /** The handshake went out with this id (`overHttp`: beside the opening WebSocket). */
  sent(id: string, { overHttp }: { overHttp: boolean }): void {
    this.#httpId = overHttp ? id : undefined;
  }

  /**
   * The handshake with this id failed. True when it was the HTTP one beside the opening WebSocket (no
   * HTTP endpoint, CORS, refused): the session handshakes over the WebSocket at once, no failed attempt.
   */
  failedOverHttp(id: string | undefined): boolean {
    if (id === undefined || id !== this.#httpId) return false;
    this.#httpId = undefined;
    return true;
  }

  /** A successful reply: the session's clientId and connection type, or why there is none. */
  accept(reply: BayeuxMessage): HandshakeOutcome {
    if (typeof reply.clientId !== 'string' || reply.clientId === '') {
      return { type: 'invalid', error: new BadFrameError('The handshake reply carried no clientId.', 0, { payload: reply }) };
    }
    const types = this.#types;
    const offered = reply.supportedConnectionTypes;
    const candidates = types.remaining;
    const chosen = types.choose(offered);
    if (chosen === undefined) {
      const why = `The server offers ${JSON.stringify(offered)}, none of the allowed connection types ${JSON.stringify(candidates)}.`;
      return { type: 'unsupported', error: new BayeuxError('UNSUPPORTED_CONNECTION_TYPE', why, { payload: reply }) };
    }
    // After an HTTP handshake the WebSocket is still unproven: if its first connect fails, fall back
    // at once. A server that offers no WebSocket gets the one opened beside the handshake closed.
    const overHttp = this.#httpId !== undefined;
    this.#httpId = undefined;
    types.confirm(overHttp && chosen === 'websocket');
    this.#authTried = false;
    return { type: 'accepted', clientId: reply.clientId, connectionType: chosen, dropWebSocket: overHttp && chosen !== 'websocket' };
  }

  /** A denied handshake: authenticate once and try again, or give up. */
  deny(reply: BayeuxMessage): DenialOutcome {
    const authenticate = this.#authenticate;
    if (!authenticate || this.#authTried) return { type: 'denied', error: replyError('HANDSHAKE_DENIED', 'The server denied the handshake', reply) };
    this.#authTried = true;
    const authenticated = authenticate().then(undefined, (cause: unknown) => {
      throw replyError('HANDSHAKE_DENIED', 'The server denied the handshake', reply, undefined, cause);
    });
    return { type: 'retry', authenticated };
  }

  /** The first time the advice says another client shares this browser id: the warning to report. */
  multipleClientsWarning(connectionType: ConnectionType | undefined): BayeuxError | undefined {
    if (this.#warnedMultipleClients || !this.adviceFor(connectionType)['multiple-clients']) return undefined;
    this.#warnedMultipleClients = true;
    const why = 'Another client shares this browser id (cookie); the server slows this one down.';
    return new BayeuxError('MULTIPLE_CLIENTS', why, { payload: this.#advice });
  }

  /**
   * Takes the advice a reply carried, keeping the fields of the right type. Returns the advice as it
   * now stands (undefined when nothing usable came) and whether fields were dropped.
   */
  takeAdvice(value: unknown): { advice: Advice | undefined; dropped: boolean } {
    const { advice, dropped } = sanitizeAdvice(value);
    if (!advice) return { advice: undefined, dropped };
    this.#advice = { ...this.#advice, ...advice };
    return { advice: this.#advice, dropped };
  }
}
