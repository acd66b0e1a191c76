import { describe, expect, it } from 'vitest';
import { ADMIN, action, activeServer, show } from './helpers.js';

describe('evacuate as Nova master answers it (#9.2)', () => {
  it('takes over a running task once the host is down', () => {
    const { cloud, id } = activeServer();
    const host = show(cloud, id, ADMIN)['OS-EXT-SRV-ATTR:host'] as string;
    expect(action(cloud, id, { reboot: { type: 'HARD' } }).status).toBe(202);
    cloud.hosts.forceDown(host);
    const res = action(cloud, id, { evacuate: {} }, ADMIN);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(show(cloud, id, ADMIN)['OS-EXT-STS:task_state']).toBe('rebuilding');
    cloud.clock.advance(120_000);
    const after = show(cloud, id, ADMIN);
    expect(after.status).toBe('SHUTOFF'); // from 2.95 an evacuated server ends stopped
    expect(after['OS-EXT-SRV-ATTR:host']).not.toBe(host);
  });

  it('answers a shelved-offloaded server 400 before any state check', () => {
    const { cloud, id } = activeServer();
    expect(action(cloud, id, { shelve: null }).status).toBe(202);
    cloud.clock.advance(600_000);
    expect(show(cloud, id).status).toBe('SHELVED_OFFLOADED');
    const res = action(cloud, id, { evacuate: {} }, ADMIN);
    expect(res.status).toBe(400);
    expect(res.body.badRequest.message).toBe("The target host can't be the same one.");
  });
});
