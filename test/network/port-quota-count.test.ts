import { describe, expect, it } from 'vitest';
import { createCloud } from '../../src/index.js';
import { ADMIN, DEMO, neutron, OTHER } from './helpers.js';

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

  it("caps Nova's multi-create at the project's own free ports, whoever else has ports", () => {
    const cloud = createCloud({ seed: 6 });
    const network = neutron(
      cloud,
      'POST',
      'networks',
      {
        network: { name: 'q', shared: true },
      },
      ADMIN,
    ).body.network;
    neutron(
      cloud,
      'POST',
      'subnets',
      {
        subnet: { network_id: network.id, cidr: '10.9.0.0/24', ip_version: 4 },
      },
      ADMIN,
    );
    // Another project's ports take none of this project's room.
    for (let i = 0; i < 3; i++) {
      expect(
        neutron(cloud, 'POST', 'ports', { port: { network_id: network.id } }, OTHER).status,
      ).toBe(201);
    }
    const used = neutron(cloud, 'GET', `quotas/${PROJECT}/details`).body.quota.port.used;
    neutron(cloud, 'PUT', `quotas/${PROJECT}`, { quota: { port: used + 2 } }, ADMIN);
    const boot = () =>
      cloud.request({
        method: 'POST',
        path: '/v2.1/servers',
        auth: DEMO,
        body: {
          server: {
            name: 'vm',
            imageRef: '70a599e0-31e7-49b7-b260-868f441e862b',
            flavorRef: '1',
            networks: [{ uuid: network.id }],
            min_count: 1,
            max_count: 3,
          },
        },
      });
    expect(boot().status).toBe(202);
    const servers = cloud.request({ method: 'GET', path: '/v2.1/servers', auth: DEMO }).body
      .servers;
    expect(servers).toHaveLength(2);
    const full = boot();
    expect(full.status).toBe(403);
    expect(full.body.forbidden.message).toBe('Maximum number of ports exceeded');
  });
});
