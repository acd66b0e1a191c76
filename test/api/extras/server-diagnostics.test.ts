import { describe, expect, it } from 'vitest';
import { sampleAt, shapeDiff } from '../../support/samples.js';
import { act, boot, call, messageOf, newCloud } from './helpers.js';

type Diag = Record<string, unknown>;

describe('GET /servers/{id}/diagnostics', () => {
  it('is admin-only by default', () => {
    const cloud = newCloud();
    const id = boot(cloud);
    const res = call(cloud, 'GET', `servers/${id}/diagnostics`);
    expect(res.status).toBe(403);
    expect(messageOf(res.body)).toContain('os_compute_api:os-server-diagnostics');
  });

  it("answers the free-form dictionary before 2.48, shaped as Nova's sample", () => {
    const cloud = newCloud();
    const id = boot(cloud);
    const res = call(cloud, 'GET', `servers/${id}/diagnostics`, { admin: true });
    expect(res.status).toBe(200);
    const body = res.body as Diag;
    expect(body.memory).toBe(512 * 1024);
    expect(Object.keys(body).filter((k) => /^cpu\d+_time$/.test(k))).toHaveLength(1);
    expect(body).toHaveProperty('vda_read');
    expect(body).toHaveProperty('vnet1_rx');
  });

  it('answers the 2.48 standard format, with figures that grow with uptime', () => {
    const cloud = newCloud();
    const id = boot(cloud);
    const get = () =>
      call(cloud, 'GET', `servers/${id}/diagnostics`, { admin: true, version: '2.48' })
        .body as Diag;
    const first = get();
    expect(
      shapeDiff(sampleAt('os-server-diagnostics/v2.48/server-diagnostics-get-resp.json'), first),
    ).toEqual([]);
    expect(first).toMatchObject({ state: 'running', num_cpus: 1, num_disks: 1, num_nics: 1 });
    cloud.clock.advance(3600_000);
    const later = get();
    expect(later.uptime).toBe((first.uptime as number) + 3600);
    const time = (d: Diag) => (d.cpu_details as { time: number }[])[0]!.time;
    expect(time(later)).toBeGreaterThan(time(first));
    expect(get()).toEqual(later);
  });

  it('restarts the uptime at a reboot', () => {
    const cloud = newCloud();
    const id = boot(cloud);
    cloud.clock.advance(3600_000);
    act(cloud, id, { reboot: { type: 'HARD' } });
    const body = call(cloud, 'GET', `servers/${id}/diagnostics`, { admin: true, version: '2.48' })
      .body as Diag;
    expect(body.uptime as number).toBeLessThan(120);
  });

  it('answers 409 when the guest is not running, naming the power state', () => {
    const cloud = newCloud();
    const id = boot(cloud);
    act(cloud, id, { 'os-stop': null });
    const res = call(cloud, 'GET', `servers/${id}/diagnostics`, { admin: true });
    expect(res.status).toBe(409);
    expect(messageOf(res.body)).toBe(
      `Cannot 'get_diagnostics' instance ${id} while it is in power state shutdown`,
    );
    act(cloud, id, { 'os-start': null });
    act(cloud, id, { shelve: null });
    const shelved = call(cloud, 'GET', `servers/${id}/diagnostics`, { admin: true });
    expect(messageOf(shelved.body)).toBe(`Instance ${id} is not ready`);
  });
});
