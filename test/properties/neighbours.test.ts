import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { createCloud } from '../../src/cloud.js';
import { SAMPLE_NETWORK_ID } from '../../src/network/defaults.js';
import { cloudCommands, runCloudCommands } from '../../src/testing/index.js';
import { checkPorts } from '../../src/testing/invariants/ports.js';
import { checkVolumes } from '../../src/testing/invariants/volumes.js';
import { numRuns, propertySeed, TIMEOUT } from './support.js';

// The neighbours Nova calls, under random traffic: volumes, ports, interfaces, floating
// IPs and security groups mixed with the server lifecycle, host failures and restores.
// After every command Nova's BDMs and VIFs must agree with Cinder and Neutron.

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const member = { projectId: 'alpha', userId: 'alpha-user', roles: ['member'] };

/** One active server with a port on `private`, and an available volume, in `alpha`. */
function cloudWithServerAndVolume() {
  const cloud = createCloud({ seed: 5 });
  const created = cloud.request({
    method: 'POST',
    path: '/v2.1/servers',
    auth: member,
    body: {
      server: {
        name: 'a',
        imageRef: IMAGE,
        flavorRef: '1',
        networks: [{ uuid: SAMPLE_NETWORK_ID }],
      },
    },
  });
  const serverId = (created.body as { server: { id: string } }).server.id;
  const volume = cloud.request({
    service: 'volume',
    method: 'POST',
    path: '/v3/alpha/volumes',
    auth: member,
    body: { volume: { size: 1 } },
  });
  const volumeId = (volume.body as { volume: { id: string } }).volume.id;
  cloud.clock.advance(60_000);
  return { cloud, serverId, volumeId };
}

describe('Nova, Cinder and Neutron agree under random traffic', () => {
  const neighbourWeights = {
    volume: 6,
    volumeAttach: 8,
    volumeDelete: 3,
    port: 3,
    interface: 5,
    floatingIp: 5,
    securityGroup: 3,
  };
  test.prop([cloudCommands({ weights: neighbourWeights })], {
    numRuns: numRuns(60),
    seed: propertySeed(31),
  })(
    'BDMs, attachments, ports and floating IPs stay consistent',
    (program) => {
      runCloudCommands(program, { name: 'neighbours' });
    },
    TIMEOUT,
  );
});

describe('the cross-service invariants catch a broken cloud', () => {
  it('a Cinder attachment to a server that is gone', () => {
    const { cloud, serverId, volumeId } = cloudWithServerAndVolume();
    const attached = cloud.request({
      method: 'POST',
      path: `/v2.1/servers/${serverId}/os-volume_attachments`,
      auth: member,
      body: { volumeAttachment: { volumeId } },
    });
    expect(attached.status).toBe(200);
    cloud.clock.advance(10_000);
    expect(() => checkVolumes(cloud)).not.toThrow();
    // Nova forgets the BDM behind Cinder's back.
    cloud.compute.get(serverId)!.volumes = [];
    expect(() => checkVolumes(cloud)).toThrow(/has no BDM for it/);
  });

  it('an in-use volume without an attached attachment', () => {
    const { cloud, volumeId } = cloudWithServerAndVolume();
    cloud.volume.core.store.volumes.get(volumeId)!.status = 'in-use';
    expect(() => checkVolumes(cloud)).toThrow(/has no attached attachment/);
  });

  it('a port bound to a deleted server, and an address handed out twice', () => {
    const { cloud, serverId } = cloudWithServerAndVolume();
    expect(() => checkPorts(cloud)).not.toThrow();
    const [port] = [...cloud.network.db.ports.values()].filter((p) => p.deviceId === serverId);
    expect(port).toBeDefined();
    cloud.compute.get(serverId)!.ports = [];
    expect(() => checkPorts(cloud)).toThrow(/which does not list it/);
    port!.deviceId = '';
    const other = [...cloud.network.db.ports.values()].find(
      (p) => p.id !== port!.id && p.fixedIps.length > 0,
    )!;
    port!.fixedIps = [...other.fixedIps];
    expect(() => checkPorts(cloud)).toThrow(/handed out twice|is on port/);
  });

  it('deleting a server releases its ports and volume attachments', () => {
    const { cloud, serverId, volumeId } = cloudWithServerAndVolume();
    cloud.request({
      method: 'POST',
      path: `/v2.1/servers/${serverId}/os-volume_attachments`,
      auth: member,
      body: { volumeAttachment: { volumeId } },
    });
    cloud.clock.advance(10_000);
    const deleted = cloud.request({
      method: 'DELETE',
      path: `/v2.1/servers/${serverId}`,
      auth: member,
    });
    expect(deleted.status).toBe(204);
    cloud.clock.advance(60_000);
    expect(() => checkVolumes(cloud)).not.toThrow();
    expect(() => checkPorts(cloud)).not.toThrow();
    expect([...cloud.network.db.ports.values()].some((p) => p.deviceId === serverId)).toBe(false);
    expect(cloud.volume.core.store.volumes.get(volumeId)?.status).toBe('available');
  });
});
