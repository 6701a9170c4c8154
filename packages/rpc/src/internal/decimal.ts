/**
 * `String(n)` for call ids, made without V8's number-to-string cache. A string from that cache
 * stays reachable from it until evicted, so with a fresh id per call every call's id string
 * survived the young-generation GC and was promoted: about 1 MB kept per scavenge at 64 calls in
 * flight (`node --trace-gc-nvp`, `new_space_survived`), which made GC the bound of the call rate.
 * `toFixed(0)` writes the same digits for an integer and leaves no reference behind.
 * @internal
 */
export function decimal(n: number): string {
  return Number.isInteger(n) ? n.toFixed(0) : String(n);
}

/** Digits that stay exact as a double: every id of up to 15 digits is a safe integer. */
const MAX_EXACT_DIGITS = 15;

/**
 * An id as it goes on the wire: the number it spells when `decimal` of that number gives the id
 * back (what most servers send, and cheaper to read back), else the string itself. The ids the
 * client makes (`1`, `2`, ...) are plain digits, checked here without making a string per call.
 * @internal
 */
export function wireId(id: string): string | number {
  const length = id.length;
  if (length > 0 && length <= MAX_EXACT_DIGITS && (id.charCodeAt(0) !== 48 || length === 1)) {
    let digits = 0;
    while (digits < length && isDigit(id.charCodeAt(digits))) digits++;
    if (digits === length) return Number(id);
  }
  // Anything else (a sign, a fraction, a tab's prefix): the full check.
  const n = Number(id);
  return Number.isFinite(n) && decimal(n) === id ? n : id;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
