import { describe, expect, it } from 'vitest';
import { FakeTabWorld, flushTabs } from './fakeTabPlatform.js';
import { TabElection, type TabRole } from './tabElection.js';

const NAME = 'rxwire:tabs:v1:test';

function tabs(world: FakeTabWorld, count: number) {
  return Array.from({ length: count }, () => {
    const platform = world.tab();
    // Starts with the role an election has before its first answer (onRole reports only changes).
    const roles: TabRole[] = ['follower'];
    const election = new TabElection({
      locks: platform.locks,
      name: NAME,
      onRole: (role) => roles.push(role),
    });
    return { platform, election, roles };
  });
}

const roleOf = (all: Array<{ election: TabElection }>) => all.map((t) => t.election.role);

describe('TabElection', () => {
  it('elects exactly one leader; the others follow and wait in line', async () => {
    const world = new FakeTabWorld();
    const all = tabs(world, 3);
    for (const t of all) t.election.start();
    await flushTabs();
    expect(roleOf(all)).toEqual(['leader', 'follower', 'follower']);
    await Promise.all(all.map((t) => t.election.decided()));
  });

  it('hands over when the leader stops, then again when the new leader crashes', async () => {
    const world = new FakeTabWorld();
    const all = tabs(world, 3);
    for (const t of all) t.election.start();
    await flushTabs();
    all[0]!.election.stop();
    await flushTabs();
    expect(roleOf(all)).toEqual(['follower', 'leader', 'follower']);
    all[1]!.platform.crash();
    await flushTabs();
    expect(all[2]!.election.role).toBe('leader');
    expect(all[0]!.roles).toEqual(['follower', 'leader', 'follower']);
  });

  it('a stopped tab leaves the line: it is never granted the lock while stopped, and asks again on start', async () => {
    const world = new FakeTabWorld();
    const [a, b] = tabs(world, 2);
    a!.election.start();
    b!.election.start();
    await flushTabs();
    b!.election.stop();
    a!.election.stop();
    await flushTabs();
    expect(roleOf([a!, b!])).toEqual(['follower', 'follower']);
    expect(world.holder(NAME)).toBe(false);
    b!.election.start();
    await flushTabs();
    expect(b!.election.role).toBe('leader');
  });

  it('leader loss at every step of a newcomer: before its look, between its look and its place in line', async () => {
    for (let step = 0; step < 6; step++) {
      const world = new FakeTabWorld();
      const [leader, newcomer] = tabs(world, 2);
      leader!.election.start();
      await flushTabs();
      newcomer!.election.start();
      for (let i = 0; i < step; i++) await Promise.resolve();
      leader!.platform.crash();
      await flushTabs();
      expect(newcomer!.election.role, `step ${step}`).toBe('leader');
      expect(world.holder(NAME)).toBe(true);
    }
  });

  it('a stop while the first look is under way gives the lock back at once', async () => {
    const world = new FakeTabWorld();
    const [a, b] = tabs(world, 2);
    a!.election.start();
    a!.election.stop();
    await flushTabs();
    expect(a!.election.role).toBe('follower');
    expect(world.holder(NAME)).toBe(false);
    b!.election.start();
    await flushTabs();
    expect(b!.election.role).toBe('leader');
  });

  it('start and stop are idempotent', async () => {
    const world = new FakeTabWorld();
    const [a] = tabs(world, 1);
    a!.election.start();
    a!.election.start();
    await flushTabs();
    expect(a!.roles).toEqual(['follower', 'leader']);
    a!.election.stop();
    a!.election.stop();
    expect(a!.roles).toEqual(['follower', 'leader', 'follower']);
  });
});
