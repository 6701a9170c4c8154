// `npm run docs:options`: rewrites the option tables of the READMEs from the options interfaces'
// TSDoc (summary, `@default`), so a table cannot drift from the code. A table sits between
//   <!-- options: @rxwire/bayeux BayeuxClientOptions -->   and   <!-- /options -->
// and lists every property of that exported interface (inherited ones included, `@internal` ones
// left out). `--check` (and scripts/check-docs.mjs in npm test) only reports stale tables.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { publishedPackages } from './publishedPackages.mjs';

const marker = /<!-- options: (@rxwire\/[\w/-]+) (\w+) -->\n[\s\S]*?<!-- \/options -->/g;

// Every client's options have a table: these, and any exported interface named `*ClientOptions`.
const requiredTables = ['WebSocketConnectionOptions', 'BayeuxClientOptions', 'RpcClientOptions'];

/** The markdown files that may hold option tables. */
function markdownFiles(root) {
  const files = ['README.md', ...publishedPackages(root).map((name) => `packages/${name}/README.md`)];
  return files.filter((file) => {
    try {
      readFileSync(join(root, file));
      return true;
    } catch {
      return false;
    }
  });
}

/** A program over the packages' sources, resolved through the repo's tsconfig paths. */
function sourceProgram(root) {
  const configFile = ts.readConfigFile(join(root, 'tsconfig.base.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(configFile.config, ts.sys, root);
  // Each package's main entry, and its subpath entries (`@rxwire/core/worker`: src/worker/index.ts).
  const entries = publishedPackages(root).flatMap((name) => {
    const src = join(root, 'packages', name, 'src');
    const subpaths = readdirSync(src, { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(join(src, d.name, 'index.ts')))
      .map((d) => join(src, d.name, 'index.ts'));
    return [join(src, 'index.ts'), ...subpaths];
  });
  return ts.createProgram(entries, { ...options, noEmit: true });
}

const cell = (text) => text.replace(/\s+/g, ' ').replace(/\|/g, '\\|').trim();
const code = (text) => `\`${cell(text).replace(/`/g, "'")}\``;
// A default that is a value (10000, 'drop-oldest', [..], JSON, Math.random, jsonCodec()) is shown as
// code; one that is a phrase ("the global timers", "unlimited") as text.
const looksLikeCode = (text) => /^(?:[\d'"[{`-]|(?:true|false|null|undefined|Infinity)$|[\w.]*(?:[A-Z.]|\(\))[\w.]*(?:\(\))?$)/.test(text.trim());

/** The table of one interface, as markdown lines. */
function optionTable(program, packageName, interfaceName, undocumented) {
  const checker = program.getTypeChecker();
  // '@rxwire/core' -> packages/core/src/index.ts; '@rxwire/core/worker' -> packages/core/src/worker/index.ts
  const [dir, ...subpath] = packageName.replace('@rxwire/', '').split('/');
  const entry = `packages/${dir}/src/${subpath.length ? `${subpath.join('/')}/` : ''}index.ts`;
  const source = program.getSourceFiles().find((f) => f.fileName.endsWith(`/${entry}`));
  const moduleSymbol = source && checker.getSymbolAtLocation(source);
  if (!moduleSymbol) throw new Error(`${packageName}: no ${entry}`);
  let symbol = checker.getExportsOfModule(moduleSymbol).find((s) => s.name === interfaceName);
  if (!symbol) throw new Error(`${packageName} does not export ${interfaceName}: fix the <!-- options --> marker`);
  if (symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol);
  const type = checker.getDeclaredTypeOfSymbol(symbol);
  const rows = ['| option | type | default | meaning |', '| --- | --- | --- | --- |'];
  for (const property of checker.getPropertiesOfType(type)) {
    const declaration = property.valueDeclaration ?? property.declarations?.[0];
    const tags = property.getJsDocTags(checker);
    if (tags.some((tag) => tag.name === 'internal')) continue;
    const declaredType =
      declaration && (ts.isPropertySignature(declaration) || ts.isPropertyDeclaration(declaration)) && declaration.type
        ? declaration.type.getText()
        : checker.typeToString(checker.getTypeOfSymbol(property));
    const optional = (property.flags & ts.SymbolFlags.Optional) !== 0;
    // `?:` already says it may be left out; `| undefined` (for exactOptionalPropertyTypes) adds nothing.
    const typeText = optional ? declaredType.replace(/\s*\|\s*undefined$/, '') : declaredType;
    const defaultTag = tags.find((tag) => tag.name === 'default');
    const defaultText = defaultTag ? ts.displayPartsToString(defaultTag.text).trim() : '';
    const defaultCell = !optional ? 'required' : defaultText === '' ? '' : looksLikeCode(defaultText) ? code(defaultText) : cell(defaultText);
    let meaning = ts
      .displayPartsToString(property.getDocumentationComment(checker))
      .replace(/\{@link\s+([^}\s]+)\s*\}/g, '`$1`');
    const deprecated = tags.find((tag) => tag.name === 'deprecated');
    if (deprecated) meaning = `Deprecated${deprecated.text ? `: ${ts.displayPartsToString(deprecated.text)}` : ''}. ${meaning}`;
    if (meaning.trim() === '') undocumented.push(`${interfaceName}.${property.name}`);
    rows.push(`| \`${property.name}\` | ${code(typeText)} | ${defaultCell} | ${cell(meaning)} |`);
  }
  return rows;
}

/** Every markdown file's text with its tables regenerated. */
function regenerate(root) {
  const program = sourceProgram(root);
  /** Options without a TSDoc summary: their meaning cell would be empty. */
  const undocumented = [];
  const files = markdownFiles(root).map((file) => {
    const before = readFileSync(join(root, file), 'utf8');
    const after = before.replace(marker, (_, packageName, interfaceName) =>
      [`<!-- options: ${packageName} ${interfaceName} -->`, ...optionTable(program, packageName, interfaceName, undocumented), '<!-- /options -->'].join('\n'),
    );
    return { file, before, after };
  });
  // Which options interfaces the packages export that no README has a table for.
  const tabled = new Set(files.flatMap(({ after }) => [...after.matchAll(marker)].map((m) => m[2])));
  const checker = program.getTypeChecker();
  const exported = program
    .getSourceFiles()
    .filter((f) => /\/packages\/[\w-]+\/src\/index\.ts$/.test(f.fileName))
    .flatMap((f) => {
      const moduleSymbol = checker.getSymbolAtLocation(f);
      return moduleSymbol ? checker.getExportsOfModule(moduleSymbol).map((symbol) => symbol.name) : [];
    });
  const untabled = [...new Set(exported)].filter((name) => (requiredTables.includes(name) || /ClientOptions$/.test(name)) && !tabled.has(name));
  return { files, undocumented, untabled };
}

/** The files whose tables differ from what the code says (empty when all are current). */
export async function staleOptionTables(root) {
  try {
    const { files, undocumented, untabled } = regenerate(root);
    return [
      ...untabled.map((name) => `${name} has no option table: add <!-- options: @rxwire/<package> ${name} --> and <!-- /options --> to its README`),
      ...files.filter(({ before, after }) => before !== after).map(({ file }) => `${file}: an option table differs from the options' TSDoc`),
      ...undocumented.map((name) => `${name} has no TSDoc summary (its meaning in the table would be empty)`),
    ];
  } catch (error) {
    return [error instanceof Error ? error.message : String(error)];
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = fileURLToPath(new URL('../', import.meta.url));
  if (process.argv.includes('--check')) {
    const stale = await staleOptionTables(root);
    for (const line of stale) console.error(line);
    if (stale.length) console.error('run npm run docs:options');
    process.exit(stale.length ? 1 : 0);
  }
  const { files, undocumented } = regenerate(root);
  for (const { file, before, after } of files) {
    if (before === after) continue;
    writeFileSync(join(root, file), after);
    console.log(`updated ${file}`);
  }
  for (const name of undocumented) console.warn(`${name} has no TSDoc summary: its meaning cell is empty`);
}
