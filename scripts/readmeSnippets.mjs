// The code blocks of the READMEs and docs, and a type check of each as a module of its own against
// the BUILT packages (resolved through node_modules and the packages' `exports`, as a user's editor
// does), so that every example pastes and runs. Used by scripts/check-docs.mjs.
//
// A block is checked when its fence says ts, tsx, js, jsx, mjs, typescript or javascript. A block
// that is a fragment on purpose carries `<!-- snippet: skip (why) -->` on the line above its fence.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';

const extensions = { ts: 'ts', typescript: 'ts', tsx: 'tsx', js: 'js', javascript: 'js', mjs: 'js', jsx: 'jsx' };

/**
 * @param {string} markdown
 * @returns {{ lang: string, ext: string, code: string, line: number, skipped: boolean }[]}
 *   line: 1-based line of the block's first code line
 */
export function codeBlocks(markdown) {
  const lines = markdown.split('\n');
  const blocks = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/.exec(lines[i] ?? '');
    if (!open) continue;
    const fence = open[2];
    const lang = (open[3] ?? '').toLowerCase();
    let end = i + 1;
    while (end < lines.length && !(lines[end] ?? '').trim().startsWith(fence)) end++;
    const ext = extensions[/** @type {keyof typeof extensions} */ (lang)];
    if (ext) {
      const skipped = /<!--\s*snippet:\s*skip\b/.test(lines[i - 1] ?? '');
      blocks.push({ lang, ext, code: lines.slice(i + 1, end).join('\n'), line: i + 2, skipped });
    }
    i = end;
  }
  return blocks;
}

/**
 * Type checks every block of the given markdown files. Returns, per file, the number of blocks
 * checked and the diagnostics as `file:line:col: message`, pointing into the markdown.
 * @param {string} root the repository root
 * @param {string[]} files markdown files, relative to root
 */
export function checkSnippets(root, files) {
  const workDir = join(root, '.test-results', 'readme-snippets');
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  /** @type {Map<string, { markdown: string, line: number }>} */
  const origin = new Map();
  /** @type {Map<string, { checked: number, skipped: number, errors: string[] }>} */
  const results = new Map();
  for (const file of files) {
    const blocks = codeBlocks(readFileSync(join(root, file), 'utf8'));
    results.set(file, { checked: 0, skipped: 0, errors: [] });
    blocks.forEach((block, n) => {
      const result = /** @type {NonNullable<ReturnType<typeof results.get>>} */ (results.get(file));
      if (block.skipped) {
        result.skipped++;
        return;
      }
      result.checked++;
      const name = join(workDir, `${file.replace(/[^\w]+/g, '_')}_${n + 1}.${block.ext}`);
      // Each block is a module of its own (top-level await allowed, no names shared between blocks).
      const isModule = /^\s*(import|export)\s/m.test(block.code);
      writeFileSync(name, isModule ? `${block.code}\n` : `${block.code}\nexport {};\n`);
      origin.set(resolve(name), { markdown: file, line: block.line });
    });
  }
  // An ES module project as Node resolves it (the `node` and `import` conditions), so that packages
  // that give types only under those (rpc-websockets) resolve as they do for a user.
  writeFileSync(join(workDir, 'package.json'), '{ "type": "module" }\n');
  const options = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
    jsx: ts.JsxEmit.ReactJSX,
    strict: true,
    allowJs: true,
    checkJs: true,
    noEmit: true,
    skipLibCheck: true,
    esModuleInterop: true,
    isolatedModules: true,
    types: ['node'],
    typeRoots: [join(root, 'node_modules', '@types')],
  };
  const snippetFiles = [...origin.keys()];
  const isJs = (file) => /\.jsx?$/.test(file);
  // JavaScript blocks are checked as an editor checks JS (checkJs): strict, but untyped parameters
  // and untyped packages (faye) are `any` rather than errors.
  const diagnostics = [
    ...ts.getPreEmitDiagnostics(ts.createProgram(snippetFiles.filter((f) => !isJs(f)), options)),
    ...ts.getPreEmitDiagnostics(ts.createProgram(snippetFiles.filter(isJs), { ...options, noImplicitAny: false })),
  ];
  for (const diagnostic of diagnostics) {
    const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
    const where = diagnostic.file && origin.get(resolve(diagnostic.file.fileName));
    if (!diagnostic.file || !where) {
      // A problem outside the snippets (e.g. a package's types that do not resolve): blame every file.
      for (const result of results.values()) result.errors.push(`TS${diagnostic.code}: ${message}`);
      continue;
    }
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
    results.get(where.markdown)?.errors.push(`${where.markdown}:${where.line + line}:${character + 1}: TS${diagnostic.code}: ${message}`);
  }
  return results;
}

/** The markdown files whose blocks must run: the READMEs and the docs pages. */
export function documentedFiles(root, readdir, packages = readdir(join(root, 'packages'))) {
  const files = ['README.md'];
  for (const name of packages) files.push(`packages/${name}/README.md`);
  for (const name of readdir(join(root, 'docs'))) if (name.endsWith('.md')) files.push(`docs/${name}`);
  return files.filter((f) => {
    try {
      readFileSync(join(root, f));
      return true;
    } catch {
      return false;
    }
  });
}


// What `npm start` serves (demo/start.mjs): the only servers the READMEs' examples may point at.
export const demoUrls = ['http://127.0.0.1:8080/', 'http://127.0.0.1:8081/bayeux', 'ws://127.0.0.1:8082/stream'];

// Peer dependencies a user installs alongside a package (its imports in the examples come on top).
const peers = { rxjs: [], react: ['react-dom'] };

/**
 * A package README starts (first block after its title) with one `npm install` line that names the
 * package, its peers, and every package its examples import; its examples use only the demo's URLs.
 * @param {string} markdown
 * @param {{ name: string, peerDependencies?: Record<string, string> }} manifest
 * @returns {string[]} problems
 */
export function packageReadmeProblems(markdown, manifest) {
  const problems = [];
  const lines = markdown.split('\n');
  const title = lines.findIndex((line) => line.startsWith('# '));
  const firstFence = lines.findIndex((line, i) => i > title && /^```/.test(line));
  const between = lines.slice(title + 1, firstFence).filter((line) => line.trim() !== '');
  const install = lines[firstFence + 1] ?? '';
  if (firstFence < 0 || between.length > 0 || !/^```(sh|bash|shell)\s*$/.test(lines[firstFence] ?? '') || !install.startsWith('npm install ')) {
    problems.push('the README does not start (right after its title) with an `npm install` block');
    return problems;
  }
  const installed = new Set(install.slice('npm install '.length).trim().split(/\s+/));
  const wanted = new Set([manifest.name]);
  for (const peer of Object.keys(manifest.peerDependencies ?? {})) {
    wanted.add(peer);
    for (const extra of peers[/** @type {keyof typeof peers} */ (peer)] ?? []) wanted.add(extra);
  }
  for (const block of codeBlocks(markdown)) {
    for (const [, specifier] of block.code.matchAll(/^\s*import\s[^'"]*['"]([^'"]+)['"]/gm)) {
      if (!specifier || specifier.startsWith('.') || specifier.startsWith('node:')) continue;
      const parts = specifier.split('/');
      wanted.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier));
    }
  }
  const missing = [...wanted].filter((name) => !installed.has(name));
  if (missing.length) problems.push(`the install line lacks ${missing.join(', ')}: ${install}`);
  problems.push(...foreignUrls(markdown));
  return problems;
}

/** URLs in code blocks that are not what `npm start` serves. */
export function foreignUrls(markdown) {
  const problems = [];
  for (const block of codeBlocks(markdown)) {
    for (const [url] of block.code.matchAll(/\b(?:https?|wss?):\/\/[^\s'"`)]+/g)) {
      if (!demoUrls.includes(url)) problems.push(`line ${block.line}: ${url} is not one of npm start's URLs (${demoUrls.join(', ')})`);
    }
  }
  return problems;
}
