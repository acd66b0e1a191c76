import { describe, expect, it } from 'vitest';
import { call, newCloud } from '../catalog/helpers.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';

type Json = Record<string, unknown>;

describe('os-volumes_boot (the servers API under another name, up to 2.102)', () => {
  it('creates, shows, lists, updates, acts on and deletes servers', () => {
    const cloud = newCloud();
    const made = call(cloud, 'POST', 'os-volumes_boot', {
      body: { server: { name: 'vb', imageRef: IMAGE, flavorRef: '1' } },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(202);
    const id = String((made.body as { server: Json }).server.id);
    expect(made.headers.location).toMatch(new RegExp(`/servers/${id}$`));
    cloud.clock.advance(120_000);
    const shown = call(cloud, 'GET', `os-volumes_boot/${id}`);
    expect((shown.body as { server: Json }).server.status).toBe('ACTIVE');
    const detail = call(cloud, 'GET', 'os-volumes_boot/detail');
    expect((detail.body as { servers: Json[] }).servers.map((s) => s.id)).toEqual([id]);
    const renamed = call(cloud, 'PUT', `os-volumes_boot/${id}`, {
      body: { server: { name: 'x' } },
    });
    expect((renamed.body as { server: Json }).server.name).toBe('x');
    expect(
      call(cloud, 'POST', `os-volumes_boot/${id}/action`, { body: { 'os-stop': null } }).status,
    ).toBe(202);
    cloud.clock.advance(120_000);
    expect((call(cloud, 'GET', `servers/${id}`).body as { server: Json }).server.status).toBe(
      'SHUTOFF',
    );
    expect(call(cloud, 'DELETE', `os-volumes_boot/${id}`).status).toBe(204);
  });

  it('has only the servers controller’s own actions', () => {
    const cloud = newCloud();
    const made = call(cloud, 'POST', 'servers', {
      body: { server: { name: 'vb', imageRef: IMAGE, flavorRef: '1' } },
    });
    const id = String((made.body as { server: Json }).server.id);
    cloud.clock.advance(120_000);
    const res = call(cloud, 'POST', `os-volumes_boot/${id}/action`, { body: { pause: null } });
    expect(res.body).toEqual({
      badRequest: { code: 400, message: 'There is no such action: pause' },
    });
    expect((call(cloud, 'GET', `servers/${id}`).body as { server: Json }).server.status).toBe(
      'ACTIVE',
    );
  });

  it('answers 404 from 2.103 and 404 for an unknown server', () => {
    const cloud = newCloud();
    expect(call(cloud, 'GET', 'os-volumes_boot', { version: '2.103' }).status).toBe(404);
    expect(call(cloud, 'GET', 'os-volumes_boot', { version: '2.102' }).status).toBe(200);
    const missing = call(cloud, 'GET', 'os-volumes_boot/nope');
    expect(missing.status).toBe(404);
  });
});
