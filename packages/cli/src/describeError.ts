import { redact } from '@rxwire/core';

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  payload?: unknown;
}

/** What the server said, on one line, cut short: it is a diagnostic, not the data. */
function serverSaid(payload: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(payload) ?? String(payload);
  } catch {
    text = String(payload);
  }
  return text.length > 300 ? `${text.slice(0, 300)}...` : text;
}

/** `CODE: message`, with the class name standing in for a missing code (a TypeError from an option check). */
function headline(error: ErrorLike): string {
  const label = typeof error.code === 'string' || typeof error.code === 'number' ? String(error.code) : typeof error.name === 'string' ? error.name : 'Error';
  return `${label}: ${typeof error.message === 'string' ? error.message : String(error)}`;
}

/** The innermost error of a `cause` chain (a refused socket under a CONNECTION_LOST, say). */
function rootCause(error: ErrorLike): ErrorLike | undefined {
  let root: ErrorLike | undefined;
  const seen = new Set<unknown>([error]);
  for (let cause = error.cause; cause instanceof Object && !seen.has(cause); cause = (cause as ErrorLike).cause) {
    seen.add(cause);
    root = cause as ErrorLike;
  }
  return root;
}

/**
 * One line that says what failed: the error's code and message, its root cause's when the message
 * does not already carry it, and what the server said (an error's `payload`), credentials redacted
 * (a token in a URL, user info, headers).
 *
 * @example
 * ```ts
 * describeError(error); // 'CONNECTION_LOST: Could not connect to ws://127.0.0.1:9/: connect ECONNREFUSED 127.0.0.1:9 ...'
 * ```
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Object)) return redact(String(error));
  const top = error as ErrorLike;
  let line = headline(top);
  const root = rootCause(top);
  if (root && !(typeof root.message === 'string' && line.includes(root.message))) line += ` (cause: ${headline(root)})`;
  // An RPC error's message is often just "Error": the server's own words say what went wrong.
  if (top.payload !== undefined) line += `; the server said: ${serverSaid(top.payload)}`;
  // One line, whatever the messages hold.
  return redact(line.replace(/\s*\n\s*/g, ' '));
}
