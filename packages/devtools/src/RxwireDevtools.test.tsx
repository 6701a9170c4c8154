// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RxwireDevtools } from './RxwireDevtools.js';
import { createFakeInspectable } from './testing/fakeInspectable.js';

const channel = (name: string, change: Partial<{ observers: number; subscribed: boolean; messages: number; pending: number; lastMessage: unknown }> = {}) => ({
  name,
  observers: 1,
  subscribed: true,
  status: 'live' as const,
  messages: 0,
  pending: 0,
  ...change,
});

beforeEach(() => {
  localStorage.clear();
  // The panel's refresh timer, its animation frames (jsdom has them) and the clock.
  vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date', 'requestAnimationFrame', 'cancelAnimationFrame'], now: Date.UTC(2026, 11, 5, 8, 0, 0) });
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const panel = () => screen.getByRole('region', { name: 'rxwire devtools' });
const fact = (name: string) => panel().querySelector(`[data-fact="${name}"] dd`)?.textContent;
const row = (name: string) => panel().querySelector(`tr[data-channel="${name}"]`) as HTMLElement;
/** Runs `change`, then lets the next animation frame come (the panel renders at frames). */
const live = (change: () => void) =>
  act(async () => {
    change();
    vi.advanceTimersByTime(16);
  });
const tick = (ms: number) => live(() => vi.advanceTimersByTime(ms));

describe('RxwireDevtools', () => {
  it('starts closed as a toggle button, and watches nothing while closed', () => {
    const client = createFakeInspectable();
    render(<RxwireDevtools client={client} />);
    expect(screen.getByRole('button', { name: 'Open rxwire devtools' })).toHaveProperty('ariaExpanded', 'false');
    expect(screen.queryByRole('region', { name: 'rxwire devtools' })).toBeNull();
    expect(client.observers).toBe(0);
  });

  it('shows the client: url, state, connection type, clientId, reconnects, last error', () => {
    const client = createFakeInspectable({
      snapshot: { url: 'wss://example.test/bayeux?token=%5Bredacted%5D', state: 'connected', connectionType: 'websocket', clientId: 'abc123', reconnects: 3, lastError: Object.assign(new Error('socket closed'), { code: 'CONNECTION_LOST' }) as never },
    });
    render(<RxwireDevtools client={client} initialIsOpen />);
    expect(fact('url')).toBe('wss://example.test/bayeux?token=%5Bredacted%5D');
    expect(fact('state')).toBe('connected');
    expect(fact('connection')).toBe('websocket');
    expect(fact('clientId')).toBe('abc123');
    expect(fact('reconnects')).toBe('3');
    expect(fact('last error')).toBe('CONNECTION_LOST: socket closed');
    // No role$ and no role in the snapshot: no role line.
    expect(fact('role')).toBeUndefined();
    expect(client.observers).toBe(1);
  });

  it("shows the tab role from role$, as it changes", async () => {
    const client = createFakeInspectable({ role: 'follower' });
    render(<RxwireDevtools client={client} initialIsOpen />);
    await live(() => {});
    expect(fact('role')).toBe('follower');
    await live(() => client.setRole('leader'));
    expect(fact('role')).toBe('leader');
  });

  it('lists channels with observers, wire subscription, status, count, rate, pending and last message', async () => {
    const client = createFakeInspectable({ snapshot: { channels: [channel('/chat/demo', { observers: 2, messages: 10, pending: 1, lastMessage: { text: 'hi', n: [1, 2] } })] } });
    render(<RxwireDevtools client={client} initialIsOpen refreshMs={1000} />);
    const cells = () => [...row('/chat/demo').querySelectorAll('td')].map((td) => td.textContent);
    expect(cells().slice(0, 7)).toEqual(['/chat/demo', '2', 'subscribed', 'live', '10', '0/s', '1']);

    client.setSnapshot({ channels: [channel('/chat/demo', { observers: 2, messages: 30, pending: 0, subscribed: false, lastMessage: { text: 'hi', n: [1, 2] } })] });
    await tick(1000);
    expect(cells().slice(0, 7)).toEqual(['/chat/demo', '2', 'not subscribed', 'live', '30', '20/s', '0']);

    // The last message is a collapsed tree that opens with its button.
    const toggle = within(row('/chat/demo')).getByRole('button', { name: 'Expand last message of /chat/demo' });
    expect(row('/chat/demo').textContent).not.toContain('text: "hi"');
    fireEvent.click(toggle);
    expect(row('/chat/demo').textContent).toContain('text: "hi"');
    fireEvent.click(within(row('/chat/demo')).getByRole('button', { name: 'Expand last message of /chat/demo.n' }));
    expect(row('/chat/demo').textContent).toContain('0: 1');
    fireEvent.click(within(row('/chat/demo')).getByRole('button', { name: 'Collapse last message of /chat/demo' }));
    expect(row('/chat/demo').textContent).not.toContain('text: "hi"');
  });

  it('shows calls in flight with their elapsed time, then with latency and outcome', async () => {
    const client = createFakeInspectable({ snapshot: { kind: 'rpc', url: 'ws://127.0.0.1:8082/stream' } });
    render(<RxwireDevtools client={client} initialIsOpen refreshMs={1000} />);
    await live(() => client.emit({ dir: 'out', kind: 'call', id: 1, channel: 'add', data: { a: 1, b: 2 } }));
    client.setSnapshot({ calls: [{ id: 1, method: 'add', startedAt: Date.now() }] });
    await tick(3000);
    const inFlight = screen.getByRole('table', { name: 'Calls in flight' });
    expect(within(inFlight).getAllByRole('row')[1]?.textContent).toBe('add13.0 s');

    await live(() => client.emit({ dir: 'in', kind: 'reply', id: 1, latencyMs: 3012, ok: true, data: 3 }));
    client.setSnapshot({ calls: [] });
    expect(screen.queryByRole('table', { name: 'Calls in flight' })).toBeNull();
    const recent = screen.getByRole('table', { name: 'Recent calls' });
    expect(within(recent).getAllByRole('row')[1]?.textContent).toBe('add13.0 sok');

    await live(() => {
      client.emit({ dir: 'out', kind: 'call', id: 2, channel: 'div', data: {} });
      client.emit({ dir: 'in', kind: 'reply', id: 2, latencyMs: 12, ok: false, data: { message: 'nope' } });
    });
    expect(within(recent).getAllByRole('row')[1]?.textContent).toBe('div212 msfailed');
  });

  it('logs frames newest first; pause holds the log still, filter narrows it, clear empties it', async () => {
    const client = createFakeInspectable();
    render(<RxwireDevtools client={client} initialIsOpen />);
    const frames = () =>
      screen
        .queryAllByRole('row')
        .filter((tr) => tr.hasAttribute('data-kind'))
        .map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent).join(' | '));
    await live(() => {
      client.emit({ dir: 'out', kind: 'frame', channel: '/meta/subscribe', size: 60, data: 'subscribe' });
      client.emit({ dir: 'in', kind: 'frame', channel: '/chat/demo', size: 20, data: 'hello' });
    });
    expect(frames()).toEqual(['08:00:00.000 | ↓ in | frame | /chat/demo | 20 B | hello', '08:00:00.000 | ↑ out | frame | /meta/subscribe | 60 B | subscribe']);

    const click = (name: string) => live(() => void fireEvent.click(screen.getByRole('button', { name })));
    await click('Pause');
    expect(screen.getByRole('button', { name: 'Resume' })).toHaveProperty('ariaPressed', 'true');
    await live(() => client.emit({ dir: 'in', kind: 'frame', channel: '/chat/demo', data: 'while paused' }));
    expect(frames()).toHaveLength(2);
    expect(screen.getByRole('status').textContent).toBe('1 new while paused');
    await click('Resume');
    await live(() => client.emit({ dir: 'in', kind: 'frame', channel: '/chat/demo', data: 'after' }));
    expect(frames()).toHaveLength(3);

    fireEvent.change(screen.getByLabelText('Filter'), { target: { value: 'meta' } });
    expect(frames()).toEqual(['08:00:00.000 | ↑ out | frame | /meta/subscribe | 60 B | subscribe']);
    fireEvent.change(screen.getByLabelText('Filter'), { target: { value: 'nothing like it' } });
    expect(frames()).toEqual([]);
    expect(panel().textContent).toContain('No frame matches the filter.');
    fireEvent.change(screen.getByLabelText('Filter'), { target: { value: '' } });
    await click('Clear');
    expect(frames()).toEqual([]);
  });

  it('a row matching the filter shows what matched, also deep in a long payload', async () => {
    const client = createFakeInspectable();
    render(<RxwireDevtools client={client} initialIsOpen />);
    await live(() => client.emit({ dir: 'in', kind: 'frame', data: { text: 'x'.repeat(100), event: 'needle' } }));
    fireEvent.change(screen.getByLabelText('Filter'), { target: { value: 'needle' } });
    const rows = [...document.querySelectorAll('tr[data-kind]')];
    expect(rows).toHaveLength(1);
    expect(rows[0]?.textContent).toContain('needle');
  });

  it('renders a burst of events at the next animation frame, not per event', async () => {
    const client = createFakeInspectable();
    render(<RxwireDevtools client={client} initialIsOpen />);
    const rows = () => document.querySelectorAll('tr[data-kind]').length;
    await act(async () => {
      for (let i = 0; i < 50; i++) client.emit({ dir: 'in', kind: 'frame', data: i });
    });
    expect(rows()).toBe(0);
    await live(() => {});
    expect(rows()).toBe(50);
  });

  it('toggles, remembers open/closed in localStorage, and stops watching when closed', async () => {
    const client = createFakeInspectable();
    const { unmount } = render(<RxwireDevtools client={client} />);
    fireEvent.click(screen.getByRole('button', { name: 'Open rxwire devtools' }));
    expect(panel()).toBe(document.activeElement);
    expect(client.observers).toBe(1);
    expect(JSON.parse(localStorage.getItem('rxwire-devtools') ?? '{}')).toMatchObject({ open: true });
    unmount();
    expect(client.observers).toBe(0);

    // A reload: the remembered state wins over initialIsOpen.
    render(<RxwireDevtools client={client} initialIsOpen={false} />);
    expect(panel()).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Close rxwire devtools' }));
    expect(client.observers).toBe(0);
    expect(screen.getByRole('button', { name: 'Open rxwire devtools' })).toBe(document.activeElement);
    expect(JSON.parse(localStorage.getItem('rxwire-devtools') ?? '{}')).toMatchObject({ open: false });
  });

  it('works from the keyboard: Escape closes, the separator resizes with the arrow keys', () => {
    const client = createFakeInspectable();
    render(<RxwireDevtools client={client} initialIsOpen />);
    const separator = screen.getByRole('separator', { name: 'Resize rxwire devtools' });
    expect(separator.tabIndex).toBe(0);
    expect(separator.getAttribute('aria-valuenow')).toBe('320');
    fireEvent.keyDown(separator, { key: 'ArrowUp' });
    expect(separator.getAttribute('aria-valuenow')).toBe('340');
    expect(panel().style.height).toBe('340px');
    fireEvent.keyDown(separator, { key: 'End' });
    expect(separator.getAttribute('aria-valuenow')).toBe('80');
    expect(JSON.parse(localStorage.getItem('rxwire-devtools') ?? '{}')).toEqual({ open: true, height: 80 });

    // Escape in a filter with text leaves the panel open (the browser clears the text); then it closes.
    fireEvent.change(screen.getByLabelText('Filter'), { target: { value: 'chat' } });
    fireEvent.keyDown(screen.getByLabelText('Filter'), { key: 'Escape' });
    expect(panel()).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Filter'), { target: { value: '' } });
    fireEvent.keyDown(screen.getByLabelText('Filter'), { key: 'Escape' });
    expect(screen.queryByRole('region', { name: 'rxwire devtools' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Open rxwire devtools' })).toBe(document.activeElement);
  });

  it('shows one tab per client, each with its own view, all watched so a tab keeps its history', async () => {
    const bayeux = createFakeInspectable({ snapshot: { kind: 'bayeux', url: 'http://127.0.0.1:8081/bayeux', clientId: 'b1' } });
    const rpc = createFakeInspectable({ snapshot: { kind: 'rpc', url: 'ws://127.0.0.1:8082/stream' } });
    render(<RxwireDevtools clients={[bayeux, rpc]} initialIsOpen />);
    const tabs = screen.getAllByRole('tab');
    expect(tabs.map((t) => t.textContent)).toEqual(['bayeux http://127.0.0.1:8081/bayeux', 'rpc ws://127.0.0.1:8082/stream']);
    const visible = () => panel().querySelector('[role=tabpanel]:not([hidden])') as HTMLElement;
    const visibleFact = (name: string) => visible().querySelector(`[data-fact="${name}"] dd`)?.textContent;
    expect(visibleFact('clientId')).toBe('b1');
    expect(tabs[0]?.getAttribute('aria-selected')).toBe('true');
    expect(bayeux.observers).toBe(1);
    expect(rpc.observers).toBe(1);
    // A call made while its client's tab is hidden is there when the tab is shown.
    await live(() => {
      rpc.emit({ dir: 'out', kind: 'call', id: 1, channel: 'add', data: {} });
      rpc.emit({ dir: 'in', kind: 'reply', id: 1, latencyMs: 5, ok: true, data: 3 });
    });
    fireEvent.click(tabs[1] as HTMLElement);
    expect(tabs[1]?.getAttribute('aria-selected')).toBe('true');
    expect(visibleFact('url')).toBe('ws://127.0.0.1:8082/stream');
    expect(within(visible()).getByRole('table', { name: 'Recent calls' }).textContent).toContain('add');
    fireEvent.click(screen.getByRole('button', { name: 'Close rxwire devtools' }));
    expect(bayeux.observers).toBe(0);
    expect(rpc.observers).toBe(0);
  });
});
