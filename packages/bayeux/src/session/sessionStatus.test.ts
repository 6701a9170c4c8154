import { describe, expect, it } from 'vitest';
import { SessionStatus } from './sessionStatus.js';
import type { SessionEvent } from './sessionPorts.js';

describe('SessionStatus', () => {
  it('derives the public state from the phase and reports each change once', () => {
    const events: SessionEvent[] = [];
    const status = new SessionStatus((event) => events.push(event));
    status.enter('handshaking');
    status.enter('connecting');
    status.clientId = 'c1';
    status.enter('connected');
    status.enter('reconnecting');
    status.enter('handshaking');
    expect(status.clientId).toBeUndefined();
    status.enter('disconnecting');
    expect(status.ending).toBe(true);
    status.enter('closed');
    status.setConnectionType('websocket');
    status.setConnectionType('websocket');
    expect(events).toEqual([
      { type: 'state', state: 'connecting' },
      { type: 'state', state: 'connected' },
      { type: 'state', state: 'reconnecting' },
      { type: 'state', state: 'closed' },
      { type: 'connectionType', connectionType: 'websocket' },
    ]);
  });
});
