import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string) => fileURLToPath(new URL(`./packages/${p}`, import.meta.url));

// Tests import the packages' sources, not their builds, so a test run does not need a build first.
const alias = {
  '@rxwire/core/testing': src('core/src/testing/index.ts'),
  '@rxwire/core/worker': src('core/src/worker/index.ts'),
  '@rxwire/core': src('core/src/index.ts'),
  '@rxwire/bayeux/websocket': src('bayeux/src/websocket.ts'),
  '@rxwire/bayeux': src('bayeux/src/index.ts'),
  '@rxwire/rpc': src('rpc/src/index.ts'),
  '@rxwire/react': src('react/src/index.ts'),
  '@rxwire/cli': src('cli/src/index.ts'),
  '@rxwire/devtools/production': src('devtools/src/production.ts'),
  '@rxwire/devtools': src('devtools/src/index.ts'),
  // The shared test helpers (private, never built): `@rxwire/test-support/<module>` is src/<module>.ts.
  '@rxwire/test-support': src('test-support/src'),
};

// The react package's tests run a second time against React 18, installed beside the root's React 19
// by the compat/react18 workspace, with its own Testing Library (whose `require('react')` then finds
// React 18 next to it).
const react18 = (p: string) => fileURLToPath(new URL(`./compat/react18/node_modules/${p}`, import.meta.url));
const react18Alias = {
  ...alias,
  '@testing-library/react': react18('@testing-library/react'),
  'react-dom': react18('react-dom'),
  react: react18('react'),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'packages/*/src/**/*.test.tsx'],
          environment: 'node',
          typecheck: { enabled: true, include: ['packages/*/src/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'integration',
          include: ['packages/*/test/**/*.test.ts', 'packages/*/test/**/*.test.tsx'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        resolve: { alias: react18Alias },
        test: {
          name: 'react18',
          include: ['packages/react/src/**/*.test.tsx', 'packages/react/test/**/*.test.tsx'],
          environment: 'node',
          env: { RXWIRE_EXPECT_REACT: '18' },
          testTimeout: 30_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
