import { describe, expect, it } from 'vitest';
import { listing } from '../test/support/listing.js';
import { aiorestWs } from './aiorestWs.js';

const p = listing(aiorestWs());

describe('aiorestWs()', () => {
  it('encodes a request with a generated event_name and passes extra keys through', () => {
    expect(p.encodeRest?.('5', { method: 'GET', url: '/users/{id}', args: { id: 1 }, token: 't' })).toEqual({
      method: 'GET',
      url: '/users/{id}',
      args: { id: 1 },
      token: 't',
      event_name: 'rxwire:5',
    });
    expect(p.encodeCall).toBeUndefined();
    expect(p.encodeSubscribe).toBeUndefined();
  });

  it('correlates replies by event_name, falling back to order on null', () => {
    expect(p.decode({ data: { ok: 1 }, event_name: 'rxwire:5' })).toEqual([{ kind: 'result', id: '5', value: { ok: 1 } }]);
    expect(p.decode({ data: null, event_name: null })).toEqual([{ kind: 'result', id: undefined, value: null }]);
    expect(p.decode({ data: 1, event_name: 'other' })).toEqual([{ kind: 'result', id: 'other', value: 1 }]);
  });

  it('turns detail into an RpcError', () => {
    expect(p.decode({ detail: 'Not found', event_name: 'rxwire:1' })).toMatchObject([
      { kind: 'error', id: '1', error: { code: 'RPC_ERROR', message: 'Not found', detail: 'Not found' } },
    ]);
  });

  it('has a base64-in-binary codec that round-trips', () => {
    const codec = p.binaryCodec?.();
    const frame = codec?.encode({ method: 'GET', url: '/x' });
    expect(frame).toBeInstanceOf(Uint8Array);
    const text = new TextDecoder().decode(frame as Uint8Array);
    expect(JSON.parse(atob(text))).toEqual({ method: 'GET', url: '/x' });
    const bytes = frame as Uint8Array;
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    expect(codec?.decode(buffer)).toEqual({ method: 'GET', url: '/x' });
  });

  it.each([[null], [[]], [{ event_name: 'rxwire:1' }]])('turns %j into a BAD_FRAME problem', (message) => {
    expect(p.decode(message)[0]).toMatchObject({ kind: 'problem', error: { code: 'BAD_FRAME' } });
  });
});
