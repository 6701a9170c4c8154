// Bundles the demo SPA for the browser: `npx rollup -c examples/spa/rollup.config.mjs` (npm start
// does it). @rxwire/* resolve through node_modules to the packages' built `browser` exports, as
// they would in a user's app.
import { copyFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import esbuild from 'rollup-plugin-esbuild';

const here = (p) => fileURLToPath(new URL(p, import.meta.url));

export default {
  input: here('./src/main.tsx'),
  // One file: the chunks that packages load lazily with import() (rpc's dialects given by name) go inline.
  output: { file: here('./dist/app.js'), format: 'es', sourcemap: true, inlineDynamicImports: true },
  plugins: [
    replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': JSON.stringify('production') } }),
    nodeResolve({ browser: true, exportConditions: ['browser', 'import', 'default'], extensions: ['.mjs', '.js', '.ts', '.tsx'] }),
    commonjs(),
    esbuild({ target: 'es2022', jsx: 'automatic', minify: true, tsconfig: here('./tsconfig.json') }),
    {
      name: 'copy-index-html',
      writeBundle(options) {
        const dir = options.dir ?? dirname(options.file);
        mkdirSync(dir, { recursive: true });
        copyFileSync(here('./index.html'), join(dir, 'index.html'));
      },
    },
  ],
};
