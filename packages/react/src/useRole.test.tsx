// @vitest-environment jsdom
import { StrictMode } from 'react';
import { act, cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { MulticastValue, type TabRole } from '@rxwire/core';
import { RxWireProvider } from './RxWireProvider.js';
import { microtaskScheduler } from './microtaskScheduler.js';
import { useRole, type RoleSource } from './useRole.js';
import { createFakeChannelSource } from './testing/fakeChannelSource.js';

afterEach(cleanup);

function Role({ client }: { client?: RoleSource }) {
  return <span data-testid="role">{useRole(client)}</span>;
}

const text = () => screen.getByTestId('role').textContent;

describe('useRole', () => {
  it("follows a shared client's role$ (the provider's client), in StrictMode", async () => {
    const role = new MulticastValue<TabRole>('follower');
    const client = Object.assign(createFakeChannelSource(), { role$: role.observable });
    render(
      <StrictMode>
        <RxWireProvider client={client} schedule={microtaskScheduler}>
          <Role />
        </RxWireProvider>
      </StrictMode>,
    );
    await act(async () => {});
    expect(text()).toBe('follower');
    await act(async () => role.set('leader'));
    expect(text()).toBe('leader');
  });

  it("is 'alone' for a client without role$", () => {
    render(<Role client={{}} />);
    expect(text()).toBe('alone');
  });
});
