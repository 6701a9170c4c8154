interface StoredCookie {
  value: string;
  expiresAt: number | undefined;
}

/**
 * A minimal cookie store for Node, where no browser keeps cookies for us: cookies are kept per
 * origin (scheme, host and port) and sent back only to that origin, never to another. Enough for
 * session cookies such as CometD's `BAYEUX_BROWSER`. @internal
 */
export class CookieJar {
  readonly #origins = new Map<string, Map<string, StoredCookie>>();

  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** Stores the `Set-Cookie` header values of a response from `url` (or the response's headers). */
  store(url: string, setCookies: string[] | Headers): void {
    const origin = originOf(url);
    if (!origin) return;
    let cookies = this.#origins.get(origin);
    for (const header of Array.isArray(setCookies) ? setCookies : setCookieHeaders(setCookies)) {
      const [pair, ...attributes] = header.split(';');
      const eq = pair?.indexOf('=') ?? -1;
      if (!pair || eq <= 0) continue;
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      let expiresAt: number | undefined;
      for (const attribute of attributes) {
        const [key = '', ...rest] = attribute.split('=');
        const k = key.trim().toLowerCase();
        const v = rest.join('=').trim();
        if (k === 'max-age' && /^-?\d+$/.test(v)) expiresAt = this.#now() + Number(v) * 1000;
        else if (k === 'expires' && expiresAt === undefined) {
          const t = Date.parse(v);
          if (!Number.isNaN(t)) expiresAt = t;
        }
      }
      cookies ??= new Map();
      this.#origins.set(origin, cookies);
      if (expiresAt !== undefined && expiresAt <= this.#now()) cookies.delete(name);
      else cookies.set(name, { value, expiresAt });
    }
  }

  /** The `Cookie` header for a request to `url`, or undefined when there is nothing to send. */
  header(url: string): string | undefined {
    const origin = originOf(url);
    const cookies = origin === undefined ? undefined : this.#origins.get(origin);
    if (!cookies) return undefined;
    const now = this.#now();
    const parts: string[] = [];
    for (const [name, cookie] of cookies) {
      if (cookie.expiresAt !== undefined && cookie.expiresAt <= now) cookies.delete(name);
      else parts.push(`${name}=${cookie.value}`);
    }
    return parts.length ? parts.join('; ') : undefined;
  }
}

function originOf(url: string): string | undefined {
  try {
    // ws(s) and http(s) of the same host share cookies, as browsers do.
    const u = new URL(url.replace(/^ws(s?):/i, 'http$1:'));
    return `${u.protocol}//${u.host}`;
  } catch {
    return undefined;
  }
}

/** Reads every `Set-Cookie` value of a fetch response, whichever fetch produced it. @internal */
export function setCookieHeaders(headers: Headers): string[] {
  const h = headers as Headers & { getSetCookie?: () => string[]; raw?: () => Record<string, string[]> };
  if (typeof h.getSetCookie === 'function') return h.getSetCookie();
  if (typeof h.raw === 'function') return h.raw()['set-cookie'] ?? [];
  const joined = headers.get('set-cookie');
  return joined ? joined.split(/,(?=\s*[^;,=\s]+=)/) : [];
}
