import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Subject, switchMap } from 'rxjs';
import { createFakeWebSocket } from '@rxwire/core/testing';
import type { ChannelMessage, RxwireError } from '@rxwire/core';
import { RpcClient } from './rpcClient.js';
import type { RpcClientOptions } from './rpcClientOptions.js';
import { track } from '../test/support/track.js';

type Json = Record<string, unknown>;

function setup(options: Partial<RpcClientOptions> = {}) {
  const fake = createFakeWebSocket();
  const rpc = new RpcClient({
    url: 'ws://test/stream',
    WebSocket: fake.WebSocket,
    heartbeat: false,
    reconnect: { initialDelayMs: 10, maxDelayMs: 10 },
    ...options,
  });
  const frames = () => fake.last.sent.map((f) => JSON.parse(f as string) as Json);
  const lastFrame = () => frames().at(-1) as Json;
  const reply = (message: unknown) => fake.last.receive(JSON.stringify(message));
  const open = async () => {
    rpc.connect().catch(() => undefined);
    await vi.advanceTimersByTimeAsync(0);
    fake.last.open();
    await vi.advanceTimersByTimeAsync(0);
  };
  const close = async () => {
    const closing = rpc.close();
    // Play the server's side of the closing handshake.
    for (const socket of fake.sockets) if (socket.readyState === 2) socket.serverClose();
    await closing;
  };
  return { fake, rpc, frames, lastFrame, reply, open, close };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('RpcClient (aio-openapi)', () => {
  it('connects lazily, swaps http for ws, and resolves a call with its response', async () => {
    const { fake, rpc, lastFrame, reply, open, close } = setup({ url: 'http://test/stream' });
    expect(rpc.state).toBe('idle');
    const result = rpc.call('add', { a: 1, b: 2 });
    await open();
    expect(fake.last.url).toBe('ws://test/stream');
    const request = lastFrame();
    expect(request).toEqual({ id: request.id, method: 'add', payload: { a: 1, b: 2 } });
    reply({ id: request.id, method: 'add', response: 3 });
    await expect(result).resolves.toBe(3);
    await close();
  });

  it('connect() resolves once connected and is idempotent', async () => {
    const { rpc, open, close } = setup();
    const first = rpc.connect();
    const second = rpc.connect();
    await open();
    await expect(first).resolves.toBeUndefined();
    await expect(second).resolves.toBeUndefined();
    await expect(rpc.connect()).resolves.toBeUndefined();
    await close();
  });

  it('connect() rejects with TRANSPORT_TIMEOUT after timeoutMs', async () => {
    const { rpc, close } = setup({ timeoutMs: 1000 });
    const connecting = track(rpc.connect());
    await vi.advanceTimersByTimeAsync(1000);
    expect(connecting.error).toMatchObject({ code: 'TRANSPORT_TIMEOUT' });
    await close();
  });

  it('rejects with the server error and its field map; an error without id goes to errors$', async () => {
    const { rpc, lastFrame, reply, open, close } = setup();
    const errors: RxwireError[] = [];
    rpc.errors$.subscribe((e) => errors.push(e));
    const result = track(rpc.call('add', { a: 1 }));
    await open();
    reply({ id: lastFrame().id, method: 'add', error: { message: 'Invalid RPC parameters', errors: { b: 'required' } } });
    reply({ error: { message: 'JSON string expected' } });
    reply(['not', 'a', 'dict']);
    await vi.advanceTimersByTimeAsync(0);
    expect(result.error).toMatchObject({ name: 'RpcError', code: 'RPC_ERROR', errors: { b: 'required' } });
    expect(errors.map((e) => e.code)).toEqual(['RPC_ERROR', 'BAD_FRAME']);
    expect(errors[0]?.message).toBe('JSON string expected');
    await close();
  });

  it('times out, and drops the reply that arrives afterwards', async () => {
    const { rpc, lastFrame, reply, open, close } = setup({ timeoutMs: 500 });
    const result = track(rpc.call('slow'));
    await open();
    const { id } = lastFrame();
    await vi.advanceTimersByTimeAsync(500);
    expect(result.error).toMatchObject({ code: 'RPC_TIMEOUT', name: 'RpcTimeoutError' });
    const drops: number[] = [];
    rpc.droppedReplies$.subscribe((n) => drops.push(n));
    reply({ id, method: 'slow', response: 'late' });
    expect(rpc.droppedReplyCount).toBe(1);
    expect(drops).toEqual([0, 1]);
    await close();
  });

  it('call$ is cold, and unsubscribing cancels the call', async () => {
    const { rpc, frames, reply, open, close } = setup();
    await open();
    const call$ = rpc.call$('echo', 'x');
    expect(frames()).toHaveLength(0);
    const values: unknown[] = [];
    const subscription = call$.subscribe((v) => values.push(v));
    expect(frames()).toHaveLength(1);
    subscription.unsubscribe();
    reply({ id: frames()[0]?.id, method: 'echo', response: 'x' });
    expect(values).toEqual([]);
    expect(rpc.droppedReplyCount).toBe(1);
    const again: unknown[] = [];
    call$.subscribe({ next: (v) => again.push(v), complete: () => again.push('done') });
    reply({ id: frames()[1]?.id, method: 'echo', response: 'x' });
    await vi.advanceTimersByTimeAsync(0);
    expect(again).toEqual(['x', 'done']);
    await close();
  });

  it('call$ in switchMap: a new term cancels the call of the previous one', async () => {
    const { rpc, frames, reply, open, close } = setup();
    await open();
    const terms = new Subject<string>();
    const results: unknown[] = [];
    terms.pipe(switchMap((term) => rpc.call$('search', { term }))).subscribe((r) => results.push(r));
    terms.next('a');
    terms.next('ab');
    const [first, second] = frames();
    reply({ id: first?.id, method: 'search', response: 'results for a' });
    reply({ id: second?.id, method: 'search', response: 'results for ab' });
    await vi.advanceTimersByTimeAsync(0);
    expect(results).toEqual(['results for ab']);
    expect(rpc.droppedReplyCount).toBe(1);
    expect(rpc.inFlightCount).toBe(0);
    await close();
  });

  it('an AbortSignal cancels with code CANCELLED and the reason as cause', async () => {
    const { rpc, open, close } = setup();
    await open();
    const controller = new AbortController();
    const result = track(rpc.call('slow', undefined, { signal: controller.signal }));
    controller.abort('navigated away');
    await vi.advanceTimersByTimeAsync(0);
    expect(result.error).toMatchObject({ code: 'CANCELLED', cause: 'navigated away' });
    await close();
  });

  it('on a dropped connection rejects calls in flight, re-sends retry calls after the reconnect', async () => {
    const { fake, rpc, lastFrame, reply, open, close } = setup();
    await open();
    const plain = track(rpc.call('plain'));
    const retried = track(rpc.call('retried', undefined, { retry: true }));
    fake.last.serverClose(1006, '', false);
    await vi.advanceTimersByTimeAsync(0);
    expect(plain.error).toMatchObject({ code: 'CONNECTION_LOST' });
    expect(retried.status).toBe('pending');
    const whileDown = track(rpc.call('queued'));
    await vi.advanceTimersByTimeAsync(20);
    fake.last.open();
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.sockets).toHaveLength(2);
    const resent = fake.last.sent.map((f) => (JSON.parse(f as string) as Json).method);
    expect(resent).toEqual(['retried', 'queued']);
    for (const frame of fake.last.sent) {
      const { id, method } = JSON.parse(frame as string) as Json;
      reply({ id, method, response: `${String(method)} ok` });
    }
    await vi.advanceTimersByTimeAsync(0);
    expect(retried.value).toBe('retried ok');
    expect(whileDown.value).toBe('queued ok');
    expect(lastFrame().method).toBe('queued');
    await close();
  });

  it('with reconnect off, a lost connection fails every call and later ones', async () => {
    const { fake, rpc, open, close } = setup({ reconnect: false });
    rpc.errors$.subscribe(() => undefined);
    await open();
    const pending = track(rpc.call('x'));
    fake.last.serverClose(1006, '', false);
    await vi.advanceTimersByTimeAsync(0);
    expect(pending.error).toMatchObject({ code: 'CONNECTION_LOST' });
    await expect(rpc.call('y')).rejects.toMatchObject({ code: 'CONNECTION_LOST' });
    expect(rpc.state).toBe('closed');
    await close();
  });

  it('close() rejects unsettled calls with CLOSED, completes channels, is idempotent', async () => {
    const { rpc, open } = setup();
    await open();
    const pending = track(rpc.call('x'));
    let completed = false;
    rpc.channel('prices').messages$.subscribe({ complete: () => (completed = true) });
    const closing = rpc.close();
    expect(rpc.close()).toBe(closing);
    await vi.advanceTimersByTimeAsync(1000);
    await closing;
    expect(pending.error).toMatchObject({ code: 'CLOSED', name: 'ClosedError' });
    expect(completed).toBe(true);
    expect(rpc.state).toBe('closed');
    await expect(rpc.call('y')).rejects.toMatchObject({ code: 'CLOSED' });
    await expect(rpc.connect()).rejects.toMatchObject({ code: 'CLOSED' });
    let completedAfterClose = false;
    rpc.channel('late').messages$.subscribe({ complete: () => (completedAfterClose = true) });
    expect(completedAfterClose).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('close() of a client that never connected resolves at once', async () => {
    const { fake, close } = setup();
    await close();
    expect(fake.sockets).toHaveLength(0);
  });

  it('throws at once for what the dialect lacks', () => {
    const { rpc } = setup();
    expect(() => rpc.notify('x')).toThrow(/aio-openapi dialect has no notify/);
    expect(() => rpc.request({ method: 'GET', url: '/' })).toThrow(/no request\(\)/);
    expect(() => new RpcClient({ url: 'ws://x', binary: true })).toThrow(/binary/);
    expect(() => new RpcClient({ url: 'ws://x', batch: true })).toThrow(/batch/);
    expect(() => new RpcClient({ url: 'ws://x', protocol: 'nope' as 'json-rpc' })).toThrow(/Unknown protocol/);
  });
});

describe('RpcClient channels (aio-openapi)', () => {
  it('shares one wire subscription, filters by event glob, unsubscribes after the grace period', async () => {
    const { rpc, frames, lastFrame, reply, open, close } = setup({ channelGraceMs: 100 });
    await open();
    const channel = rpc.channel('prices', { event: 'tick*' });
    expect(rpc.channel('prices', { event: 'tick*' })).toBe(channel);
    const subscribed: boolean[] = [];
    channel.subscribed$.subscribe((s) => subscribed.push(s));
    const a: ChannelMessage[] = [];
    const b: ChannelMessage[] = [];
    const subA = channel.messages$.subscribe((m) => a.push(m));
    const subB = channel.messages$.subscribe((m) => b.push(m));
    expect(frames()).toHaveLength(1);
    const sub = lastFrame();
    expect(sub).toMatchObject({ method: 'subscribe', payload: { channel: 'prices', event: 'tick*' } });
    reply({ id: sub.id, method: 'subscribe', response: { subscribed: { prices: ['tick*'] } } });
    await vi.advanceTimersByTimeAsync(0);
    expect(subscribed).toEqual([false, true]);
    reply({ channel: 'prices', event: 'tick', data: 1 });
    reply({ channel: 'prices', event: 'other', data: 2 });
    reply({ channel: 'news', event: 'tick', data: 3 });
    expect(a).toEqual([{ channel: 'prices', event: 'tick', data: 1 }]);
    expect(b).toEqual(a);
    subA.unsubscribe();
    subB.unsubscribe();
    await vi.advanceTimersByTimeAsync(50);
    channel.messages$.subscribe().unsubscribe(); // back within the grace period: no churn
    await vi.advanceTimersByTimeAsync(99);
    expect(frames()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(lastFrame()).toMatchObject({ method: 'unsubscribe', payload: { channel: 'prices', event: 'tick*' } });
    expect(subscribed).toEqual([false, true, false]);
    await close();
  });

  it('subscribes once connected and re-subscribes after a reconnect', async () => {
    const { fake, rpc, lastFrame, reply, open, close } = setup();
    const channel = rpc.channel('prices');
    const subscribed: boolean[] = [];
    channel.subscribed$.subscribe((s) => subscribed.push(s));
    const messages: unknown[] = [];
    channel.messages$.subscribe((m) => messages.push(m.data));
    await open();
    reply({ id: lastFrame().id, method: 'subscribe', response: { subscribed: { prices: ['*'] } } });
    await vi.advanceTimersByTimeAsync(0);
    fake.last.serverClose(1006, '', false);
    await vi.advanceTimersByTimeAsync(20);
    fake.last.open();
    await vi.advanceTimersByTimeAsync(0);
    expect(lastFrame()).toMatchObject({ method: 'subscribe', payload: { channel: 'prices' } });
    reply({ id: lastFrame().id, method: 'subscribe', response: { subscribed: { prices: ['*'] } } });
    await vi.advanceTimersByTimeAsync(0);
    reply({ channel: 'prices', event: '', data: 'after' });
    expect(messages).toEqual(['after']);
    expect(subscribed).toEqual([false, true, false, true]);
    await close();
  });

  it('a refused subscription errors the channel with SUBSCRIBE_DENIED; a new observer asks again', async () => {
    const { rpc, frames, lastFrame, reply, open, close } = setup();
    await open();
    let error: unknown;
    rpc.channel('Upper').messages$.subscribe({ error: (e: unknown) => (error = e) });
    reply({ id: lastFrame().id, method: 'subscribe', error: { message: 'Invalid RPC parameters', errors: { channel: 'cannot subscribe' } } });
    await vi.advanceTimersByTimeAsync(0);
    expect(error).toMatchObject({ code: 'SUBSCRIBE_DENIED', cause: { errors: { channel: 'cannot subscribe' } } });
    const before = frames().length;
    rpc.channel('Upper').messages$.subscribe({ error: () => undefined });
    expect(frames()).toHaveLength(before + 1);
    expect(lastFrame()).toMatchObject({ method: 'subscribe', payload: { channel: 'Upper' } });
    await close();
  });

  it('publish sends the publish method and resolves with the echo', async () => {
    const { rpc, lastFrame, reply, open, close } = setup();
    await open();
    const result = rpc.channel('prices', { event: 'tick' }).publish({ v: 1 });
    expect(lastFrame()).toMatchObject({ method: 'publish', payload: { channel: 'prices', event: 'tick', data: { v: 1 } } });
    reply({ id: lastFrame().id, method: 'publish', response: { channel: 'prices', event: 'tick', data: { v: 1 } } });
    await expect(result).resolves.toEqual({ channel: 'prices', event: 'tick', data: { v: 1 } });
    await close();
  });
});

describe('RpcClient (json-rpc)', () => {
  it('batches calls and notifications issued in the same microtask', async () => {
    const { rpc, frames, reply, open, close } = setup({ protocol: 'json-rpc', batch: true });
    await open();
    const a = rpc.call('sum', [1, 2]);
    const b = rpc.call('ping');
    rpc.notify('log', { m: 1 });
    await vi.advanceTimersByTimeAsync(0);
    const [batch] = frames() as unknown as Json[][];
    expect(batch?.map((m) => m.method)).toEqual(['sum', 'ping', 'log']);
    reply([
      { jsonrpc: '2.0', result: 3, id: batch?.[0]?.id },
      { jsonrpc: '2.0', error: { code: -32601, message: 'Method not found' }, id: batch?.[1]?.id },
    ]);
    await expect(a).resolves.toBe(3);
    await expect(b).rejects.toMatchObject({ rpcCode: -32601 });
    rpc.call('single').catch(() => undefined);
    await vi.advanceTimersByTimeAsync(0);
    expect(frames()[1]).toMatchObject({ method: 'single' });
    await close();
  });

  it('subscribes rpc-websockets events and refuses what the dialect lacks', async () => {
    const { rpc, lastFrame, reply, open, close } = setup({ protocol: 'json-rpc' });
    await open();
    const messages: ChannelMessage[] = [];
    rpc.channel('feed').messages$.subscribe((m) => messages.push(m));
    expect(lastFrame()).toMatchObject({ method: 'rpc.on', params: ['feed'] });
    reply({ jsonrpc: '2.0', result: { feed: 'ok' }, id: lastFrame().id });
    reply({ notification: 'feed', params: [1, 2] });
    expect(messages).toEqual([{ channel: 'feed', event: 'feed', data: [1, 2] }]);
    expect(() => rpc.publish('feed', undefined, 1)).toThrow(/json-rpc dialect has no publish/);
    expect(() => rpc.channel('feed').publish(1)).toThrow(/no publish/);
    expect(() => rpc.channel('feed', { event: 'x' })).toThrow(/no event filter/);
    await close();
  });
});

describe('RpcClient (aiorest-ws)', () => {
  it('correlates by event_name and speaks base64 in binary frames', async () => {
    const { fake, rpc, open, close } = setup({ protocol: 'aiorest-ws', binary: true });
    await open();
    const result = rpc.request({ method: 'GET', url: '/users/{id}', args: { id: 7 } });
    const frame = fake.last.sent[0] as Uint8Array;
    expect(frame).toBeInstanceOf(Uint8Array);
    const request = JSON.parse(atob(new TextDecoder().decode(frame))) as Json;
    expect(request).toMatchObject({ method: 'GET', url: '/users/{id}', args: { id: 7 } });
    const encoded = new TextEncoder().encode(btoa(JSON.stringify({ data: { id: 7 }, event_name: request.event_name })));
    fake.last.receive(encoded.buffer);
    await expect(result).resolves.toEqual({ id: 7 });
    expect(() => rpc.call('x')).toThrow(/no call\(\)/);
    expect(() => rpc.channel('x')).toThrow(/no channel\(\)/);
    await close();
  });

  it('falls back to reply order when event_name is null', async () => {
    const { rpc, reply, open, close } = setup({ protocol: 'aiorest-ws' });
    await open();
    const first = rpc.request({ method: 'GET', url: '/a' });
    const second = rpc.request({ method: 'GET', url: '/b' });
    reply({ data: 'a', event_name: null });
    reply({ detail: 'Not found', event_name: null });
    await expect(first).resolves.toBe('a');
    await expect(second).rejects.toMatchObject({ detail: 'Not found' });
    await close();
  });
});

describe('RpcClient: a dialect that cannot encode', () => {
  it('rejects that call with ENCODE_FAILED instead of throwing, and the next call goes out', async () => {
    const json = (await import('./jsonRpc.js')).jsonRpc();
    const picky = {
      ...json,
      encodeCall: (id: string, method: string, params: unknown) => {
        if (method === 'circular') throw new Error('circular');
        return json.encodeCall?.(id, method, params);
      },
    };
    const { rpc, open, lastFrame, close } = setup({ protocol: picky });
    await open();
    const failing = rpc.call('circular');
    await expect(failing).rejects.toMatchObject({ code: 'ENCODE_FAILED' });
    void rpc.call('fine', [1]).catch(() => undefined);
    expect(lastFrame()).toMatchObject({ method: 'fine' });
    await close();
  });
});
