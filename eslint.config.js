import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'coverage/**', 'examples/spa/dist/**', 'demo/public/**', 'docs/api/**', '.test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-floating-promises': 'error',
    },
  },
  {
    // The tab code is a chunk loaded only with `share`. A value it imported from the rest of core (or
    // from rxjs) would be shared with the main chunk, and bundlers would split it into a third chunk
    // that every app loads up front: types only. loadTabShare, in the main chunk, hands in the rest.
    files: ['packages/core/src/tabs/**/*.ts'],
    ignores: ['packages/core/src/tabs/loadTabShare.ts', 'packages/core/src/tabs/loadTabKit.ts', 'packages/core/src/tabs/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../*', 'rxjs', 'rxjs/*'],
              allowTypeImports: true,
              message: 'The lazy tab code imports only types from the rest of core: hand values in through TabShareHooks (see loadTabShare.ts).',
            },
          ],
        },
      ],
    },
  },
  {
    // Bayeux's tab code (`share`) is a chunk of its own for the same reason: types only from the rest
    // of bayeux, core and rxjs. BayeuxTabLink, in the main chunk, hands in the rest.
    files: ['packages/bayeux/src/tabs/**/*.ts'],
    ignores: ['packages/bayeux/src/tabs/bayeuxTabLink.ts', 'packages/bayeux/src/tabs/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../*', '@rxwire/core', 'rxjs', 'rxjs/*'],
              allowTypeImports: true,
              message: "Bayeux's lazy tab code imports only types from the rest of bayeux and core: hand values in through BayeuxTabParts (see bayeuxTabLink.ts).",
            },
          ],
        },
      ],
    },
  },
  {
    // The wire recorder is a chunk loaded only when someone observes inspect$ (see wireTap.ts): the
    // same reason as the tab code above, so the same rule. wireTap.ts is the bridge and hands in values.
    files: ['packages/core/src/inspect/wireRecorder.ts', 'packages/core/src/inspect/redactValue.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../*', 'rxjs', 'rxjs/*'],
              allowTypeImports: true,
              message: 'The lazy wire recorder imports only types from the rest of core: hand values in through WireRecorderOptions (see wireTap.ts).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', URL: 'readonly', Buffer: 'readonly', fetch: 'readonly', setInterval: 'readonly', clearInterval: 'readonly' } },
  },
);
