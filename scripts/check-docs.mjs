// `npm test`'s documentation checks, one PASS/FAIL line each (scripts/test.mjs counts them):
// - every ts/tsx/js block of the READMEs and docs/ type checks as a module against the built
//   packages (scripts/readmeSnippets.mjs), one line per markdown file;
// - the option tables in the READMEs match the options interfaces' TSDoc (scripts/docs-options.mjs);
// - the TypeDoc reference builds without a warning (broken links included), modules named by package.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkSnippets, documentedFiles, foreignUrls, packageReadmeProblems } from './readmeSnippets.mjs';
import { staleOptionTables } from './docs-options.mjs';
import { publishedPackages } from './publishedPackages.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
let failed = 0;
function report(ok, label, details = []) {
  if (!ok) {
    failed++;
    for (const line of details) console.log(`  ${line}`);
  }
  console.log(`${ok ? 'PASS' : 'FAIL'} ${label}`);
}

const unbuilt = publishedPackages(root).filter((name) => !existsSync(`${root}packages/${name}/dist/index.d.ts`));
if (unbuilt.length) {
  report(false, `docs snippets: packages not built (${unbuilt.join(', ')}): run npm run build`);
} else {
  for (const [file, { checked, skipped, errors }] of checkSnippets(root, documentedFiles(root, readdirSync, publishedPackages(root)))) {
    const counts = `${checked} block${checked === 1 ? '' : 's'}${skipped ? `, ${skipped} marked skip` : ''}`;
    report(errors.length === 0, `docs snippets ${file}: ${counts} type check against the built packages`, errors);
  }
}

// Install lines and URLs: a package README pastes into a fresh app, and talks to `npm start`.
for (const name of publishedPackages(root)) {
  const file = `packages/${name}/README.md`;
  if (!existsSync(`${root}${file}`)) continue;
  const manifest = JSON.parse(readFileSync(`${root}packages/${name}/package.json`, 'utf8'));
  const problems = packageReadmeProblems(readFileSync(`${root}${file}`, 'utf8'), manifest);
  report(problems.length === 0, `docs install line and URLs ${file}`, problems.map((p) => `${file}: ${p}`));
}
const rootUrls = foreignUrls(readFileSync(`${root}README.md`, 'utf8'));
report(rootUrls.length === 0, 'docs URLs README.md: only what npm start serves', rootUrls.map((p) => `README.md: ${p}`));

const stale = await staleOptionTables(root);
report(stale.length === 0, 'docs option tables match the options interfaces', stale.length ? [...stale, 'run npm run docs:options'] : []);

// typedoc.json treats warnings as errors; written under .test-results so docs/api is left alone.
const typedocJson = `${root}.test-results/typedoc.json`;
const typedoc = spawnSync('npx', ['--no-install', 'typedoc', '--out', `${root}.test-results/typedoc`, '--json', typedocJson, '--logLevel', 'Warn'], {
  cwd: root,
  encoding: 'utf8',
});
const problems = `${typedoc.stdout}${typedoc.stderr}`.split('\n').filter((line) => line.trim() !== '');
if (typedoc.status === 0 && existsSync(typedocJson)) {
  const modules = (JSON.parse(readFileSync(typedocJson, 'utf8')).children ?? []).map((child) => child.name);
  const misnamed = modules.filter((name) => !name.startsWith('@rxwire/'));
  report(misnamed.length === 0, `docs typedoc: no warnings, modules named by package (${modules.join(', ')})`, misnamed.map((name) => `module named ${name}, not by its package`));
} else {
  report(false, 'docs typedoc: npm run docs has warnings or errors', problems);
}

process.exit(failed ? 1 : 0);
