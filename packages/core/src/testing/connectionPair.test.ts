import { describe, expect, it } from 'vitest';
import { createConnectionPair } from './connectionPair.js';

describe('createConnectionPair', () => {
  it('delivers what one end sends to the other, both ways', () => {
    const [client, server] = createConnectionPair<string>();
    const atServer: string[] = [];
    const atClient: string[] = [];
    server.messages$.subscribe((m) => atServer.push(m));
    client.messages$.subscribe((m) => atClient.push(m));
    client.send('ping');
    server.send('pong');
    expect(atServer).toEqual(['ping']);
    expect(atClient).toEqual(['pong']);
    expect(client.sent).toEqual(['ping']);
  });

  it('queues while an end is not connected and delivers in order on reconnect', () => {
    const [client, server] = createConnectionPair<number>();
    const atServer: number[] = [];
    server.messages$.subscribe((m) => atServer.push(m));
    client.setState('reconnecting');
    client.send(1);
    client.send(2);
    expect(client.pendingSendCount).toBe(2);
    client.setState('connected');
    expect(atServer).toEqual([1, 2]);
  });

  it('close ends the stream and refuses further sends', () => {
    const [client] = createConnectionPair<number>();
    let completed = false;
    client.messages$.subscribe({ complete: () => (completed = true) });
    client.close(4000, 'done');
    expect(completed).toBe(true);
    expect(client.send(1)).toBe(false);
    expect(client.state).toBe('closed');
  });
});
