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
  return { cloud, id };
}

function call(cloud: Cloud, method: string, path: string, body?: unknown, version = '2.1') {
  return cloud.request({
    method,
    path: `/v2.1/servers/${path}`,
    headers: { 'OpenStack-API-Version': `compute ${version}` },
    ...(body === undefined ? {} : { body }),
  });
}

describe('os-interface', () => {
  it('lists and shows the server ports', () => {
    const { cloud, id } = setup();
    const list = call(cloud, 'GET', `${id}/os-interface`).body.interfaceAttachments;
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ net_id: SAMPLE_NETWORK_ID, port_state: 'ACTIVE' });
    expect(list[0].tag).toBeUndefined();
    const shown = call(
      cloud,
      'GET',
      `${id}/os-interface/${list[0].port_id}`,
      undefined,
      '2.70',
    ).body;
    expect(shown.interfaceAttachment).toMatchObject({ port_id: list[0].port_id, tag: null });
    const other = neutron(
      cloud,
      'POST',
      'ports',
      { port: { network_id: SAMPLE_NETWORK_ID } },
      SAMPLE,
    ).body.port;
    expect(call(cloud, 'GET', `${id}/os-interface/${other.id}`).body.itemNotFound.message).toBe(
      `Instance ${id} does not have a port with id ${other.id}`,
    );
  });

  it('attaches a user port with a tag, a network with a fixed IP, and detaches them', () => {
    const { cloud, id } = setup();
    const port = neutron(
      cloud,
      'POST',
      'ports',
      { port: { network_id: SAMPLE_NETWORK_ID } },
      SAMPLE,
    ).body.port;
    const attached = call(
      cloud,
      'POST',
      `${id}/os-interface`,
      { interfaceAttachment: { port_id: port.id, tag: 'nic2' } },
      '2.70',
    );
    expect(attached.status).toBe(200);
    expect(attached.body.interfaceAttachment).toMatchObject({
      port_id: port.id,
      tag: 'nic2',
      port_state: 'ACTIVE',
    });
    const byNet = call(cloud, 'POST', `${id}/os-interface`, {
      interfaceAttachment: {
        net_id: SAMPLE_NETWORK_ID,
        fixed_ips: [{ ip_address: '192.168.1.200' }],
      },
    });
    expect(byNet.body.interfaceAttachment.fixed_ips[0].ip_address).toBe('192.168.1.200');
    const addresses = cloud.request({ method: 'GET', path: `/v2.1/servers/${id}` }).body.server
      .addresses.private;
    expect(addresses).toHaveLength(3);
    const taken = call(cloud, 'POST', `${id}/os-interface`, {
      interfaceAttachment: { port_id: port.id },
    });
    expect(taken.status).toBe(409);
    expect(call(cloud, 'DELETE', `${id}/os-interface/${port.id}`).status).toBe(202);
    expect(neutron(cloud, 'GET', `ports/${port.id}`, undefined, SAMPLE).body.port).toMatchObject({
      device_id: '',
      status: 'DOWN',
    });
    const made = byNet.body.interfaceAttachment.port_id;
    expect(call(cloud, 'DELETE', `${id}/os-interface/${made}`).status).toBe(202);
    expect(neutron(cloud, 'GET', `ports/${made}`, undefined, SAMPLE).status).toBe(404);
    expect(call(cloud, 'GET', `${id}/os-interface`).body.interfaceAttachments).toHaveLength(1);
  });

  it("answers Nova's errors", () => {
    const { cloud, id } = setup();
    const nope = '00000000-0000-4000-8000-000000000000';
    expect(
      call(cloud, 'POST', `${id}/os-interface`, { interfaceAttachment: { port_id: nope } }).status,
    ).toBe(404);
    expect(
      call(cloud, 'POST', `${id}/os-interface`, { interfaceAttachment: { net_id: nope } }).status,
    ).toBe(404);
    expect(
      call(cloud, 'POST', `${id}/os-interface`, {
        interfaceAttachment: { net_id: SAMPLE_NETWORK_ID, port_id: nope },
      }).body.badRequest.message,
    ).toBe('Must not input both network_id and port_id');
    expect(
      call(cloud, 'POST', `${id}/os-interface`, { interfaceAttachment: { tag: 'x' } }, '2.48')
        .status,
    ).toBe(400);
    cloud.request({ method: 'POST', path: `/v2.1/servers/${id}/action`, body: { suspend: null } });
    cloud.clock.advance(120_000);
    const suspended = call(cloud, 'POST', `${id}/os-interface`, {});
    expect(suspended.status).toBe(409);
    expect(suspended.body.conflictingRequest.message).toBe(
      `Cannot 'attach_interface' instance ${id} while it is in vm_state suspended`,
    );
  });
});
