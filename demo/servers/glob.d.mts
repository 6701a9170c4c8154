export function globToRegExp(glob: string): RegExp;
