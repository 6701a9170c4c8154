import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Bundles a page script for the browser the way an app's bundler would: `@rxwire/*` resolve through
 * node_modules to the packages' built `browser` exports, so the test runs what users ship.
 */
export async function bundleForBrowser(entry: string, options: { minify?: boolean } = {}): Promise<string> {
  if (!existsSync(`${root}packages/core/dist/index.browser.js`)) {
    throw new Error('The packages are not built: run `npm run build` first (npm test does).');
  }
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    minify: options.minify ?? false,
    absWorkingDir: root,
    logLevel: 'silent',
    jsx: 'automatic',
    // Ignore the repository's tsconfig paths (which point at sources): resolve like a user's bundler.
    tsconfigRaw: { compilerOptions: { jsx: 'react-jsx' } },
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error(`esbuild produced nothing for ${entry}`);
  return file.text;
}
