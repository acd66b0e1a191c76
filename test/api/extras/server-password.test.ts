import { describe, expect, it } from 'vitest';
import { boot, call, messageOf, newCloud } from './helpers.js';

describe('os-server-password', () => {
  it('is empty (only a guest sets it, through the metadata server), and DELETE answers 204', () => {
    const cloud = newCloud();
    const id = boot(cloud);
    const shown = call(cloud, 'GET', `servers/${id}/os-server-password`);
    expect(shown.status).toBe(200);
    expect(shown.body).toEqual({ password: '' });
    const cleared = call(cloud, 'DELETE', `servers/${id}/os-server-password`);
    expect(cleared.status).toBe(204);
    expect(cleared.body ?? null).toBeNull();
    expect(call(cloud, 'GET', `servers/${id}/os-server-password`).body).toEqual({ password: '' });
  });

  it('lets a reader see but not clear it; 404 for unknown servers and other projects', () => {
    const cloud = newCloud();
    const id = boot(cloud);
    const as = (method: string, roles: string[]) =>
      cloud.request({
        method,
        path: `/v2.1/servers/${id}/os-server-password`,
        auth: { projectId: '6f70656e737461636b20342065766572', userId: 'r', roles },
      });
    expect(as('GET', ['reader']).status).toBe(200);
    const clear = as('DELETE', ['reader']);
    expect(clear.status).toBe(403);
    expect(messageOf(clear.body)).toContain('os_compute_api:os-server-password:clear');
    expect(call(cloud, 'GET', `servers/${id}/os-server-password`, { projectId: 'x' }).status).toBe(
      404,
    );
    expect(call(cloud, 'GET', 'servers/nope/os-server-password').status).toBe(404);
  });

  it('refuses query parameters from 2.102 only', () => {
    const cloud = newCloud();
    const id = boot(cloud);
    const get = (version: string) =>
      call(cloud, 'GET', `servers/${id}/os-server-password?x=1`, { version }).status;
    expect(get('2.101')).toBe(200);
    expect(get('2.102')).toBe(400);
  });
});
