import { describe, expect, it } from 'vitest';
import type { Cloud } from '../../src/cloud.js';
import { call, newCloud, PROJECT } from './catalog/helpers.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const SERVICE = { projectId: 'service', userId: 'cinder', roles: ['service'] };

function setup(): { cloud: Cloud; server: string; volume: string } {
  const cloud = newCloud();
  const booted = call(cloud, 'POST', 'servers', {
    body: { server: { name: 'avs', imageRef: IMAGE, flavorRef: '1' } },
  });
  const server = (booted.body as { server: { id: string } }).server.id;
  const volume = cloud.request({
    service: 'volume',
    method: 'POST',
    path: `/v3/${PROJECT}/volumes`,
    body: { volume: { size: 1 } },
  }).body.volume.id as string;
  cloud.clock.advance(120_000);
  const attached = call(cloud, 'POST', `servers/${server}/os-volume_attachments`, {
    body: { volumeAttachment: { volumeId: volume } },
  });
  expect(attached.status, JSON.stringify(attached.body)).toBe(200);
  cloud.clock.advance(60_000);
  return { cloud, server, volume };
}

function send(
  cloud: Cloud,
  method: string,
  path: string,
  options: { body?: unknown; version?: string; auth?: typeof SERVICE } = {},
) {
  return cloud.request({
    method,
    path: `/v2.1/${path}`,
    headers: { 'OpenStack-API-Version': `compute ${options.version ?? '2.1'}` },
    auth: options.auth ?? SERVICE,
    ...(options.body === undefined ? {} : { body: options.body }),
  });
}

function createBody(volume: string, info: Record<string, unknown> = {}) {
  return {
    snapshot: {
      volume_id: volume,
      create_info: { snapshot_id: 'snap-1', type: 'qcow2', new_file: 'new_file_name', ...info },
    },
  };
}

function deletePath(info: unknown, extra = ''): string {
  return `os-assisted-volume-snapshots/snap-1?delete_info=${encodeURIComponent(JSON.stringify(info))}${extra}`;
}

describe('os-assisted-volume-snapshots (Cinder calling Nova)', () => {
  it('creates for the service role: the answer names Cinder’s snapshot id, or null', () => {
    const { cloud, volume } = setup();
    const path = 'os-assisted-volume-snapshots';
    const res = send(cloud, 'POST', path, { body: createBody(volume, { id: 'abc' }) });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ snapshot: { id: 'abc', volumeId: volume } });
    const bare = send(cloud, 'POST', path, { body: createBody(volume) });
    expect(bare.body).toEqual({ snapshot: { id: null, volumeId: volume } });
  });

  it('is service-or-admin: a member gets the 403, an admin gets through', () => {
    const { cloud, volume } = setup();
    const path = 'os-assisted-volume-snapshots';
    const member = call(cloud, 'POST', path, { body: createBody(volume) });
    expect(member.status).toBe(403);
    expect(member.body.forbidden.message).toBe(
      "Policy doesn't allow os_compute_api:os-assisted-volume-snapshots:create to be performed.",
    );
    expect(call(cloud, 'POST', path, { body: createBody(volume), admin: true }).status).toBe(200);
    const memberDelete = call(cloud, 'DELETE', deletePath({ volume_id: volume }));
    expect(memberDelete.status).toBe(403);
  });

  it('validates the body (400) before the policy', () => {
    const { cloud, volume } = setup();
    const path = 'os-assisted-volume-snapshots';
    const raw = call(cloud, 'POST', path, { body: createBody(volume, { type: 'raw' }) });
    expect(raw.status).toBe(400);
    const body = createBody(volume) as { snapshot: { create_info: Record<string, unknown> } };
    delete body.snapshot.create_info.new_file;
    expect(send(cloud, 'POST', path, { body }).status).toBe(400);
    expect(send(cloud, 'POST', path, { body: { snapshot: { volume_id: volume } } }).status).toBe(
      400,
    );
  });

  it('refuses a volume attached to no server, and a server busy with a task, as 400s', () => {
    const { cloud, server, volume } = setup();
    const path = 'os-assisted-volume-snapshots';
    const other = '0b3c4f52-6a3d-4c1b-9e0f-3f5d1f7b9a10';
    const unknown = send(cloud, 'POST', path, { body: createBody(other) });
    expect(unknown.status).toBe(400);
    expect(unknown.body.badRequest.message).toBe(
      `No volume Block Device Mapping with id ${other}.`,
    );
    expect(
      call(cloud, 'POST', `servers/${server}/action`, { body: { reboot: { type: 'SOFT' } } })
        .status,
    ).toBe(202);
    const busy = send(cloud, 'POST', path, { body: createBody(volume) });
    expect(busy.status).toBe(400);
    expect(busy.body.badRequest.message).toMatch(
      new RegExp(
        `^Instance ${server} in task_state reboot\\w*\\. Cannot do_volume_snapshot_create while the instance is in this state\\.$`,
      ),
    );
  });

  it('refuses a server with no host (shelved offloaded) as a 400, not ready', () => {
    const { cloud, server, volume } = setup();
    expect(call(cloud, 'POST', `servers/${server}/action`, { body: { shelve: null } }).status).toBe(
      202,
    );
    cloud.clock.advance(120_000);
    const res = send(cloud, 'POST', 'os-assisted-volume-snapshots', { body: createBody(volume) });
    expect(res.status).toBe(400);
    expect(res.body.badRequest.message).toBe(`Instance ${server} is not ready`);
  });

  it('deletes with delete_info naming the volume (204), and refuses what Nova refuses', () => {
    const { cloud, server, volume } = setup();
    expect(send(cloud, 'DELETE', deletePath({ volume_id: volume })).status).toBe(204);
    const missing = send(cloud, 'DELETE', 'os-assisted-volume-snapshots/snap-1');
    expect(missing.status).toBe(400);
    expect(missing.body.badRequest.message).toBe("'delete_info'");
    const noVolume = send(cloud, 'DELETE', deletePath({ file: 'x' }));
    expect(noVolume.body.badRequest.message).toBe("'volume_id'");
    const notJson = send(cloud, 'DELETE', 'os-assisted-volume-snapshots/snap-1?delete_info=%7B');
    expect(notJson.status).toBe(400);
    // Unknown query parameters pass until 2.75.
    expect(
      send(cloud, 'DELETE', deletePath({ volume_id: volume }, '&x=1'), { version: '2.74' }).status,
    ).toBe(204);
    expect(
      send(cloud, 'DELETE', deletePath({ volume_id: volume }, '&x=1'), { version: '2.75' }).status,
    ).toBe(400);
    // An offline merge of an intermediate snapshot is refused.
    expect(
      call(cloud, 'POST', `servers/${server}/action`, { body: { 'os-stop': null } }).status,
    ).toBe(202);
    cloud.clock.advance(60_000);
    const offline = send(
      cloud,
      'DELETE',
      deletePath({ volume_id: volume, merge_target_file: 'a' }),
    );
    expect(offline.status).toBe(400);
    expect(offline.body.badRequest.message).toBe(
      `Instance ${server} in vm_state stopped. Cannot volume_snapshot_delete while the instance is in this state.`,
    );
    expect(
      send(cloud, 'DELETE', deletePath({ volume_id: volume, merge_target_file: null })).status,
    ).toBe(204);
  });
});
