// Bundles a source module the way an app's minifier would (esbuild --bundle --minify, which renames
// classes) and imports the result, so a test can see what survives minification (error names).
import { build } from 'esbuild';

const coreSource = new URL('../../core/src/index.ts', import.meta.url).pathname;

/** The exports of `entry` (a file URL or path), bundled and minified, with `@rxwire/core` from source. */
export async function importMinified<T = Record<string, unknown>>(entry: string | URL): Promise<T> {
  const result = await build({
    entryPoints: [entry instanceof URL ? entry.pathname : entry],
    alias: { '@rxwire/core': coreSource },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'node',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.text ?? '';
  return (await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`)) as T;
}
