// Builds every workspace package to ESM (Node and browser flavours), CJS and .d.ts/.d.cts.
// A module `x.ts` with a sibling `x.browser.ts` is swapped for it in the browser build, which keeps
// Node-only code (ws, cross-fetch) out of browser bundles.
import { existsSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import esbuild from 'rollup-plugin-esbuild';
import dts from 'rollup-plugin-dts';

const packages = {
  core: { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts' },
  bayeux: { index: 'src/index.ts' },
  rpc: { index: 'src/index.ts' },
  react: { index: 'src/index.ts' },
};

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

// Packages built module by module (one file per source module) rather than into one file, so an app's
// bundler can leave out, or split into a lazy chunk, what it does not use: rpc's dialects (a Protocol
// object pulls in one; a dialect given by name is loaded with a dynamic import()).
const modular = new Set(['rpc']);

// Modules that browsers load with a dynamic import(), built apart into one file of their own. A
// bundler puts a module that the entry reaches (here: index.ts exports every dialect) in a chunk the
// entry loads at once, even when the app uses it only through the import(), because esbuild assigns
// chunks per file. So the browser build imports a copy, `dist/<name>.browser.js`, that holds the
// `inline` modules and takes everything else from the package's own files (one RpcError class).
const lazy = {
  rpc: { source: 'src/dialects.ts', name: 'dialects.lazy', inline: /\/src\/(dialects|aioOpenApi|jsonRpc|aiorestWs)\.ts$/ },
};

// RXWIRE_PACKAGES=core,react builds just those (a quicker rebuild while working on one package).
const only = process.env.RXWIRE_PACKAGES?.split(',');

const configs = [];
for (const [name, entries] of Object.entries(packages)) {
  if (only && !only.includes(name)) continue;
  const dir = `packages/${name}`;
  const input = Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, `${dir}/${v}`]));
  const layout = modular.has(name) ? { preserveModules: true, preserveModulesRoot: `${dir}/src` } : {};
  const lazyChunk = lazy[name];
  const lazySource = lazyChunk && resolve(dir, lazyChunk.source);
  const js = (browser) => ({
    input,
    // The browser build loads the lazy copy instead of the module itself.
    external: (source, importer) =>
      isBare(source) || (browser && !!lazySource && !!importer && resolve(dirname(importer), source).replace(/\.js$/, '.ts') === lazySource),
    plugins: [...(browser ? [browserSwap()] : []), esbuild({ target: 'es2022', tsconfig: `${dir}/tsconfig.json`, jsx: 'automatic' })],
    treeshake: { moduleSideEffects: false },
  });
  configs.push({
    ...js(false),
    output: [
      { dir: `${dir}/dist`, format: 'es', entryFileNames: '[name].js', chunkFileNames: '_chunks/[name]-[hash].js', ...layout },
      { dir: `${dir}/dist`, format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: '_chunks/[name]-[hash].cjs', exports: 'named', ...layout },
    ],
  });
  configs.push({
    ...js(true),
    output: {
      dir: `${dir}/dist`,
      format: 'es',
      entryFileNames: '[name].browser.js',
      chunkFileNames: '_chunks/[name]-[hash].browser.js',
      ...layout,
      ...(lazyChunk && { paths: (id) => (id.replace(/\.js$/, '.ts') === lazySource ? `./${lazyChunk.name}.browser.js` : id) }),
    },
  });
  if (lazyChunk) {
    const src = resolve(dir, 'src');
    configs.push({
      input: { [lazyChunk.name]: lazySource },
      external: (source, importer) => isBare(source) || (!!importer && !lazyChunk.inline.test(resolve(dirname(importer), source).replace(/\.js$/, '.ts'))),
      plugins: [browserSwap(), esbuild({ target: 'es2022', tsconfig: `${dir}/tsconfig.json` })],
      treeshake: { moduleSideEffects: false },
      output: {
        dir: `${dir}/dist`,
        format: 'es',
        entryFileNames: '[name].browser.js',
        // Modules left out are the browser build's own files (preserveModules: one per source module).
        paths: (id) => (isBare(id) ? id : `./${relative(src, id).replace(/\.(ts|js)$/, '.browser.js')}`),
      },
    });
  }
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
export default configs;
