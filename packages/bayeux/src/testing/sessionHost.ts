import type { ConnectionState, RxwireError } from '@rxwire/core';
import type { BayeuxError } from '../bayeuxError.js';
import type { Advice, BayeuxMessage, ConnectionType } from '../message.js';
import { BayeuxSession } from '../session/bayeuxSession.js';
import { ConnectionTypePicker } from '../session/connectionTypePicker.js';
import type { SessionOptions, SessionPorts } from '../session/sessionPorts.js';

/** The session's options as its unit tests give them: the connection types as a list. */
export type TestSessionOptions = Omit<SessionOptions, 'connectionTypes'> & { connectionTypes: ConnectionType[]; upgradeAfterMs?: number };

/** A session whose connection types are picked as `@rxwire/bayeux` picks them. */
export function createTestSession(options: TestSessionOptions, ports: SessionPorts): BayeuxSession {
  const { upgradeAfterMs, ...rest } = options;
  return new BayeuxSession({ ...rest, connectionTypes: new ConnectionTypePicker(options.connectionTypes, options.clock, upgradeAfterMs ?? 60_000) }, ports);
}

/** A recorder for the session's output, one callback per kind, as the session's unit tests read it. */
export interface TestSessionHost {
  send(message: BayeuxMessage, connectionType: ConnectionType): void;
  open?(connectionType: ConnectionType): void;
  reset(connectionType: ConnectionType): void;
  onState(state: ConnectionState): void;
  onConnectionType(connectionType: ConnectionType | undefined): void;
  onEvent(message: BayeuxMessage): void;
  onSubscribed(channel: string, subscribed: boolean): void;
  onSubscribeDenied(channel: string, error: BayeuxError): void;
  onError(error: RxwireError): void;
  onClosed(error: RxwireError | undefined): void;
  onAdvice?(advice: Advice): void;
  onNetworkFailure?(): void;
  onHoldExpired?(): void;
}

/** The session's ports, each effect and event handed to the recorder's callback of its kind. */
export function portsFor(host: TestSessionHost): SessionPorts {
  return {
    transports: (effect) => {
      switch (effect.type) {
        case 'send':
          return host.send(effect.message, effect.via);
        case 'open':
          return host.open?.(effect.via);
        case 'reset':
          return host.reset(effect.via);
        case 'resume':
          return host.onHoldExpired?.();
      }
    },
    events: (event) => {
      switch (event.type) {
        case 'state':
          return host.onState(event.state);
        case 'connectionType':
          return host.onConnectionType(event.connectionType);
        case 'subscribed':
          return host.onSubscribed(event.channel, event.subscribed);
        case 'subscribeDenied':
          return host.onSubscribeDenied(event.channel, event.error);
        case 'error':
          return host.onError(event.error);
        case 'closed':
          return host.onClosed(event.error);
        case 'advice':
          return host.onAdvice?.(event.advice);
        case 'networkFailure':
          return host.onNetworkFailure?.();
      }
    },
    deliver: (message) => host.onEvent(message),
  };
}
