import { describe, expect, it } from 'vitest';
import { createCloud } from '../../src/cloud.js';
import { keystone } from './helpers.js';

describe('identity snapshot', () => {
  it('restores byte-identically and resumes the same ids', () => {
    const { call, cloud } = keystone(createCloud({ seed: 11 }));
    const p = call('POST', '/v3/projects', { project: { name: 'a', tags: ['t'] } }).body.project;
    const u = call('POST', '/v3/users', { user: { name: 'u', password: 'pw', email: 'u@x' } }).body
      .user;
    const r = call('POST', '/v3/roles', { role: { name: 'custom' } }).body.role;
    call('PUT', `/v3/projects/${p.id}/users/${u.id}/roles/${r.id}`);
    call('PATCH', `/v3/users/${u.id}`, { user: { password: 'pw2' } });
    call('DELETE', `/v3/projects/${cloud.identity.projectByName('service')!.id}`);
    const snapshot = cloud.snapshot();
    const text = JSON.stringify(snapshot);
    const restored = createCloud({ restore: JSON.parse(text) });
    expect(JSON.stringify(restored.snapshot())).toBe(text);
    expect(restored.identity.authenticate(u.id, 'pw2')?.name).toBe('u');

    // Both go on alike.
    const next = (c: typeof cloud) =>
      keystone(c).call('POST', '/v3/projects', { project: { name: 'b' } }).body.project.id;
    expect(next(restored)).toBe(next(cloud));
    expect(JSON.stringify(restored.snapshot())).toBe(JSON.stringify(cloud.snapshot()));
  });

  it("restores a snapshot without identity state to DevStack's defaults", () => {
    const snapshot = createCloud().snapshot();
    const { services, ...rest } = snapshot;
    const restored = createCloud({ restore: rest });
    expect(restored.identity.projects().map((p) => p.name)).toEqual(['admin', 'demo', 'service']);
  });
});

describe('identity events', () => {
  it('reports each change on cloud.events and in the trace, at virtual time', () => {
    const cloud = createCloud({ trace: true });
    const { call } = keystone(cloud);
    cloud.clock.advance(5_000);
    const p = call('POST', '/v3/projects', { project: { name: 'x' } }).body.project;
    const u = call('POST', '/v3/users', { user: { name: 'y' } }).body.user;
    const member = cloud.identity.roleByName('member')!.id;
    call('PUT', `/v3/projects/${p.id}/users/${u.id}/roles/${member}`);
    call('PUT', `/v3/projects/${p.id}/users/${u.id}/roles/${member}`);
    call('POST', '/v3/projects', { project: { name: 'x' } });
    call('DELETE', `/v3/projects/${p.id}`);
    const events = cloud.trace!.filter((e) => e.type === 'identity').map((e) => e.event);
    expect(events).toEqual([
      { kind: 'project', action: 'created', id: p.id, at: cloud.clock.now() },
      { kind: 'user', action: 'created', id: u.id, at: cloud.clock.now() },
      { kind: 'grant', action: 'created', id: `${p.id}|${u.id}|${member}`, at: cloud.clock.now() },
      { kind: 'project', action: 'deleted', id: p.id, at: cloud.clock.now() },
    ]);
  });
});
