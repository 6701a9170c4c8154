// @vitest-environment jsdom
import { hydrateRoot, type Root } from 'react-dom/client';
import { renderToString } from 'react-dom/server';
import { BehaviorSubject } from 'rxjs';
import { act } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EveryHookApp } from './testing/everyHook.js';
import { createFakeRpcClient } from './testing/fakeChannelSource.js';
import { microtaskScheduler } from './microtaskScheduler.js';

let root: Root | undefined;
afterEach(() => {
  act(() => root?.unmount());
  root = undefined;
  document.body.innerHTML = '';
});

describe('hydration', () => {
  it('hydrates server HTML without a mismatch, then subscribes and goes live', async () => {
    const server = createFakeRpcClient();
    const html = renderToString(<EveryHookApp client={server} count$={new BehaviorSubject(0)} />);
    const container = document.createElement('div');
    container.innerHTML = html;
    document.body.appendChild(container);

    const client = createFakeRpcClient();
    const count$ = new BehaviorSubject(0);
    const recoverable = vi.fn();
    const logged = vi.spyOn(console, 'error');
    try {
      await act(async () => {
        // jsdom has requestAnimationFrame: render each act's messages in its microtasks instead.
        root = hydrateRoot(container, <EveryHookApp client={client} count$={count$} schedule={microtaskScheduler} />, {
          onRecoverableError: recoverable,
        });
      });
      expect(recoverable).not.toHaveBeenCalled();
      expect(logged).not.toHaveBeenCalled();
    } finally {
      logged.mockRestore();
    }
    expect(client.fake('/chat/room1').wireSubscribes).toBe(1);
    expect(client.calls).toHaveLength(1);
    await act(async () => {
      client.fake<string>('/chat/room1').emit('hello');
      client.fake<number>('/ticker', 'tick').emit(42);
      client.setState('connected');
      count$.next(5);
      client.calls[0]?.resolve(3);
    });
    const text = (id: string) => container.querySelector(`#${id}`)?.textContent;
    expect(text('latest')).toBe('hello');
    expect(text('history')).toBe('hello');
    expect(text('ticker')).toBe('42');
    expect(text('state')).toBe('connected');
    expect(text('connection')).toBe('connected');
    expect(text('count')).toBe('5');
    expect(text('sum')).toBe('3');
  });
});
