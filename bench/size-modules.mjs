// What each source module costs in a bundle as an app pays it (see bench/size.mjs): per module, its
// minified bytes and the gzip bytes the bundle would lose without it (gzip of the whole, minus gzip
// of the whole with that module's code left out; gzip shares strings across modules, so these add
// up to a little less than the total). The published dist files join a package's modules into one,
// so this bundles the TypeScript sources instead, with the build's browser swap (x.ts -> x.browser.ts);
// its total is close to, not the same as, bench/size.mjs's.
// Usage: node bench/size-modules.mjs ["rxwire core" ...] [--top N] [--code core/codec.ts] (prints that module's minified code)
//        node bench/size-modules.mjs --by-job   what each job (a feature, the rxjs runtime) costs: the
//        gzip bytes the bundle would lose without all of that job's modules
import { build, transform } from 'esbuild';
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { entries } from './size.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const gz = (text) => gzipSync(text, { level: 9 }).length;

/** Entry points of the workspace packages, as their `exports` maps name them. */
const sourceEntries = {
  '@rxwire/core': 'packages/core/src/index.ts',
  '@rxwire/core/worker': 'packages/core/src/worker/index.ts',
  '@rxwire/bayeux': 'packages/bayeux/src/index.ts',
  '@rxwire/bayeux/websocket': 'packages/bayeux/src/websocket.ts',
  '@rxwire/rpc': 'packages/rpc/src/index.ts',
  '@rxwire/react': 'packages/react/src/index.ts',
};

/** Resolves the workspace packages to their sources, as the browser build does. */
const fromSources = {
  name: 'rxwire-sources',
  setup(build) {
    build.onResolve({ filter: /^@rxwire\// }, (args) => (sourceEntries[args.path] ? { path: join(root, sourceEntries[args.path]) } : undefined));
    build.onResolve({ filter: /^\.\.?\/.*\.js$/ }, (args) => {
      if (!args.importer.includes('/packages/') || args.importer.includes('node_modules')) return undefined;
      const base = join(dirname(args.importer), args.path.slice(0, -'.js'.length));
      for (const candidate of [`${base}.browser.ts`, `${base}.ts`, `${base}.tsx`]) if (existsSync(candidate)) return { path: candidate };
      return undefined;
    });
  },
};

/** The entry chunk and the chunks it imports statically, split into one piece of code per module. */
async function modulesOf(entry) {
  const app = mkdtempSync(join(tmpdir(), 'rxwire-size-modules-'));
  try {
    symlinkSync(join(root, 'node_modules'), join(app, 'node_modules'), 'dir');
    writeFileSync(join(app, 'entry.mjs'), entry.source);
    // Whitespace is kept so that esbuild marks where each module's code starts ("// path" lines);
    // each piece is then minified on its own, which comes to the bundle's own minified code.
    const result = await build({
      entryPoints: [join(app, 'entry.mjs')],
      absWorkingDir: app,
      outdir: join(app, 'out'),
      bundle: true,
      splitting: true,
      minifySyntax: true,
      minifyIdentifiers: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      metafile: true,
      logLevel: 'silent',
      tsconfigRaw: {},
      plugins: [fromSources],
      external: entry.external ?? [],
      define: { 'process.env.NODE_ENV': '"production"' },
    });
    const outputs = result.metafile.outputs;
    const paid = new Set();
    const visit = (file) => {
      if (paid.has(file)) return;
      paid.add(file);
      for (const imported of outputs[file].imports) if (imported.kind === 'import-statement' && outputs[imported.path]) visit(imported.path);
    };
    visit(Object.keys(outputs).find((file) => outputs[file].entryPoint));
    const pieces = [];
    for (const file of result.outputFiles) {
      if (!paid.has(file.path.slice(app.length + 1))) continue;
      let current = { module: '(chunk glue)', code: '' };
      pieces.push(current);
      for (const line of file.text.split('\n')) {
        const marker = /^\/\/ (\S+)$/.exec(line);
        if (marker) pieces.push((current = { module: shortName(marker[1]), code: '' }));
        else current.code += `${line}\n`;
      }
    }
    for (const piece of pieces) piece.code = (await transform(piece.code, { minifyWhitespace: true, logLevel: 'silent' }).catch(() => ({ code: piece.code }))).code;
    return pieces.filter((piece) => piece.code.trim());
  } finally {
    rmSync(app, { recursive: true, force: true });
  }
}

function shortName(path) {
  const nm = path.lastIndexOf('node_modules/');
  const rest = nm < 0 ? path : path.slice(nm + 'node_modules/'.length);
  return rest.replace(/^.*packages\/([^/]+)\/src\//, '$1/').replace(/^rxjs\/dist\/esm5\/internal\//, 'rxjs/');
}

/**
 * The jobs a bundle pays for, by the modules that do them (first match wins). Everything else is
 * the protocol itself: connection, session, channels, correlation, retry, codecs, errors.
 */
const jobs = [
  ['rxjs runtime (Observable at the surface)', /^(rxjs|tslib)\//],
  ['tab sharing (share)', /\/tabs\/|loadTabKit|loadTabShare/],
  ['page lifecycle (bfcache, freeze, idle, online)', /pageSuspension|pageWatch|pageLifecycle|networkStatus|watchPageHide/],
  ['devtools (inspect$)', /\/inspect\//],
  ["schema channels (channel(name, { schema }))", /validatedChannel/],
  ['async iteration of channels', /toAsyncIterable/],
  ['logger and redaction', /core\/logger/],
  ['credential functions', /credentials|loadCredentialRefresh/],
  ['continuity', /continuityWitness|channelView/],
  ['long-polling, HTTP handshake, cookies', /longPollingTransport|httpPlatform|cookieJar|connectionTypePicker|batcher/],
  ['RPC dialects by name (aio-openapi, aiorest-ws)', /rpc\/(aioOpenApi|aiorestWs|protocolNames)/],
];
const jobOf = (module) => jobs.find(([, pattern]) => pattern.test(module))?.[0] ?? 'the protocol itself';

const args = process.argv.slice(2);
const byJob = args.includes('--by-job');
const topIndex = args.indexOf('--top');
const top = topIndex >= 0 ? Number(args[topIndex + 1]) : Infinity;
const codeIndex = args.indexOf('--code');
const showCode = codeIndex >= 0 ? args[codeIndex + 1] : undefined;
const names = args.filter((arg, i) => !arg.startsWith('--') && (topIndex < 0 || i !== topIndex + 1) && (codeIndex < 0 || i !== codeIndex + 1));
for (const entry of entries.filter((e) => (names.length ? names.includes(e.name) : e.name.startsWith('rxwire')))) {
  const pieces = await modulesOf(entry);
  if (showCode) {
    for (const piece of pieces) if (piece.module === showCode) console.log(piece.code);
    continue;
  }
  const all = pieces.map((piece) => piece.code).join('');
  const total = gz(all);
  if (byJob) {
    const names = [...new Set(pieces.map((piece) => jobOf(piece.module)))];
    const rows = names.map((job) => ({ job, gzip: total - gz(pieces.map((p) => (jobOf(p.module) === job ? '' : p.code)).join('')) }));
    console.log(`\n${entry.name}: ${total} B gzip; what the bundle would lose without each job`);
    for (const row of rows.sort((a, b) => b.gzip - a.gzip)) console.log(`${row.job.padEnd(52)} ${String(row.gzip).padStart(7)}`);
    continue;
  }
  const rows = pieces.map((piece, i) => ({
    module: piece.module,
    minified: piece.code.length,
    gzip: total - gz(pieces.map((p, j) => (j === i ? '' : p.code)).join('')),
  }));
  // The same module may appear in two chunks' pieces: count it once.
  const byModule = new Map();
  for (const row of rows) {
    const seen = byModule.get(row.module);
    byModule.set(row.module, seen ? { ...seen, minified: seen.minified + row.minified, gzip: seen.gzip + row.gzip } : row);
  }
  const sorted = [...byModule.values()].sort((a, b) => b.gzip - a.gzip);
  console.log(`\n${entry.name}: ${total} B gzip (pieces minified one by one), ${all.length} B minified`);
  console.log(`${'module'.padEnd(52)} ${'min B'.padStart(7)} ${'gzip B'.padStart(7)}`);
  for (const row of sorted.slice(0, top)) console.log(`${row.module.padEnd(52)} ${String(row.minified).padStart(7)} ${String(row.gzip).padStart(7)}`);
}
