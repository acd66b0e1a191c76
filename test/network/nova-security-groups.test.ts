import { describe, expect, it } from 'vitest';
import { SAMPLE_PROJECT_ID } from '../../src/catalog/defaults.js';
import { type Cloud, createCloud } from '../../src/cloud.js';
import { SAMPLE_NETWORK_ID } from '../../src/network/defaults.js';
import type { Auth } from '../../src/service/contract.js';
import { neutron } from './helpers.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const SAMPLE: Auth = { projectId: SAMPLE_PROJECT_ID, userId: 'fake', roles: ['member'] };

function setup() {
  const cloud = createCloud();
  const id = cloud.request({
    method: 'POST',
    path: '/v2.1/servers',
    body: {
      server: {
        name: 'vm',
        imageRef: IMAGE,
        flavorRef: '1',
        networks: [{ uuid: SAMPLE_NETWORK_ID }],
      },
    },
  }).body.server.id as string;
  cloud.clock.advance(120_000);
  const web = neutron(cloud, 'POST', 'security-groups', { security_group: { name: 'web' } }, SAMPLE)
    .body.security_group;
  neutron(
    cloud,
    'POST',
    'security-group-rules',
    {
      security_group_rule: {
        security_group_id: web.id,
        direction: 'ingress',
        protocol: 'tcp',
        port_range_min: 80,
        port_range_max: 80,
        remote_ip_prefix: '0.0.0.0/0',
      },
    },
    SAMPLE,
  );
  return { cloud, id, web };
}

function action(cloud: Cloud, id: string, body: unknown) {
  return cloud.request({ method: 'POST', path: `/v2.1/servers/${id}/action`, body });
}

describe('addSecurityGroup, removeSecurityGroup, os-security-groups', () => {
  it("adds the group to the server's ports and shows it; removes it again", () => {
    const { cloud, id, web } = setup();
    expect(action(cloud, id, { addSecurityGroup: { name: 'web' } }).status).toBe(202);
    const [port] = neutron(cloud, 'GET', `ports?device_id=${id}`, undefined, SAMPLE).body.ports;
    expect(port.security_groups).toContain(web.id);
    const server = cloud.request({ method: 'GET', path: `/v2.1/servers/${id}` }).body.server;
    expect(server.security_groups).toEqual([{ name: 'default' }, { name: 'web' }]);
    const groups = cloud.request({ method: 'GET', path: `/v2.1/servers/${id}/os-security-groups` })
      .body.security_groups;
    expect(groups.map((g: { name: string }) => g.name)).toEqual(['default', 'web']);
    expect(groups[1].rules).toEqual([
      expect.objectContaining({
        ip_protocol: 'tcp',
        from_port: 80,
        to_port: 80,
        ip_range: { cidr: '0.0.0.0/0' },
        group: {},
      }),
    ]);
    expect(groups[0].rules).toHaveLength(2);
    expect(action(cloud, id, { removeSecurityGroup: { name: 'web' } }).status).toBe(202);
    const again = action(cloud, id, { removeSecurityGroup: { name: 'web' } });
    expect(again.status).toBe(404);
    expect(again.body.itemNotFound.message).toBe(
      `Security group web not associated with the instance ${id}`,
    );
  });

  it("answers Nova's 400 and 404 for bad names", () => {
    const { cloud, id } = setup();
    // Master's schema (Nova commit 55f5b175ba) refuses a body without a name.
    expect(action(cloud, id, { addSecurityGroup: {} }).body.badRequest.message).toBe(
      "Invalid input for field/attribute addSecurityGroup. Value: {}. 'name' is a required property",
    );
    expect(
      action(cloud, id, { removeSecurityGroup: { name: 'web', extra: 1 } }).body.badRequest.message,
    ).toBe(
      "Invalid input for field/attribute removeSecurityGroup. Value: {'name': 'web', 'extra': 1}. Additional properties are not allowed ('extra' was unexpected)",
    );
    expect(action(cloud, id, { addSecurityGroup: { name: '' } }).body.badRequest.message).toBe(
      "Invalid input for field/attribute name. Value: . '' should be non-empty",
    );
    expect(action(cloud, id, { addSecurityGroup: { name: ' ' } }).body.badRequest.message).toBe(
      'Security group name cannot be empty',
    );
    const missing = action(cloud, id, { addSecurityGroup: { name: 'nope' } });
    expect(missing.status).toBe(404);
    expect(missing.body.itemNotFound.message).toBe(
      `Security group nope is not found for project ${SAMPLE_PROJECT_ID}`,
    );
  });
});

describe('addFloatingIp and removeFloatingIp (up to 2.43)', () => {
  it("associates a project's floating IP with the server and takes it off again", () => {
    const { cloud, id } = setup();
    const fip = neutron(
      cloud,
      'POST',
      'floatingips',
      {
        floatingip: { floating_network_id: 'b8a3d4a0-7c5e-4f0a-9c3f-2f6f1f0c0d01' },
      },
      SAMPLE,
    ).body.floatingip;
    const address = fip.floating_ip_address;
    expect(action(cloud, id, { addFloatingIp: { address } }).status).toBe(202);
    const shown = cloud.request({ method: 'GET', path: `/v2.1/servers/${id}` }).body.server;
    expect(shown.addresses.private.map((a: { addr: string }) => a.addr)).toContain(address);
    expect(
      neutron(cloud, 'GET', `floatingips/${fip.id}`, undefined, SAMPLE).body.floatingip.status,
    ).toBe('ACTIVE');
    expect(action(cloud, id, { removeFloatingIp: { address } }).status).toBe(202);
    // No server holds it now: Nova's policy target has no project, so a member gets 403 and
    // only an admin reaches the 409.
    expect(action(cloud, id, { removeFloatingIp: { address } }).status).toBe(403);
    const again = cloud.request({
      method: 'POST',
      path: `/v2.1/servers/${id}/action`,
      auth: { roles: ['admin'] },
      body: { removeFloatingIp: { address } },
    });
    expect(again.status).toBe(409);
    expect(again.body.conflictingRequest.message).toBe(
      `Floating IP ${address} is not associated with instance ${id}.`,
    );
    expect(action(cloud, id, { addFloatingIp: { address: '10.99.0.1' } }).status).toBe(404);
    const late = cloud.request({
      method: 'POST',
      path: `/v2.1/servers/${id}/action`,
      headers: { 'OpenStack-API-Version': 'compute 2.44' },
      body: { addFloatingIp: { address } },
    });
    expect(late.status).toBe(404);
  });
});
