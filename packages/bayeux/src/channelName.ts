// The Bayeux channel grammar: segments separated by '/', wildcards only as the last segment.

/** True for `/meta/**` channels (protocol messages). */
export function isMetaChannel(name: string): boolean {
  return name === '/meta' || name.startsWith('/meta/');
}

/** True for `/service/**` channels (never broadcast: client-to-server requests). */
export function isServiceChannel(name: string): boolean {
  return name === '/service' || name.startsWith('/service/');
}

/** True for a channel name ending in `/*` or `/**`. */
export function isWildChannel(name: string): boolean {
  return name.endsWith('/*') || name.endsWith('/**');
}

/**
 * Checks a channel name or pattern: it starts with `/`, has no empty segment, and uses `*` or `**`
 * only as its whole last segment.
 */
export function isValidChannel(name: string): boolean {
  return /^(\/[^/*]+)*\/([^/*]+|\*\*?)$/.test(name);
}

/**
 * Whether a concrete channel matches a channel name or pattern: `/a/*` matches `/a/b` but not
 * `/a/b/c`; `/a/**` matches both; anything else matches only itself.
 *
 * @example
 * ```ts
 * channelMatches('/stocks/*', '/stocks/ACME'); // true
 * channelMatches('/stocks/**', '/stocks/nyse/ACME'); // true
 * ```
 */
export function channelMatches(pattern: string, channel: string): boolean {
  if (pattern.endsWith('/**')) {
    const prefix = pattern.slice(0, -2);
    return channel.startsWith(prefix) && channel.length > prefix.length;
  }
  if (pattern.endsWith('/*')) {
    const prefix = pattern.slice(0, -1);
    return channel.startsWith(prefix) && channel.length > prefix.length && !channel.includes('/', prefix.length);
  }
  return pattern === channel;
}
