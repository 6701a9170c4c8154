import { BadFrameError, type RxwireError } from '@rxwire/core';
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

/**
 * What a denied handshake leads to: one more try once `authenticate()` settled (at once, or after a
 * backoff), or the end. @internal
 */
export type DenialOutcome = { type: 'retry'; denial: BayeuxError; backoff: boolean; authenticated: Promise<void> } | { type: 'denied'; error: BayeuxError };

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
  /** The last denial while the server keeps denying the handshake; forgotten on anything else. */
  #lastDenial: BayeuxError | undefined;

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
    this.#lastDenial = undefined;
    return { type: 'accepted', clientId: reply.clientId, connectionType: chosen, dropWebSocket: overHttp && chosen !== 'websocket' };
  }

  /**
   * A denied handshake. The first denial runs `authenticate()` (where set) and tries again at once.
   * A server that advises another handshake (`reconnect: "handshake"`) is tried again after a
   * backoff, authenticating again first, until the session's deadline; any other denial is final.
   */
  deny(reply: BayeuxMessage): DenialOutcome {
    const denial = (this.#lastDenial = replyError('HANDSHAKE_DENIED', 'The server denied the handshake', reply));
    const firstDenial = !this.#authTried;
    const advisedAgain = reply.advice?.reconnect === 'handshake';
    if (!advisedAgain && (!this.#authenticate || !firstDenial)) return { type: 'denied', error: denial };
    this.#authTried = true;
    return { type: 'retry', denial, backoff: !firstDenial || !this.#authenticate, authenticated: this.#runAuthenticate(reply) };
  }

  /** Something other than a denial happened (a network failure): a later deadline is not the server's refusal. */
  forgetDenial(): void {
    this.#lastDenial = undefined;
  }

  /**
   * The session's deadline passed: while the server kept denying the handshake, the app sees a
   * HANDSHAKE_DENIED caused by the last denial, not a bare timeout.
   */
  explainDeadline(deadline: RxwireError): RxwireError {
    const denial = this.#lastDenial;
    if (!denial) return deadline;
    const message = `The server kept denying the handshake until the deadline (${deadline.message}); last denial: ${denial.message}`;
    return new BayeuxError('HANDSHAKE_DENIED', message, { cause: denial, payload: denial.payload, serverError: denial.serverError });
  }

  /** `authenticate()`, where set; its failure (a throw too) ends the session with the denial it answered. */
  #runAuthenticate(reply: BayeuxMessage): Promise<void> {
    const authenticate = this.#authenticate;
    if (!authenticate) return Promise.resolve();
    let authenticated: Promise<void>;
    try {
      authenticated = authenticate();
    } catch (cause) {
      // A synchronous throw in the app's callback is a failure like a rejection, not a crash.
      authenticated = Promise.reject(cause);
    }
    return authenticated.then(undefined, (cause: unknown) => {
      throw replyError('HANDSHAKE_DENIED', 'The server denied the handshake', reply, undefined, cause);
    });
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

