// What `npm test` must not print when all is well: deprecation and runtime warnings, and stack
// traces (a test that expects an error should assert it, not print it). Used by scripts/test.mjs.

// eslint-disable-next-line no-control-regex -- the colour codes vitest and npm write
const ansi = /\u001b\[[0-9;]*[A-Za-z]/g;

const noisy = [
  /DeprecationWarning|\bis deprecated\b|\bdeprecated and\b/,
  /\(node:\d+\) \[?\w*Warning/,
  /^node_redis:/,
  // A stack frame: "    at fn (file:///x.js:1:2)", "    at /x.js:1:2", "    at node:internal/...".
  /^\s+at (?:.+ \()?(?:file:\/\/|\/|node:|[A-Za-z]:\\).*:\d+(?::\d+)?\)?$/,
];

/**
 * The lines of `output` that are noise, each once, in order.
 * @param {string} output
 * @returns {string[]}
 */
export function noiseIn(output) {
  const found = [];
  for (const raw of output.split('\n')) {
    const line = raw.replace(ansi, '').trimEnd();
    if (noisy.some((pattern) => pattern.test(line)) && !found.includes(line)) found.push(line);
  }
  return found;
}
