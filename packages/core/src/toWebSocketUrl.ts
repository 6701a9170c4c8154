/**
 * Swaps `http(s)://` for `ws(s)://`; other URLs are returned as they are.
 *
 * @example
 * ```ts
 * toWebSocketUrl('https://example.com/cometd'); // 'wss://example.com/cometd'
 * ```
 */
export function toWebSocketUrl(url: string): string {
  return url.replace(/^http(s?):\/\//i, (_, secure: string) => (secure ? 'wss://' : 'ws://'));
}
