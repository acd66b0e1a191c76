import { describe, expect, it } from 'vitest';
import { createCloud } from '../../src/index.js';
import { ADMIN, DEMO, neutron } from './helpers.js';

const PROJECT = DEMO.projectId;

// The port quota reads a count kept on write instead of scanning every port (issue 14):
// creates, deletes and a snapshot restore must all keep it right.
describe('the port quota', () => {
  it('counts creates and deletes, and survives a restore', () => {
    const cloud = createCloud({ seed: 5 });
    const network = neutron(cloud, 'POST', 'networks', { network: { name: 'q' } }).body.network;
    neutron(cloud, 'POST', 'subnets', {
      subnet: { network_id: network.id, cidr: '10.9.0.0/24', ip_version: 4 },
    });
    const used = neutron(cloud, 'GET', `quotas/${PROJECT}/details`).body.quota.port.used;
    neutron(cloud, 'PUT', `quotas/${PROJECT}`, { quota: { port: used + 2 } }, ADMIN);
    const create = (c: typeof cloud) =>
      neutron(c, 'POST', 'ports', { port: { network_id: network.id } });
    const first = create(cloud);
    expect(first.status).toBe(201);
    expect(create(cloud).status).toBe(201);
    expect(create(cloud).status).toBe(409);
    expect(neutron(cloud, 'DELETE', `ports/${first.body.port.id}`).status).toBe(204);
    const restored = createCloud({ restore: cloud.snapshot() });
    expect(create(restored).status).toBe(201);
    expect(create(restored).status).toBe(409);
    expect(neutron(restored, 'GET', `quotas/${PROJECT}/details`).body.quota.port).toEqual({
      limit: used + 2,
      used: used + 2,
      reserved: 0,
    });
  });
});
