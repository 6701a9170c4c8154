import { describe, expect, it } from 'vitest';
import { VirtualClock } from '@rxwire/core/testing';
import type { BayeuxMessage } from './message.js';
import { ServiceRequests } from './serviceRequests.js';

describe('ServiceRequests', () => {
  it('settles with the ack data, the next delivery on the channel (oldest first), a timeout or the publish failure', async () => {
    const clock = new VirtualClock();
    const services = new ServiceRequests(clock);
    const ack = (fields: Partial<BayeuxMessage> = {}): Promise<BayeuxMessage> => Promise.resolve({ channel: '/service/x', successful: true, ...fields });
    const byAck = services.request('/service/x', 1000, () => ack({ data: 'from ack' }));
    const first = services.request('/service/x', 1000, () => ack());
    const second = services.request('/service/x', 1000, () => ack());
    const failed = services.request('/service/x', 1000, () => Promise.reject(new Error('no route')));
    await expect(byAck).resolves.toBe('from ack');
    services.deliver({ channel: '/service/y', data: 'elsewhere' });
    services.deliver({ channel: '/service/x', data: 'one' });
    await expect(first).resolves.toBe('one');
    await expect(failed).rejects.toThrow('no route');
    clock.advance(1000);
    await expect(second).rejects.toMatchObject({ code: 'REQUEST_TIMEOUT' });
    expect(clock.pendingTimers).toBe(0);
  });
});
