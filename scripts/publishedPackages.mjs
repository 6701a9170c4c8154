// The folders under packages/ that are published: every workspace package except the private ones
// (packages/test-support, the tests' shared helpers, is never built, packed or documented).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Names of the folders in `<root>/packages` whose package.json is not `"private": true`. */
export function publishedPackages(root = '.') {
  return readdirSync(join(root, 'packages')).filter((name) => {
    const manifest = JSON.parse(readFileSync(join(root, 'packages', name, 'package.json'), 'utf8'));
    return manifest.private !== true;
  });
}
