import { describe, expect, it } from 'vitest';
import { SAMPLE_PROJECT_ID } from '../../src/catalog/defaults.js';
import { createCloud } from '../../src/cloud.js';
import { admin, cinder, member, newCloud } from './helpers.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';

function asAdmin(cloud: ReturnType<typeof newCloud>, method: string, path: string, body?: unknown) {
  return cinder(cloud, method, path, body, { auth: admin });
}

describe('Cinder volume types: create, update, delete', () => {
  it('an admin creates a type (200) that lists, shows and answers by id; names are unique', () => {
    const cloud = newCloud();
    const created = asAdmin(cloud, 'POST', '/types', {
      volume_type: { name: 'gold', description: 'fast', extra_specs: { tier: 'ssd' } },
    });
    expect(created.status).toBe(200);
    const type = created.body.volume_type;
    expect(type).toMatchObject({
      name: 'gold',
      description: 'fast',
      is_public: true,
      extra_specs: { tier: 'ssd' },
      'os-volume-type-access:is_public': true,
    });
    expect(asAdmin(cloud, 'GET', `/types/${type.id}`).body.volume_type.name).toBe('gold');
    const names = asAdmin(cloud, 'GET', '/types').body.volume_types.map(
      (t: { name: string }) => t.name,
    );
    expect(names).toContain('gold');
    const again = asAdmin(cloud, 'POST', '/types', { volume_type: { name: 'gold' } });
    expect(again.status).toBe(409);
    expect(again.body.conflictingRequest.message).toBe('Volume Type gold already exists.');
  });

  it('refuses members (403), bad bodies (400) and unknown ids (404), changing nothing', () => {
    const cloud = newCloud();
    const types = () => JSON.stringify(cloud.snapshot().services?.volume);
    const before = types();
    const denied = cinder(
      cloud,
      'POST',
      '/types',
      { volume_type: { name: 'x' } },
      { auth: member },
    );
    expect(denied.status).toBe(403);
    expect(denied.body.forbidden.message).toBe(
      "Policy doesn't allow volume_extension:type_create to be performed.",
    );
    expect(asAdmin(cloud, 'POST', '/types', { volume_type: { name: '' } }).status).toBe(400);
    expect(asAdmin(cloud, 'POST', '/types', { volume_type: { name: 'x', bogus: 1 } }).status).toBe(
      400,
    );
    expect(
      asAdmin(cloud, 'POST', '/types', {
        volume_type: { name: 'x', 'os-volume-type-access:is_public': 'maybe' },
      }).status,
    ).toBe(400);
    const missing = asAdmin(cloud, 'GET', '/types/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body.itemNotFound.message).toBe(
      'Volume type 00000000-0000-4000-8000-000000000000 could not be found.',
    );
    expect(types()).toBe(before);
  });

  it('updates name, description and is_public; needs one of them', () => {
    const cloud = newCloud();
    const id = asAdmin(cloud, 'POST', '/types', { volume_type: { name: 'a' } }).body.volume_type.id;
    const updated = asAdmin(cloud, 'PUT', `/types/${id}`, {
      volume_type: { name: 'b', is_public: 'false' },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.volume_type).toMatchObject({ name: 'b', is_public: false });
    // A private type leaves the members' list.
    const seen = cinder(cloud, 'GET', '/types').body.volume_types.map((t: { id: string }) => t.id);
    expect(seen).not.toContain(id);
    const empty = asAdmin(cloud, 'PUT', `/types/${id}`, { volume_type: {} });
    expect(empty.body.badRequest.message).toBe(
      'Specify volume type name, description, is_public or a combination thereof.',
    );
    expect(asAdmin(cloud, 'PUT', `/types/${id}`, { volume_type: { name: '  ' } }).status).toBe(400);
    expect(
      asAdmin(cloud, 'PUT', `/types/${id}`, { volume_type: { name: 'lvmdriver-1' } }).status,
    ).toBe(409);
  });

  it('deletes (202) a type without volumes; refuses the default and a type in use', () => {
    const cloud = newCloud();
    const id = asAdmin(cloud, 'POST', '/types', { volume_type: { name: 'tmp' } }).body.volume_type
      .id;
    const volume = asAdmin(cloud, 'POST', '/volumes', { volume: { size: 1, volume_type: 'tmp' } });
    expect(volume.status).toBe(202);
    const inUse = asAdmin(cloud, 'DELETE', `/types/${id}`);
    expect(inUse.status).toBe(400);
    expect(inUse.body.badRequest.message).toBe('Target volume type is still in use.');
    cloud.clock.advance(10_000);
    expect(asAdmin(cloud, 'DELETE', `/volumes/${volume.body.volume.id}`).status).toBe(202);
    cloud.clock.advance(10_000);
    expect(asAdmin(cloud, 'DELETE', `/types/${id}`).status).toBe(202);
    expect(asAdmin(cloud, 'GET', `/types/${id}`).status).toBe(404);
    const defaultId = asAdmin(cloud, 'GET', '/types/default').body.volume_type.id;
    const refused = asAdmin(cloud, 'DELETE', `/types/${defaultId}`);
    expect(refused.body.badRequest.message).toBe(
      `The volume type ${defaultId} is a default volume type and cannot be deleted.`,
    );
  });
});

describe('Cinder volume type extra specs', () => {
  it('list, create, show, update and delete, as Cinder answers each', () => {
    const cloud = newCloud();
    const id = asAdmin(cloud, 'POST', '/types', { volume_type: { name: 't' } }).body.volume_type.id;
    const path = `/types/${id}/extra_specs`;
    const posted = asAdmin(cloud, 'POST', path, {
      extra_specs: { a: '1', multiattach: '<is> True' },
    });
    expect(posted.status).toBe(200);
    expect(posted.body).toEqual({ extra_specs: { a: '1', multiattach: '<is> True' } });
    expect(asAdmin(cloud, 'GET', path).body.extra_specs).toEqual({
      a: '1',
      multiattach: '<is> True',
    });
    // Members see the user-visible specs only.
    expect(cinder(cloud, 'GET', path).body.extra_specs).toEqual({ multiattach: '<is> True' });
    expect(asAdmin(cloud, 'GET', `${path}/a`).body).toEqual({ a: '1' });
    expect(asAdmin(cloud, 'PUT', `${path}/a`, { a: '2' }).body).toEqual({ a: '2' });
    const mismatch = asAdmin(cloud, 'PUT', `${path}/a`, { b: '2' });
    expect(mismatch.body.badRequest.message).toBe('Request body and URI mismatch');
    expect(asAdmin(cloud, 'PUT', `${path}/a`, { a: '2', b: '3' }).status).toBe(400);
    const cacheable = asAdmin(cloud, 'POST', path, { extra_specs: { cacheable: '<is> True' } });
    expect(cacheable.body.badRequest.message).toBe('cacheable cannot be set with multiattach.');
    expect(asAdmin(cloud, 'DELETE', `${path}/a`).status).toBe(202);
    const gone = asAdmin(cloud, 'GET', `${path}/a`);
    expect(gone.status).toBe(404);
    expect(gone.body.itemNotFound.message).toBe(`Volume Type ${id} has no extra specs with key a.`);
    expect(asAdmin(cloud, 'DELETE', `${path}/a`).status).toBe(404);
    expect(cinder(cloud, 'POST', path, { extra_specs: { x: 'y' } }).status).toBe(403);
  });

  it('a type in use keeps its specs', () => {
    const cloud = newCloud();
    const id = asAdmin(cloud, 'POST', '/types', { volume_type: { name: 'used' } }).body.volume_type
      .id;
    asAdmin(cloud, 'POST', '/volumes', { volume: { size: 1, volume_type: id } });
    const refused = asAdmin(cloud, 'POST', `/types/${id}/extra_specs`, { extra_specs: { k: 'v' } });
    expect(refused.status).toBe(400);
    expect(refused.body.badRequest.message).toBe('Volume Type is currently in use.');
  });
});

describe('a multiattach type made through the API', () => {
  it('makes multiattach volumes that two servers attach (2.60), and survives a snapshot', () => {
    const cloud = createCloud({ seed: 4 });
    const auth = { projectId: SAMPLE_PROJECT_ID, userId: 'fake', roles: ['admin', 'member'] };
    const call = (service: 'volume' | 'compute', method: string, path: string, body?: unknown) =>
      cloud.request({
        ...(service === 'volume' ? { service } : {}),
        method,
        path: service === 'volume' ? `/v3/${SAMPLE_PROJECT_ID}${path}` : `/v2.1${path}`,
        headers: { 'OpenStack-API-Version': service === 'volume' ? 'volume 3.0' : 'compute 2.60' },
        ...(body === undefined ? {} : { body }),
        auth,
      });
    const type = call('volume', 'POST', '/types', {
      volume_type: { name: 'shared', extra_specs: { multiattach: '<is> True' } },
    });
    expect(type.status).toBe(200);
    const volume = call('volume', 'POST', '/volumes', {
      volume: { size: 1, volume_type: 'shared' },
    });
    expect(volume.body.volume.multiattach).toBe(true);
    const servers = [1, 2].map(
      (n) =>
        call('compute', 'POST', '/servers', {
          server: { name: `vm${n}`, imageRef: IMAGE, flavorRef: '1', networks: 'none' },
        }).body.server.id as string,
    );
    cloud.clock.advance(60_000);
    for (const server of servers) {
      const attached = call('compute', 'POST', `/servers/${server}/os-volume_attachments`, {
        volumeAttachment: { volumeId: volume.body.volume.id },
      });
      expect(attached.status).toBe(200);
      cloud.clock.advance(5_000);
    }
    const shown = call('volume', 'GET', `/volumes/${volume.body.volume.id}`).body.volume;
    expect(shown.status).toBe('in-use');
    expect(shown.attachments.map((a: { server_id: string }) => a.server_id).sort()).toEqual(
      [...servers].sort(),
    );
    const restored = createCloud({ restore: cloud.snapshot() });
    expect(JSON.stringify(restored.snapshot())).toBe(JSON.stringify(cloud.snapshot()));
  });
});
