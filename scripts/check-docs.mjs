// `npm test`'s documentation checks, one PASS/FAIL line each (scripts/test.mjs counts them):
// - every ts/tsx/js block of the READMEs and docs/ type checks as a module against the built
//   packages (scripts/readmeSnippets.mjs), one line per markdown file;
// - the option tables in the READMEs match the options interfaces' TSDoc (scripts/docs-options.mjs).
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { checkSnippets, documentedFiles } from './readmeSnippets.mjs';
import { staleOptionTables } from './docs-options.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
let failed = 0;
function report(ok, label, details = []) {
  if (!ok) {
    failed++;
    for (const line of details) console.log(`  ${line}`);
  }
  console.log(`${ok ? 'PASS' : 'FAIL'} ${label}`);
}

const unbuilt = readdirSync(`${root}packages`).filter((name) => !existsSync(`${root}packages/${name}/dist/index.d.ts`));
if (unbuilt.length) {
  report(false, `docs snippets: packages not built (${unbuilt.join(', ')}): run npm run build`);
} else {
  for (const [file, { checked, skipped, errors }] of checkSnippets(root, documentedFiles(root, readdirSync))) {
    const counts = `${checked} block${checked === 1 ? '' : 's'}${skipped ? `, ${skipped} marked skip` : ''}`;
    report(errors.length === 0, `docs snippets ${file}: ${counts} type check against the built packages`, errors);
  }
}

const stale = await staleOptionTables(root);
report(stale.length === 0, 'docs option tables match the options interfaces', stale.length ? [...stale, 'run npm run docs:options'] : []);

process.exit(failed ? 1 : 0);
