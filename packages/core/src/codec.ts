/** A frame as it travels on a WebSocket: text, or binary bytes. */
export type Frame = string | ArrayBuffer | Uint8Array;

/**
 * Turns application messages into frames and back. `decode` throws on a frame it cannot read;
 * the connection reports that as a `BAD_FRAME` error and carries on.
 */
export interface Codec<T = unknown> {
  encode(message: T): Frame;
  decode(frame: string | ArrayBuffer): T;
}

/** Options of {@link jsonCodec}. */
export interface JsonCodecOptions {
  /** @default JSON.stringify */
  stringify?: (value: unknown) => string;
  /** @default JSON.parse */
  parse?: (text: string) => unknown;
}

let utf8Decoder: TextDecoder | undefined;
let utf8Encoder: TextEncoder | undefined;

function decodeUtf8(bytes: ArrayBuffer | Uint8Array): string {
  return (utf8Decoder ??= new TextDecoder()).decode(bytes);
}

function encodeUtf8(text: string): Uint8Array {
  return (utf8Encoder ??= new TextEncoder()).encode(text);
}

/**
 * JSON in text frames (binary frames are read as UTF-8 JSON too). Plug in a faster JSON library
 * through `stringify` and `parse`.
 *
 * @example
 * ```ts
 * const connection = webSocketConnection({ url, codec: jsonCodec({ parse: fastParse }) });
 * ```
 */
export function jsonCodec<T = unknown>(options: JsonCodecOptions = {}): Codec<T> {
  const stringify = options.stringify ?? JSON.stringify;
  const parse = options.parse ?? JSON.parse;
  return {
    encode: (message) => stringify(message),
    decode: (frame) => parse(typeof frame === 'string' ? frame : decodeUtf8(frame)) as T,
  };
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  // Chunked so that very large frames do not overflow the argument limit of fromCharCode.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text.trim());
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * JSON carried as base64 in binary frames (aiorest-ws's binary mode). Outgoing messages are sent as
 * binary frames; incoming binary frames are base64-decoded, incoming text frames are read as plain JSON.
 *
 * @example
 * ```ts
 * const connection = webSocketConnection({ url, codec: base64JsonCodec() });
 * ```
 */
export function base64JsonCodec<T = unknown>(options: JsonCodecOptions = {}): Codec<T> {
  const stringify = options.stringify ?? JSON.stringify;
  const parse = options.parse ?? JSON.parse;
  return {
    encode: (message) => encodeUtf8(bytesToBase64(encodeUtf8(stringify(message)))),
    decode: (frame) =>
      parse(typeof frame === 'string' ? frame : decodeUtf8(base64ToBytes(decodeUtf8(frame)))) as T,
  };
}

/** Size of a frame: characters for text, bytes for binary. @internal */
export function frameSize(frame: Frame): number {
  return typeof frame === 'string' ? frame.length : frame.byteLength;
}
