// Bundle sizes, measured the same way for rxwire and its peers: esbuild --bundle --minify
// --format=esm --platform=browser, then gzip -9. rxjs is bundled (and tree-shaken) except where an
// entry says otherwise. The repo's tsconfig paths are ignored (tsconfigRaw: {}), so `@rxwire/*`
// resolve through node_modules to the built `dist` and its `browser` export condition.
// Used by bench/run.mjs and by scripts/check-packages.mjs (size budgets).
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Budgets in bytes (gzipped), from issue 6. 1 KB = 1000 bytes here, the unit of the issue's peer
 * figures (cometd 10.8 KB = 10 850 bytes).
 */
export const budgets = {
  'rxwire core+bayeux': 9000,
  'rxwire rpc': 7000,
  'rxwire react hooks': 2000,
};

/**
 * Ceilings in bytes (gzipped): today's sizes plus about 3%, always enforced by `npm test`, so no
 * change makes a package heavier while the budgets above are still out of reach. Lower them as the
 * packages shrink; once a package fits its budget, the budget takes over.
 */
export const ceilings = {
  'rxwire core+bayeux': 16_400,
  'rxwire rpc': 12_400,
  'rxwire react hooks': 2_350,
};

/** name, entry source, externals, the package that must be installed. */
export const entries = [
  { name: 'rxwire core+bayeux', pkg: '@rxwire/bayeux', source: "export { BayeuxClient } from '@rxwire/bayeux';" },
  { name: 'rxwire rpc', pkg: '@rxwire/rpc', source: "export { RpcClient } from '@rxwire/rpc';" },
  {
    name: 'rxwire react hooks',
    pkg: '@rxwire/react',
    source:
      "export { RxWireProvider, useChannel, useConnectionState, useObservable, useRpc, usePublish } from '@rxwire/react';",
    external: ['react', 'react/jsx-runtime', 'react-dom', 'rxjs'],
    note: 'react and rxjs external',
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
 * Bundles one entry. Returns { name, minified, gzipped, inputs } (inputs: the biggest contributors
 * to the minified output, bytes per package or file) or { name, skipped }.
 */
export async function measure(entry) {
  if (!installed(entry.pkg)) return { name: entry.name, skipped: `${entry.pkg} is not installed` };
  const result = await build({
    stdin: { contents: entry.source, resolveDir: root, loader: 'js', sourcefile: 'entry.mjs' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    metafile: true,
    logLevel: 'silent',
    tsconfigRaw: {},
    external: entry.external ?? [],
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const code = result.outputFiles[0].contents;
  const gzipped = gzipSync(code, { level: 9 }).length;
  const byPackage = new Map();
  for (const output of Object.values(result.metafile.outputs)) {
    for (const [file, { bytesInOutput }] of Object.entries(output.inputs)) {
      const key = packageOf(file);
      byPackage.set(key, (byPackage.get(key) ?? 0) + bytesInOutput);
    }
  }
  const files = Object.values(result.metafile.outputs)
    .flatMap((o) => Object.entries(o.inputs))
    .map(([file, { bytesInOutput }]) => ({ file, bytes: bytesInOutput }))
    .filter((f) => f.bytes > 0)
    .sort((a, b) => b.bytes - a.bytes);
  return {
    name: entry.name,
    ...(entry.note ? { note: entry.note } : {}),
    minified: code.length,
    gzipped,
    byPackage: Object.fromEntries([...byPackage].sort((a, b) => b[1] - a[1])),
    topFiles: files.slice(0, 12),
  };
}

function packageOf(file) {
  const nm = file.lastIndexOf('node_modules/');
  if (nm < 0) {
    const m = /^packages\/([^/]+)\//.exec(file);
    return m ? `@rxwire/${m[1]}` : file;
  }
  const rest = file.slice(nm + 'node_modules/'.length).split('/');
  return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
}

export async function measureAll(names) {
  const out = [];
  for (const entry of entries) if (!names || names.includes(entry.name)) out.push(await measure(entry));
  return out;
}

export const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const verbose = process.argv.includes('--verbose');
  for (const r of await measureAll()) {
    if (r.skipped) {
      console.log(`${r.name.padEnd(22)} skipped: ${r.skipped}`);
      continue;
    }
    console.log(`${r.name.padEnd(22)} ${kb(r.gzipped).padStart(9)} gzip  ${kb(r.minified).padStart(9)} min${r.note ? `  (${r.note})` : ''}`);
    if (verbose) {
      for (const [p, b] of Object.entries(r.byPackage)) console.log(`    ${p.padEnd(28)} ${kb(b)}`);
      for (const f of r.topFiles) console.log(`      ${f.file} ${kb(f.bytes)}`);
    }
  }
}
