import { describe, expect, it } from 'vitest';
import { serverDetail, serverSummary } from '../../../src/api/views/server.js';
import * as ops from '../../../src/compute/operations.js';
import {
  activeServer,
  apiContext,
  buildServer,
  ENDPOINT,
  flavor,
  IMAGE,
  OWNER,
  PROJECT,
  show,
  testCloud,
} from './context.js';

describe('serverDetail', () => {
  it('shows an ACTIVE server with Nova formats', () => {
    const cloud = testCloud();
    const server = activeServer(cloud);
    const view = show(cloud, server, '2.1', true);
    expect(view).toMatchObject({
      id: server.id,
      status: 'ACTIVE',
      tenant_id: PROJECT,
      user_id: 'fake',
      hostId: expect.stringMatching(/^[0-9a-f]{56}$/),
      image: {
        id: IMAGE,
        links: [{ rel: 'bookmark', href: `${ENDPOINT}/${PROJECT}/images/${IMAGE}` }],
      },
      flavor: { id: '1', links: [{ rel: 'bookmark', href: `${ENDPOINT}/${PROJECT}/flavors/1` }] },
      links: [
        { rel: 'self', href: `${ENDPOINT}/v2.1/${PROJECT}/servers/${server.id}` },
        { rel: 'bookmark', href: `${ENDPOINT}/${PROJECT}/servers/${server.id}` },
      ],
      created: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      updated: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      'OS-SRV-USG:launched_at': expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/),
      'OS-SRV-USG:terminated_at': null,
      'OS-DCF:diskConfig': 'AUTO',
      'OS-EXT-AZ:availability_zone': 'nova',
      'OS-EXT-STS:vm_state': 'active',
      'OS-EXT-STS:task_state': null,
      'OS-EXT-STS:power_state': 1,
      'OS-EXT-SRV-ATTR:host': server.host,
      'OS-EXT-SRV-ATTR:hypervisor_hostname': server.host,
      'OS-EXT-SRV-ATTR:instance_name': expect.stringMatching(/^instance-[0-9a-f]{8}$/),
      config_drive: '',
      key_name: null,
      security_groups: [{ name: 'default' }],
      'os-extended-volumes:volumes_attached': [{ id: 'volume_id1' }, { id: 'volume_id2' }],
      progress: 0,
    });
    expect(view).not.toHaveProperty('fault');
  });

  it('returns copies: changing the view does not change the server', () => {
    const cloud = testCloud();
    const server = activeServer(cloud);
    const view = show(cloud, server, '2.26');
    (view.metadata as Record<string, string>).x = 'y';
    (view.tags as string[]).push('t');
    expect(server.metadata).not.toHaveProperty('x');
    expect(server.tags).toEqual([]);
  });

  it('hides addresses and hostId while the server is building', () => {
    const cloud = testCloud();
    const server = buildServer(cloud);
    expect(show(cloud, server)).toMatchObject({ status: 'BUILD', addresses: {}, hostId: '' });
    cloud.clock.advance(30_000);
    expect(show(cloud, server).addresses).toEqual({
      private: [
        {
          version: 4,
          addr: server.addresses[0]?.addr,
          'OS-EXT-IPS:type': 'fixed',
          'OS-EXT-IPS-MAC:mac_addr': server.addresses[0]?.mac,
        },
      ],
    });
  });

  it('lists fixed addresses before floating ones, per network', () => {
    const cloud = testCloud();
    const server = activeServer(cloud);
    const fixed = server.addresses[0]!;
    server.addresses = [
      { network: 'private', version: 4, addr: '172.24.4.9', type: 'floating', mac: fixed.mac },
      fixed,
      {
        network: 'public',
        version: 6,
        addr: '2001:db8::9',
        type: 'fixed',
        mac: 'fa:16:3e:00:00:99',
      },
    ];
    const addresses = show(cloud, server).addresses as Record<string, { addr: string }[]>;
    expect(Object.keys(addresses)).toEqual(['private', 'public']);
    expect(addresses.private?.map((a) => a.addr)).toEqual([fixed.addr, '172.24.4.9']);
  });

  it('shows a boot-from-volume image as "" at every version', () => {
    const cloud = testCloud();
    const server = activeServer(cloud, { imageRef: '' });
    expect(show(cloud, server).image).toBe('');
    expect(show(cloud, server, '2.98').image).toBe('');
  });

  it('embeds the flavor from 2.47, extra_specs included for the owner', () => {
    const cloud = testCloud();
    const server = activeServer(cloud, { flavor: flavor('6') });
    expect(show(cloud, server, '2.47').flavor).toEqual({
      vcpus: 1,
      ram: 512,
      disk: 1,
      ephemeral: 0,
      swap: 0,
      original_name: 'm1.tiny.specs',
      extra_specs: { 'hw:numa_nodes': '1' },
    });
  });

  it('shows the image standard properties from 2.98', () => {
    const cloud = testCloud();
    const server = activeServer(cloud);
    expect(show(cloud, server, '2.97').image).not.toHaveProperty('properties');
    expect((show(cloud, server, '2.98').image as { properties: unknown }).properties).toEqual({
      architecture: 'x86_64',
      auto_disk_config: 'True',
    });
  });

  it('follows the request: config drive, manual disk config, no security groups, key name', () => {
    const cloud = testCloud();
    const server = activeServer(cloud, {
      configDrive: true,
      autoDiskConfig: false,
      securityGroups: [],
      keyName: 'kp',
    });
    const view = show(cloud, server);
    expect(view).toMatchObject({
      config_drive: 'True',
      'OS-DCF:diskConfig': 'MANUAL',
      key_name: 'kp',
    });
    expect(view).not.toHaveProperty('security_groups');
  });

  it('keeps admin attributes from members, bar the hostname from 2.90', () => {
    const cloud = testCloud();
    const server = activeServer(cloud);
    const member = show(cloud, server, '2.89');
    expect(Object.keys(member).filter((k) => k.startsWith('OS-EXT-SRV-ATTR:'))).toEqual([]);
    expect(member).not.toHaveProperty('host_status');
    const later = show(cloud, server, '2.90');
    expect(Object.keys(later).filter((k) => k.startsWith('OS-EXT-SRV-ATTR:'))).toEqual([
      'OS-EXT-SRV-ATTR:hostname',
    ]);
    expect(later['OS-EXT-SRV-ATTR:hostname']).toBe(server.hostname);
  });

  it('shows the 2.3 attributes and delete_on_termination', () => {
    const cloud = testCloud();
    const server = activeServer(cloud);
    expect(show(cloud, server, '2.3', true)).toMatchObject({
      'OS-EXT-SRV-ATTR:reservation_id': server.reservationId,
      'OS-EXT-SRV-ATTR:launch_index': 0,
      'OS-EXT-SRV-ATTR:hostname': server.hostname,
      'OS-EXT-SRV-ATTR:kernel_id': '',
      'OS-EXT-SRV-ATTR:ramdisk_id': '',
      'OS-EXT-SRV-ATTR:root_device_name': '/dev/vda',
      'OS-EXT-SRV-ATTR:user_data': server.userData,
      'os-extended-volumes:volumes_attached': [
        { id: 'volume_id1', delete_on_termination: false },
        { id: 'volume_id2', delete_on_termination: false },
      ],
    });
  });

  it('shows host_status to admins from 2.16', () => {
    const cloud = testCloud();
    const server = activeServer(cloud);
    expect(show(cloud, server, '2.15', true)).not.toHaveProperty('host_status');
    expect(show(cloud, server, '2.16', true).host_status).toBe('UP');
    cloud.hosts.forceDown(server.host!);
    expect(show(cloud, server, '2.16', true).host_status).toBe('DOWN');
  });

  it('shows lock, description, tags, certificates, pinned AZ and hints per microversion', () => {
    const cloud = testCloud();
    const server = activeServer(cloud, { tags: ['a'], description: 'd', availabilityZone: 'nova' });
    ops.lock(cloud.compute, server, OWNER, 'maintenance');
    expect(show(cloud, server, '2.8')).not.toHaveProperty('locked');
    expect(show(cloud, server, '2.18')).not.toHaveProperty('description');
    expect(show(cloud, server, '2.100')).toMatchObject({
      locked: true,
      locked_reason: 'maintenance',
      description: 'd',
      tags: ['a'],
      trusted_image_certificates: null,
      pinned_availability_zone: 'nova',
      scheduler_hints: {},
    });
  });

  it('shows server_groups from 2.71 on show only, not in detail lists', () => {
    const cloud = testCloud();
    const server = activeServer(cloud);
    const ctx = apiContext(cloud, { version: '2.71' });
    expect(serverDetail(ctx, server).server_groups).toEqual([]);
    cloud.catalog.groups.set('g-1', {
      id: 'g-1',
      name: 'g',
      policy: 'anti-affinity',
      rules: {},
      members: [server.id],
      projectId: PROJECT,
      userId: 'fake',
    });
    expect(serverDetail(ctx, server).server_groups).toEqual(['g-1']);
    expect(serverDetail(ctx, server, { list: true })).not.toHaveProperty('server_groups');
    expect(serverDetail(apiContext(cloud, { version: '2.70' }), server)).not.toHaveProperty(
      'server_groups',
    );
  });
});

describe('serverSummary', () => {
  it('is id, name and links', () => {
    const cloud = testCloud();
    const server = buildServer(cloud);
    expect(serverSummary(apiContext(cloud), server)).toEqual({
      id: server.id,
      name: server.name,
      links: [
        { rel: 'self', href: `${ENDPOINT}/v2.1/${PROJECT}/servers/${server.id}` },
        { rel: 'bookmark', href: `${ENDPOINT}/${PROJECT}/servers/${server.id}` },
      ],
    });
  });
});
