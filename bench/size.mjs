// Bundle sizes as an app pays them on first load (DESIGN.md, "Sizes and speed"): a one-line entry in a
// folder OUTSIDE the checkout imports the package by name through its `exports` map (so the repo's
// tsconfig paths cannot send esbuild to the sources), bundled with esbuild --bundle --splitting
// --minify --format=esm --platform=browser. What counts is the entry chunk and the chunks it imports
// statically (a chunk reached only by a dynamic `import()` is not paid up front), each gzip -9.
// rxjs is bundled (and tree-shaken) except where an entry says otherwise.
// Used by bench/run.mjs and by scripts/check-packages.mjs (size targets and ceilings).
import { build } from 'esbuild';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ceilingsFile = join(root, 'bench', 'size-ceilings.json');

/**
 * Targets in bytes (gzipped), from issue 12. 1 KB = 1000 bytes, the unit of the peer figures.
 */
export const budgets = {
  'rxwire bayeux': 12_500,
  'rxwire bayeux/websocket': 10_000,
  'rxwire rpc': 9_000,
  'rxwire core': 6_000,
  'rxwire react hooks': 2_000,
  // What `@rxwire/devtools` leaves in a production build: the component that renders nothing.
  'devtools noop': 300,
};

/**
 * Ceilings in bytes (gzipped): the last landed size of each bundle still above its target. The check
 * fails when a bundle grows past its ceiling, so no change makes a package heavier; once a bundle fits
 * its target, the target is the limit. `node bench/size.mjs --ratchet` lowers the ceilings to today's
 * sizes (never raises them).
 */
export const ceilings = existsSync(ceilingsFile) ? JSON.parse(readFileSync(ceilingsFile, 'utf8')) : {};

/**
 * Bytes a ceiling allows on top of the landed size: the names of lazy chunks carry content hashes,
 * and gzip packs different hash letters a few bytes differently from one checkout to the next.
 */
const HASH_NOISE_BYTES = 40;

/** The limit a bundle is held to: its target, or its ceiling while it is still above the target. */
export const limitOf = (name) => Math.max(budgets[name] ?? 0, ceilings[name] === undefined ? 0 : ceilings[name] + HASH_NOISE_BYTES) || undefined;

/** name, entry source, externals, the package that must be installed. */
export const entries = [
  { name: 'rxwire bayeux', pkg: '@rxwire/bayeux', source: "export { BayeuxClient } from '@rxwire/bayeux';" },
  { name: 'rxwire bayeux/websocket', pkg: '@rxwire/bayeux', source: "export { BayeuxClient } from '@rxwire/bayeux/websocket';" },
  { name: 'rxwire rpc', pkg: '@rxwire/rpc', source: "export { RpcClient, jsonRpc } from '@rxwire/rpc';" },
  { name: 'rxwire core', pkg: '@rxwire/core', source: "export { webSocketConnection } from '@rxwire/core';" },
  // What the opt-in worker socket adds on top of any client (no rxjs: it is plain code).
  { name: 'rxwire core/worker', pkg: '@rxwire/core', source: "export { workerWebSocket } from '@rxwire/core/worker';" },
  {
    name: 'rxwire react hooks',
    pkg: '@rxwire/react',
    source: "export { useChannel, RxWireProvider } from '@rxwire/react';",
    external: ['react', 'react/jsx-runtime', 'react-dom', 'rxjs'],
    note: 'react and rxjs external',
  },
  {
    name: 'devtools noop',
    pkg: '@rxwire/devtools',
    source: "export { RxwireDevtools } from '@rxwire/devtools';",
    external: ['react', 'react/jsx-runtime', 'react-dom', 'rxjs'],
    note: 'production build; react and rxjs external',
  },
  {
    name: 'devtools panel',
    pkg: '@rxwire/devtools',
    source: "export { RxwireDevtools } from '@rxwire/devtools/production';",
    external: ['react', 'react/jsx-runtime', 'react-dom', 'rxjs'],
    note: 'the panel itself; react and rxjs external',
  },
  { name: 'cometd', pkg: 'cometd', source: "export { CometD } from 'cometd';" },
  { name: 'faye', pkg: 'faye', source: "import Faye from 'faye'; export const Client = Faye.Client;" },
  { name: 'rpc-websockets', pkg: 'rpc-websockets', source: "export { Client } from 'rpc-websockets';" },
  { name: 'json-rpc-2.0', pkg: 'json-rpc-2.0', source: "export { JSONRPCClient } from 'json-rpc-2.0';" },
  { name: 'rxjs webSocket', pkg: 'rxjs', source: "export { webSocket } from 'rxjs/webSocket';" },
  { name: 'tRPC ws client', pkg: '@trpc/client', source: "export { createWSClient, wsLink } from '@trpc/client';" },
  { name: 'react-use-websocket', pkg: 'react-use-websocket', source: "export { default } from 'react-use-websocket';", external: ['react', 'react-dom'] },
];

function installed(pkg) {
  return existsSync(join(root, 'node_modules', pkg, 'package.json'));
}

/**
 * Bundles one entry as an app would. Returns { name, minified, gzipped, chunks, lazyChunks, byPackage,
 * topFiles } (byPackage and topFiles: the biggest contributors to the minified bytes paid up front) or
 * { name, skipped }.
 */
export async function measure(entry) {
  if (!installed(entry.pkg)) return { name: entry.name, skipped: `${entry.pkg} is not installed` };
  // A folder outside the checkout, whose node_modules is the repo's: packages resolve by name only.
  const app = mkdtempSync(join(tmpdir(), 'rxwire-size-'));
  try {
    symlinkSync(join(root, 'node_modules'), join(app, 'node_modules'), 'dir');
    writeFileSync(join(app, 'entry.mjs'), entry.source);
    const result = await build({
      entryPoints: [join(app, 'entry.mjs')],
      absWorkingDir: app,
      outdir: join(app, 'out'),
      bundle: true,
      splitting: true,
      minify: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      metafile: true,
      logLevel: 'silent',
      tsconfigRaw: {},
      // Paths stay under the app's node_modules, wherever the checkout is: chunk hashes (in the
      // bundle, as lazy chunks' names) then do not change with the checkout's location.
      preserveSymlinks: true,
      external: entry.external ?? [],
      define: { 'process.env.NODE_ENV': '"production"' },
    });
    const outputs = result.metafile.outputs;
    const entryChunk = Object.keys(outputs).find((file) => outputs[file].entryPoint);
    // The entry chunk and, transitively, the chunks it imports statically.
    const paid = new Set();
    const visit = (file) => {
      if (paid.has(file)) return;
      paid.add(file);
      for (const imported of outputs[file].imports) if (imported.kind === 'import-statement' && outputs[imported.path]) visit(imported.path);
    };
    visit(entryChunk);
    const code = new Map(result.outputFiles.map((file) => [file.path.slice(app.length + 1), file.contents]));
    let minified = 0;
    let gzipped = 0;
    for (const file of paid) {
      const contents = code.get(file);
      minified += contents.length;
      gzipped += gzipSync(contents, { level: 9 }).length;
    }
    const byPackage = new Map();
    const files = [];
    for (const file of paid) {
      for (const [input, { bytesInOutput }] of Object.entries(outputs[file].inputs)) {
        const key = packageOf(input);
        byPackage.set(key, (byPackage.get(key) ?? 0) + bytesInOutput);
        if (bytesInOutput > 0) files.push({ file: input, bytes: bytesInOutput });
      }
    }
    files.sort((a, b) => b.bytes - a.bytes);
    return {
      name: entry.name,
      ...(entry.note ? { note: entry.note } : {}),
      minified,
      gzipped,
      chunks: paid.size,
      lazyChunks: Object.keys(outputs).filter((file) => file.endsWith('.js') && !paid.has(file)).length,
      byPackage: Object.fromEntries([...byPackage].sort((a, b) => b[1] - a[1])),
      topFiles: files.slice(0, 12),
    };
  } finally {
    rmSync(app, { recursive: true, force: true });
  }
}

function packageOf(file) {
  const nm = file.lastIndexOf('node_modules/');
  if (nm < 0) {
    // The workspace packages resolve through their node_modules symlinks to packages/<name>/dist.
    const m = /(?:^|\/)packages\/([^/]+)\//.exec(file);
    return m ? `@rxwire/${m[1]}` : file;
  }
  const rest = file.slice(nm + 'node_modules/'.length).split('/');
  return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
}

export async function measureAll(names) {
  const out = [];
  for (const entry of entries) {
    if (names && !names.includes(entry.name)) continue;
    try {
      out.push(await measure(entry));
    } catch (error) {
      out.push({ name: entry.name, failed: error instanceof Error ? error.message.split('\n')[1] ?? error.message : String(error) });
    }
  }
  return out;
}

export const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const verbose = process.argv.includes('--verbose');
  const ratchet = process.argv.includes('--ratchet');
  const lowered = { ...ceilings };
  for (const r of await measureAll()) {
    if (r.skipped || r.failed) {
      console.log(`${r.name.padEnd(24)} ${r.skipped ? `skipped: ${r.skipped}` : `failed: ${r.failed}`}`);
      continue;
    }
    const limit = limitOf(r.name);
    const chunks = r.chunks > 1 || r.lazyChunks ? `  ${r.chunks} chunk(s) up front, ${r.lazyChunks} lazy` : '';
    const target = limit ? `  limit ${kb(limit)}${budgets[r.name] ? ` (target ${kb(budgets[r.name])})` : ''}` : '';
    console.log(`${r.name.padEnd(24)} ${kb(r.gzipped).padStart(9)} gzip  ${kb(r.minified).padStart(9)} min${target}${chunks}${r.note ? `  (${r.note})` : ''}`);
    if (verbose) {
      for (const [p, b] of Object.entries(r.byPackage)) console.log(`    ${p.padEnd(28)} ${kb(b)}`);
      for (const f of r.topFiles) console.log(`      ${f.file} ${kb(f.bytes)}`);
    }
    const budget = budgets[r.name];
    if (ratchet && budget !== undefined) {
      // Above the target, the ceiling follows the size down; at or below it, the target rules.
      if (r.gzipped <= budget) delete lowered[r.name];
      else lowered[r.name] = Math.min(lowered[r.name] ?? Infinity, r.gzipped);
    }
  }
  if (ratchet) {
    writeFileSync(ceilingsFile, `${JSON.stringify(lowered, null, 2)}\n`);
    console.log(`ceilings written to ${ceilingsFile}`);
  }
}
