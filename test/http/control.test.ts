import { describe, expect, it } from 'vitest';
import { serve, serverBody } from './helpers.js';

async function withAdmin(options: Parameters<typeof serve>[0] = {}) {
  const test = await serve(options);
  const admin = await test.token('admin');
  const demo = await test.token('demo');
  const ctl = (path: string, method = 'GET', body?: unknown) =>
    test.call(`/_sim${path}`, {
      method,
      token: admin,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return { ...test, admin, demo, ctl };
}

describe('the control API', () => {
  it('needs an admin token', async () => {
    const { call, demo } = await withAdmin();
    expect((await call('/_sim/clock')).status).toBe(401);
    const member = await call('/_sim/clock', { token: demo });
    expect(member.status).toBe(403);
    expect(member.body.error.code).toBe(403);
  });

  it('reads and advances the clock, and runs every pending step', async () => {
    const { ctl, call, demo, server } = await withAdmin();
    const clock = await ctl('/clock');
    expect(clock.body.clock).toMatchObject({
      mode: 'manual',
      speed: 1,
      time: '2026-01-01T00:00:00.000Z',
    });
    const created = await call('/compute/v2.1/servers', {
      method: 'POST',
      token: demo,
      body: serverBody('c1'),
    });
    const id = created.body.server.id;
    const advanced = await ctl('/clock/advance', 'POST', { seconds: 2 });
    expect(advanced.body.clock.now).toBe(clock.body.clock.now + 2000);
    expect(advanced.body.fired).toBeGreaterThan(0);
    expect((await call(`/compute/v2.1/servers/${id}`, { token: demo })).body.server.status).toBe(
      'BUILD',
    );
    const ran = await ctl('/clock/run-all', 'POST');
    expect(ran.status).toBe(200);
    expect((await call(`/compute/v2.1/servers/${id}`, { token: demo })).body.server.status).toBe(
      'ACTIVE',
    );
    expect(server.cloud.clock.now()).toBe(ran.body.clock.now);
    expect((await ctl('/clock/advance', 'POST', { ms: -1 })).status).toBe(400);
    const switched = await ctl('/clock', 'PUT', { mode: 'realtime', speed: 30 });
    expect(switched.body.clock).toMatchObject({ mode: 'realtime', speed: 30 });
    expect((await ctl('/clock', 'PUT', { mode: 'warp' })).status).toBe(400);
  });

  it('saves, restores and resets the cloud', async () => {
    const { ctl, call, demo } = await withAdmin();
    const saved = await ctl('/snapshot', 'POST', { name: 'empty' });
    expect(saved.status).toBe(201);
    const full = await ctl('/snapshot');
    expect(full.body.version).toBe(1);
    const created = await call('/compute/v2.1/servers', {
      method: 'POST',
      token: demo,
      body: serverBody('s1'),
    });
    const id = created.body.server.id;
    await ctl('/clock/run-all', 'POST');
    const withServer = (await ctl('/snapshot')).body;
    expect((await ctl('/restore', 'POST', { name: 'empty' })).status).toBe(200);
    expect((await call(`/compute/v2.1/servers/${id}`, { token: demo })).status).toBe(404);
    // A full snapshot as the body; the links still use this server's URL.
    expect((await ctl('/restore', 'POST', withServer)).status).toBe(200);
    const back = await call(`/compute/v2.1/servers/${id}`, { token: demo });
    expect(back.body.server.status).toBe('ACTIVE');
    expect((await ctl('/restore', 'POST', { name: 'nope' })).status).toBe(404);
    expect((await ctl('/restore', 'POST', { junk: true })).status).toBe(400);
    expect((await ctl('/snapshots')).body.snapshots).toEqual(['empty']);
    await ctl('/reset', 'POST');
    expect((await call(`/compute/v2.1/servers/${id}`, { token: demo })).status).toBe(404);
  });

  it('adds, downs, disables and removes hosts', async () => {
    const { ctl } = await withAdmin({ cloud: { hosts: { count: 1 } } });
    const added = await ctl('/hosts', 'POST', {
      name: 'big-1',
      vcpus: 64,
      memoryMb: 262144,
      diskGb: 2000,
    });
    expect(added.status).toBe(201);
    expect(added.body.host).toMatchObject({ name: 'big-1', status: 'UP', enabled: true });
    expect((await ctl('/hosts', 'POST', { name: 'big-1' })).status).toBe(409);
    expect((await ctl('/hosts', 'POST', { vcpus: 1 })).status).toBe(400);
    expect((await ctl('/hosts')).body.hosts.map((h: { name: string }) => h.name)).toEqual([
      'big-1',
      'compute-1',
    ]);
    const down = await ctl('/hosts/big-1/down', 'POST');
    expect(down.body.host.alive).toBe(false);
    await ctl('/clock/advance', 'POST', { seconds: 120 });
    // Nova's host_status: a lost heartbeat reads UNKNOWN, a forced-down service DOWN.
    expect((await ctl('/hosts/big-1')).body.host.status).toBe('UNKNOWN');
    await ctl('/hosts/big-1/up', 'POST');
    expect((await ctl('/hosts/big-1/force-down', 'POST')).body.host.status).toBe('DOWN');
    expect((await ctl('/hosts/big-1/force-up', 'POST')).body.host.status).toBe('UP');
    const disabled = await ctl('/hosts/big-1/disable', 'POST', { reason: 'maintenance' });
    expect(disabled.body.host).toMatchObject({ enabled: false, disabledReason: 'maintenance' });
    expect((await ctl('/hosts/big-1/explode', 'POST')).status).toBe(404);
    expect((await ctl('/hosts/nope/down', 'POST')).status).toBe(404);
    expect((await ctl('/hosts/big-1', 'DELETE')).status).toBe(204);
    expect((await ctl('/hosts/big-1')).status).toBe(404);
  });

  it('adds and clears fault rules', async () => {
    const { ctl, call, demo } = await withAdmin();
    const rule = { kind: 'build-failure', reschedule: false, message: 'disk on fire' };
    expect((await ctl('/faults', 'POST', rule)).status).toBe(201);
    expect((await ctl('/faults', 'POST', { kind: 'meteor' })).status).toBe(400);
    const created = await call('/compute/v2.1/servers', {
      method: 'POST',
      token: demo,
      body: serverBody('f1'),
    });
    await ctl('/clock/run-all', 'POST');
    const failed = await call(`/compute/v2.1/servers/${created.body.server.id}`, { token: demo });
    expect(failed.body.server.status).toBe('ERROR');
    expect(failed.body.server.fault.message).toContain('disk on fire');
    expect((await ctl('/faults', 'DELETE')).status).toBe(204);
    const ok = await call('/compute/v2.1/servers', {
      method: 'POST',
      token: demo,
      body: serverBody('f2'),
    });
    await ctl('/clock/run-all', 'POST');
    const built = await call(`/compute/v2.1/servers/${ok.body.server.id}`, { token: demo });
    expect(built.body.server.status).toBe('ACTIVE');
  });

  it('reads the event trace from a position, and clears it', async () => {
    const { ctl, call, demo } = await withAdmin();
    await call('/compute/v2.1/servers', { method: 'POST', token: demo, body: serverBody('t1') });
    await ctl('/clock/run-all', 'POST');
    const first = await ctl('/trace?limit=2');
    expect(first.body.entries).toHaveLength(2);
    expect(first.body.entries[0].type).toBe('server.created');
    expect(first.body.next).toBe(2);
    const rest = await ctl(`/trace?since=${first.body.next}`);
    expect(rest.body.entries.length).toBeGreaterThan(0);
    const end = rest.body.next;
    expect((await ctl('/trace', 'DELETE')).status).toBe(204);
    const after = await ctl(`/trace?since=${end}`);
    expect(after.body).toMatchObject({ entries: [], next: end, dropped: end });
    expect(JSON.stringify(after.body)).not.toContain('gAAAAA');
    expect((await ctl('/trace?since=-1')).status).toBe(400);
  });

  it('answers unknown paths, methods and bodies', async () => {
    const { ctl, call, admin } = await withAdmin();
    expect((await ctl('/nothing')).status).toBe(404);
    expect((await ctl('/clock', 'DELETE')).status).toBe(405);
    const bad = await call('/_sim/faults', { method: 'POST', token: admin, body: '{nope' });
    expect(bad.status).toBe(400);
    expect((await ctl('')).body).toMatchObject({
      servers: 0,
      hosts: ['compute-1', 'compute-2', 'compute-3', 'compute-4'],
    });
  });
});
