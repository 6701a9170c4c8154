// Redis-style event globs as aio-openapi's channels understand them: `*` any run, `?` one
// character, `[...]` a class (`[^...]` negated), `\` escapes. Whole names only.

/**
 * @param {string} glob
 * @returns {RegExp}
 */
export function globToRegExp(glob) {
  let source = '';
  let inClass = false;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '\\' && i + 1 < glob.length) source += escape(glob[++i]);
    else if (inClass) {
      if (c === ']') inClass = false;
      source += c === '\\' ? '\\\\' : c;
    } else if (c === '*') source += '.*';
    else if (c === '?') source += '.';
    else if (c === '[' && glob.indexOf(']', i + 1) > i + 1) {
      inClass = true;
      source += '[';
      if (glob[i + 1] === '^' || glob[i + 1] === '!') {
        source += '^';
        i++;
      }
    } else source += escape(c);
  }
  return new RegExp(`^${source}$`, 's');
}

/** @param {string} c */
function escape(c) {
  return c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
