/**
 * Compiles an aio-openapi (Redis-style) event glob: `*` any run, `?` one character, `[...]` a class
 * (`[^...]` negated), `\` escapes. Matches whole event names. @internal
 */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  let inClass = false;
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '\\' && i + 1 < glob.length) {
      source += escape(glob[++i] as string);
    } else if (inClass) {
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

function escape(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
