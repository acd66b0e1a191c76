import { describe, expect, it } from 'vitest';
import type { Cloud } from '../../../src/cloud.js';
import { call, newCloud } from '../extras/helpers.js';
import { catalogImage } from './helpers.js';

// compute.API.resize sets `instance.auto_disk_config = auto_disk_config or False` for
// resize and cold migration alike; rebuild inherits the new image's auto_disk_config when
// the request has none (_inherit_properties_from_image). A deleted instance joins no
// service row (Instance.deleted == 0 in the join), so its host_status is ''.

const PLAIN_IMAGE = 'a0a0a0a0-0000-4000-8000-000000000001';
const AUTO_IMAGE = 'a0a0a0a0-0000-4000-8000-000000000002';

function cloud(): Cloud {
  return newCloud({
    catalog: {
      images: [
        catalogImage(PLAIN_IMAGE),
        catalogImage(AUTO_IMAGE, { properties: { auto_disk_config: 'True' } }),
      ] as never,
    },
  });
}

function bootAuto(c: Cloud): string {
  const res = call(c, 'POST', 'servers', {
    body: {
      server: { name: 'a', imageRef: AUTO_IMAGE, flavorRef: '1', 'OS-DCF:diskConfig': 'AUTO' },
    },
  });
  expect(res.status).toBe(202);
  c.clock.advance(60_000);
  return (res.body as { server: { id: string } }).server.id;
}

function diskConfig(c: Cloud, id: string): unknown {
  return (call(c, 'GET', `servers/${id}`).body as { server: Record<string, unknown> }).server[
    'OS-DCF:diskConfig'
  ];
}

function act(c: Cloud, id: string, body: unknown, admin = false) {
  const res = call(c, 'POST', `servers/${id}/action`, { body, admin });
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  c.clock.advance(120_000);
}

describe('OS-DCF:diskConfig after moves and rebuilds', () => {
  it('is MANUAL after a resize without the parameter', () => {
    const c = cloud();
    const id = bootAuto(c);
    expect(diskConfig(c, id)).toBe('AUTO');
    act(c, id, { resize: { flavorRef: '2' } });
    expect(diskConfig(c, id)).toBe('MANUAL');
  });

  it('is MANUAL after a cold migration', () => {
    const c = cloud();
    const id = bootAuto(c);
    act(c, id, { migrate: null }, true);
    expect(diskConfig(c, id)).toBe('MANUAL');
  });

  it('follows the new image on a rebuild without the parameter', () => {
    const c = cloud();
    const id = bootAuto(c);
    act(c, id, { rebuild: { imageRef: PLAIN_IMAGE } });
    expect(diskConfig(c, id)).toBe('MANUAL');
    act(c, id, { rebuild: { imageRef: AUTO_IMAGE } });
    expect(diskConfig(c, id)).toBe('AUTO');
  });
});

describe('host_status of a deleted server', () => {
  it("is '' in an admin's deleted listing", () => {
    const c = cloud();
    const id = bootAuto(c);
    expect(call(c, 'DELETE', `servers/${id}`).status).toBe(204);
    c.clock.advance(60_000);
    const list = call(c, 'GET', 'servers/detail?deleted=true', { version: '2.16', admin: true });
    const servers = (list.body as { servers: Record<string, unknown>[] }).servers;
    expect(servers.map((s) => [s.id, s.host_status])).toEqual([[id, '']]);
  });
});
