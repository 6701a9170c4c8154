// The two builds the inspect bench compares, bundled by esbuild from TypeScript sources the same way:
// the working tree (with inspect$), and the sources of the commit before inspect$ was added (without
// it), taken with `git archive`. One file each, so both run the same way in a client process.
import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { build } from 'esbuild';
import { root } from './harness.mjs';

/** The commit before the one that added the wire tap, unless `ref` names another baseline. */
export function baselineRef(ref) {
  if (ref) return ref;
  const added = execSync('git log --diff-filter=A --format=%H -1 -- packages/core/src/inspect/wireTap.ts', { cwd: root, encoding: 'utf8' }).trim();
  if (!added) throw new Error('no commit adds packages/core/src/inspect/wireTap.ts: pass --inspect-base=<ref>');
  return `${added}^`;
}

async function bundle(sourceRoot, outfile) {
  const src = (path) => join(sourceRoot, 'packages', path);
  // Beside the bundle, never in the checkout (its tsconfig would take it for a source file).
  const entry = join(dirname(outfile), `${basename(outfile, '.mjs')}-entry.ts`);
  writeFileSync(entry, `export { BayeuxClient } from '${src('bayeux/src/index.ts')}';\nexport { RpcClient } from '${src('rpc/src/index.ts')}';\n`);
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'silent',
    alias: { '@rxwire/core': src('core/src/index.ts') },
    // rxjs, ws and the rest come from the checkout's node_modules, for both builds.
    nodePaths: [join(root, 'node_modules')],
    define: { 'process.env.NODE_ENV': '"production"' },
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  });
  return outfile;
}

/** Builds both bundles into `dir`; returns their paths and the baseline's short commit. */
export async function buildInspectBundles(dir, ref) {
  const base = baselineRef(ref);
  const baseDir = join(dir, 'base');
  mkdirSync(baseDir, { recursive: true });
  execSync(`git archive ${base} packages/core/src packages/bayeux/src packages/rpc/src | tar -x -C '${baseDir}'`, { cwd: root, shell: '/bin/bash' });
  const commit = execSync(`git rev-parse --short ${base}`, { cwd: root, encoding: 'utf8' }).trim();
  return {
    commit,
    current: await bundle(root, join(dir, 'current.mjs')),
    base: await bundle(baseDir, join(dir, 'base.mjs')),
  };
}
