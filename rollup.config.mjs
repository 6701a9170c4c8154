// Builds every workspace package to ESM (Node and browser flavours), CJS and .d.ts/.d.cts.
// A module `x.ts` with a sibling `x.browser.ts` is swapped for it in the browser build, which keeps
// Node-only code (ws, node:http) out of browser bundles. The JS ships with source maps that carry
// their sources (sourcesContent), so a debugger shows the TypeScript without the src folder.
import { existsSync, rmSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import esbuild from 'rollup-plugin-esbuild';
import dts from 'rollup-plugin-dts';

const packages = {
  core: { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts', 'worker/index': 'src/worker/index.ts' },
  bayeux: { index: 'src/index.ts', websocket: 'src/websocket.ts' },
  rpc: { index: 'src/index.ts' },
  react: { index: 'src/index.ts' },
  cli: { index: 'src/index.ts' },
  devtools: { index: 'src/index.ts', production: 'src/production.ts' },
};
// Rollup normally adds the imports of a shared chunk to each entry (`import 'react'`) so they load
// in parallel. For devtools that would keep `import 'react'` in an app's production bundle after the
// panel itself is shaken out of `@rxwire/devtools`: an external side-effect import stays.
const outputOptions = { devtools: { hoistTransitiveImports: false } };
// Packages that run only in Node: no browser build.
const nodeOnly = new Set(['cli']);
// Executables: ESM only, no types, started by `#!/usr/bin/env node` from dist.
const bins = { cli: { bin: 'src/bin.ts' } };

const isBare = (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0');

function browserSwap() {
  return {
    name: 'browser-swap',
    resolveId(source, importer) {
      if (!importer || !source.startsWith('.') || !source.endsWith('.js')) return null;
      const candidate = resolve(dirname(importer), source.replace(/\.js$/, '.browser.ts'));
      return existsSync(candidate) ? candidate : null;
    },
  };
}

// RXWIRE_PACKAGES=core,react builds just those (a quicker rebuild while working on one package).
const only = process.env.RXWIRE_PACKAGES?.split(',');

const configs = [];
for (const [name, entries] of Object.entries(packages)) {
  if (only && !only.includes(name)) continue;
  const dir = `packages/${name}`;
  // A fresh dist: chunks of earlier builds (their names carry a hash) must not end up in the tarball.
  rmSync(`${dir}/dist`, { recursive: true, force: true });
  const input = Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, `${dir}/${v}`]));
  const extraOutput = outputOptions[name] ?? {};
  const js = (browser) => ({
    input,
    external: isBare,
    plugins: [...(browser ? [browserSwap()] : []), esbuild({ target: 'es2022', tsconfig: `${dir}/tsconfig.json`, jsx: 'automatic' })],
    treeshake: { moduleSideEffects: false },
  });
  configs.push({
    ...js(false),
    output: [
      { dir: `${dir}/dist`, format: 'es', entryFileNames: '[name].js', chunkFileNames: '_chunks/[name]-[hash].js', sourcemap: true, ...extraOutput },
      { dir: `${dir}/dist`, format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: '_chunks/[name]-[hash].cjs', exports: 'named', sourcemap: true, ...extraOutput },
    ],
  });
  if (!nodeOnly.has(name)) configs.push({
    ...js(true),
    output: { dir: `${dir}/dist`, format: 'es', entryFileNames: '[name].browser.js', chunkFileNames: '_chunks/[name]-[hash].browser.js', sourcemap: true, ...extraOutput },
  });
  configs.push({
    input,
    external: isBare,
    plugins: [dts({ tsconfig: `${dir}/tsconfig.json` })],
    output: [
      { dir: `${dir}/dist`, format: 'es', entryFileNames: '[name].d.ts', chunkFileNames: '_chunks/[name]-[hash].d.ts' },
      { dir: `${dir}/dist`, format: 'es', entryFileNames: '[name].d.cts', chunkFileNames: '_chunks/[name]-[hash].d.cts' },
    ],
  });
}
for (const [name, entries] of Object.entries(bins)) {
  if (only && !only.includes(name)) continue;
  const dir = `packages/${name}`;
  configs.push({
    input: Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, `${dir}/${v}`])),
    external: isBare,
    plugins: [esbuild({ target: 'es2022', tsconfig: `${dir}/tsconfig.json` })],
    treeshake: { moduleSideEffects: false },
    output: { dir: `${dir}/dist`, format: 'es', entryFileNames: '[name].js', chunkFileNames: '_chunks/[name]-[hash].js', sourcemap: true, banner: '#!/usr/bin/env node' },
  });
}
export default configs;
