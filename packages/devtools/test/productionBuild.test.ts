// An app's production build with rollup (the bundler of the demo SPA) keeps none of the panel's code
// when it imports `@rxwire/devtools`, and keeps all of it from `@rxwire/devtools/production` or in a
// development build. Against the BUILT package, resolved by name from a folder outside the checkout,
// as an app resolves it (npm test builds first).
import { existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import { rollup } from 'rollup';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
let app: string;

beforeAll(() => {
  if (!existsSync(join(root, 'packages/devtools/dist/index.browser.js'))) throw new Error('@rxwire/devtools is not built: run `npm run build` first (npm test does).');
  app = mkdtempSync(join(tmpdir(), 'rxwire-devtools-app-'));
  symlinkSync(join(root, 'node_modules'), join(app, 'node_modules'), 'dir');
});
afterAll(() => rmSync(app, { recursive: true, force: true }));

async function bundle(source: string, nodeEnv: 'production' | 'development'): Promise<string> {
  const entry = join(app, `entry-${nodeEnv}-${source.length}.mjs`);
  writeFileSync(entry, source);
  const build = await rollup({
    input: entry,
    external: (id) => id === 'react' || id.startsWith('react/') || id === 'react-dom' || id === 'rxjs',
    plugins: [replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': JSON.stringify(nodeEnv) } }), nodeResolve({ browser: true })],
    onwarn: () => {},
  });
  const { output } = await build.generate({ format: 'es' });
  await build.close();
  return output.map((chunk) => (chunk.type === 'chunk' ? chunk.code : '')).join('\n');
}

// Strings only the panel's code has.
const panelMarks = ['Resize rxwire devtools', 'useSyncExternalStore', 'localStorage'];

describe('a production build of an app that uses @rxwire/devtools', () => {
  it('keeps none of the panel: only a component that renders nothing', async () => {
    const code = await bundle("export { RxwireDevtools } from '@rxwire/devtools';", 'production');
    for (const mark of panelMarks) expect(code).not.toContain(mark);
    expect(code).not.toMatch(/from ['"]react/);
    expect(code.length).toBeLessThan(300);
  });

  it('keeps the panel in a development build', async () => {
    const code = await bundle("export { RxwireDevtools } from '@rxwire/devtools';", 'development');
    for (const mark of panelMarks) expect(code).toContain(mark);
  });

  it('keeps the panel from @rxwire/devtools/production', async () => {
    const code = await bundle("export { RxwireDevtools } from '@rxwire/devtools/production';", 'production');
    for (const mark of panelMarks) expect(code).toContain(mark);
  });
});
