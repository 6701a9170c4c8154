import { afterEach, describe, expect, it, vi } from 'vitest';
import { wrongOptionValues } from '@rxwire/test-support/optionCases';
import { createFakeWebSocket } from './testing/index.js';
import { webSocketConnection } from './webSocketConnection.js';
import { webSocketConnectionRules } from './webSocketConnectionOptionRules.js';
import type { Connection } from './connection.js';

const opened: Connection<unknown>[] = [];
afterEach(() => {
  for (const connection of opened.splice(0)) connection.close();
  vi.restoreAllMocks();
});

describe('webSocketConnection options, checked when constructed', () => {
  const { cases, unchecked } = wrongOptionValues(webSocketConnectionRules);

  it('has a rule that can reject each option', () => {
    expect(unchecked).toEqual([]);
  });

  it.each(cases)('a wrong %s throws a TypeError naming it, before any socket opens', (name, value) => {
    const fake = createFakeWebSocket();
    const options = { url: 'ws://test.invalid/ws', WebSocket: fake.WebSocket, logger: false as const, [name]: value };
    expect(() => opened.push(webSocketConnection(options as never))).toThrow(TypeError);
    expect(() => opened.push(webSocketConnection(options as never))).toThrow(`option "${name}"`);
    expect(fake.sockets).toHaveLength(0);
  });

  it('reports a misspelt option once through the logger, with the closest name', () => {
    const logger = vi.fn();
    const fake = createFakeWebSocket();
    opened.push(webSocketConnection({ url: 'ws://test.invalid/ws', WebSocket: fake.WebSocket, logger, lazy: true, conectTimeoutMs: 5 } as never));
    expect(logger).toHaveBeenCalledTimes(1);
    expect(logger).toHaveBeenCalledWith('[rxwire] webSocketConnection: unknown option "conectTimeoutMs" is ignored (did you mean "connectTimeoutMs"?).');
  });
});

describe('webSocketConnection logger option', () => {
  /** A connection whose first send fails to encode: an error nobody observes, so it is logged. */
  function logOneError(logger: unknown): void {
    const fake = createFakeWebSocket();
    const connection = webSocketConnection({ url: 'ws://test.invalid/ws', WebSocket: fake.WebSocket, lazy: true, logger: logger as never });
    opened.push(connection);
    const circular: Record<string, unknown> = {};
    circular['self'] = circular;
    expect(connection.send(circular)).toBe(false);
  }

  it('takes console (an object with warn)', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    logOneError(console);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('Could not encode'));
  });

  it('calls an object logger as a method, as pino and winston need', () => {
    const lines: string[] = [];
    const pinoLike = {
      lines,
      warn(this: { lines: string[] }, message: string) {
        this.lines.push(message);
      },
    };
    logOneError(pinoLike);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('Could not encode');
  });

  it('is silent with false', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    logOneError(false);
    expect(warn).not.toHaveBeenCalled();
  });

  it('carries on when the logger throws', () => {
    const logger = vi.fn(() => {
      throw new Error('logger broke');
    });
    expect(() => logOneError(logger)).not.toThrow();
    expect(logger).toHaveBeenCalledTimes(1);
  });
});
