// Part of the lazy inspect chunk: types only from the rest of core (see wireTap.ts).

/**
 * Keys whose values are credentials wherever they appear: HTTP-style headers, token and password
 * fields, and the fields auth extensions put in a Bayeux message's `ext` (`authToken`, `auth`,
 * `credentials`, Salesforce's `access_token`...). Matched on the whole key, case-insensitively.
 */
const SECRET_KEY =
  /^(?:authorization|proxy-authorization|cookie|set-cookie|x-api-key|auth|authentication|authtoken|auth_token|token|access_token|refresh_token|id_token|bearer|jwt|password|passwd|pwd|secret|client_secret|credentials?|api_?key|signature|sig)$/i;

/** Nesting deeper than this is cut: an event is for reading, and a cycle must not hang the app. */
const MAX_DEPTH = 20;

/** A string without any of these holds no credential redact() would find (`key=`, `key:`, `user@`). */
const MAY_HOLD_CREDENTIALS = /[=:@]/;

/** What a redacted value is replaced with. */
export const REDACTED = '***';

/**
 * A copy of `value` safe to show: values under credential-like keys become `'***'`, and every
 * string goes through `redactText` (tokens in URL queries, user info, `Authorization: ...` in text).
 * The input is never changed: the same message object is still on its way to the application.
 *
 * @example
 * ```ts
 * redactValue({ channel: '/meta/handshake', ext: { authToken: 'abc' } }, redact);
 * // { channel: '/meta/handshake', ext: { authToken: '***' } }
 * ```
 */
export function redactValue(value: unknown, redactText: (text: string) => string, depth = 0): unknown {
  // Every credential pattern of redact() needs one of these characters: most strings skip its regexes.
  if (typeof value === 'string') return MAY_HOLD_CREDENTIALS.test(value) ? redactText(value) : value;
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[nested too deep]';
  if (value instanceof Error) return { name: value.name, message: redactText(value.message), ...codeOf(value) };
  if (Array.isArray(value)) return value.map((item: unknown) => redactValue(item, redactText, depth + 1));
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return `[${value.byteLength} bytes]`;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = SECRET_KEY.test(key) && item !== undefined && item !== null ? REDACTED : redactValue(item, redactText, depth + 1);
  }
  return copy;
}

function codeOf(error: Error): { code?: unknown } {
  const code = (error as { code?: unknown }).code;
  return code === undefined ? {} : { code };
}
