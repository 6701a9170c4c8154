import { describe, expect, it } from 'vitest';
import { Subscriptions } from './subscriptions.js';

function setup() {
  const notified: Array<[string, boolean]> = [];
  const sent: string[] = [];
  let nextId = 0;
  const subscriptions = new Subscriptions({
    notify: (channel, subscribed) => notified.push([channel, subscribed]),
    denied: () => undefined,
    request: (channel) => {
      sent.push(channel);
      return String(++nextId);
    },
  });
  return { notified, sent, subscriptions };
}

describe('Subscriptions', () => {
  it('sends what waits, once, and counts only the answer to the latest subscribe', () => {
    const { notified, sent, subscriptions } = setup();
    expect(subscriptions.add('/a')).toBe(true);
    expect(subscriptions.add('/a')).toBe(false);
    subscriptions.add('/b');
    subscriptions.flush();
    subscriptions.flush();
    expect(sent).toEqual(['/a', '/b']);
    // '/a' is dropped and wanted again: the answer to its first subscribe (id 1) decides nothing.
    expect(subscriptions.remove('/a')).toBe(true);
    subscriptions.add('/a');
    subscriptions.send('/a');
    expect(subscriptions.set('/a', '1', true)).toBe(false);
    expect(subscriptions.set('/a', '3', true)).toBe(true);
    expect(notified).toEqual([]);
    subscriptions.confirm();
    expect(notified).toEqual([['/a', true]]);
  });

  it('unconfirms on a lost connection and sends everything again', () => {
    const { notified, sent, subscriptions } = setup();
    subscriptions.add('/a');
    subscriptions.flush();
    subscriptions.set('/a', '1', true);
    subscriptions.reset();
    expect(notified).toEqual([['/a', false]]);
    subscriptions.flush();
    expect(sent).toEqual(['/a', '/a']);
  });

  it('forgets a denied channel, and everything when cleared', () => {
    const { notified, subscriptions } = setup();
    subscriptions.add('/denied');
    subscriptions.add('/held');
    subscriptions.flush();
    expect(subscriptions.set('/denied', '1')).toBe(true);
    expect(subscriptions.add('/denied')).toBe(true);
    subscriptions.set('/held', '2', true);
    expect(subscriptions.remove('/never')).toBe(false);
    subscriptions.clear();
    expect(notified).toEqual([['/held', false]]);
    expect(subscriptions.add('/held')).toBe(true);
    // Never sent: removing it asks nothing of the server.
    expect(subscriptions.remove('/held')).toBe(false);
  });
});
