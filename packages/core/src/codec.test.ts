import { describe, expect, it } from 'vitest';
import { base64JsonCodec, jsonCodec } from './codec.js';

describe('jsonCodec', () => {
  it('round-trips through text and reads binary frames as UTF-8 JSON', () => {
    const codec = jsonCodec();
    const frame = codec.encode({ é: ['ü', 1] });
    expect(frame).toBe('{"é":["ü",1]}');
    expect(codec.decode(frame as string)).toEqual({ é: ['ü', 1] });
    expect(codec.decode(new TextEncoder().encode('{"x":1}').buffer)).toEqual({ x: 1 });
  });

  it('uses the stringify and parse it is given', () => {
    const codec = jsonCodec({ stringify: () => 'S', parse: (t) => ({ parsed: t }) });
    expect(codec.encode({})).toBe('S');
    expect(codec.decode('abc')).toEqual({ parsed: 'abc' });
  });

  it('throws on invalid JSON (the connection turns that into BAD_FRAME)', () => {
    expect(() => jsonCodec().decode('{')).toThrow(SyntaxError);
  });
});

describe('base64JsonCodec', () => {
  it('sends binary frames of base64 JSON and reads them back, UTF-8 included', () => {
    const codec = base64JsonCodec();
    const frame = codec.encode({ name: 'Zoë', n: 1 }) as Uint8Array;
    expect(frame).toBeInstanceOf(Uint8Array);
    const text = new TextDecoder().decode(frame);
    expect(JSON.parse(Buffer.from(text, 'base64').toString('utf8'))).toEqual({ name: 'Zoë', n: 1 });
    expect(codec.decode(frame.slice().buffer)).toEqual({ name: 'Zoë', n: 1 });
  });

  it('reads text frames as plain JSON and large payloads intact', () => {
    const codec = base64JsonCodec();
    expect(codec.decode('{"a":1}')).toEqual({ a: 1 });
    const big = { data: 'x'.repeat(200_000) };
    expect(codec.decode((codec.encode(big) as Uint8Array).slice().buffer)).toEqual(big);
  });

  it('throws on a binary frame that is not base64 JSON', () => {
    expect(() => base64JsonCodec().decode(new TextEncoder().encode('%%%').buffer)).toThrow();
  });
});
