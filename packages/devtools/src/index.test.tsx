// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFakeInspectable } from './testing/fakeInspectable.js';

afterEach(() => {
  cleanup();
  vi.unstubAllEnvs();
  vi.resetModules();
  localStorage.clear();
});

describe('@rxwire/devtools', () => {
  it('renders nothing, and watches nothing, when NODE_ENV is production', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    vi.resetModules();
    const { RxwireDevtools } = await import('./index.js');
    const client = createFakeInspectable();
    const { container } = render(<RxwireDevtools client={client} initialIsOpen />);
    expect(container.innerHTML).toBe('');
    expect(client.observers).toBe(0);
    expect(client.snapshotReads).toBe(0);
  });

  it('is the panel in development', async () => {
    vi.stubEnv('NODE_ENV', 'development');
    vi.resetModules();
    const { RxwireDevtools } = await import('./index.js');
    render(<RxwireDevtools client={createFakeInspectable()} initialIsOpen />);
    expect(screen.getByRole('region', { name: 'rxwire devtools' })).toBeTruthy();
  });

  it('@rxwire/devtools/production is the panel whatever NODE_ENV says', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    vi.resetModules();
    const { RxwireDevtools } = await import('./production.js');
    render(<RxwireDevtools client={createFakeInspectable()} initialIsOpen />);
    expect(screen.getByRole('region', { name: 'rxwire devtools' })).toBeTruthy();
  });
});
