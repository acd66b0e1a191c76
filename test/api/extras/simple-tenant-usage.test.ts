import { describe, expect, it } from 'vitest';
import { sampleAt, shapeDiff } from '../../support/samples.js';
import { boot, call, messageOf, newCloud, PROJECT } from './helpers.js';

/** `2026-01-01T00:00:00` plus some hours, in the format the API takes. */
const at = (hours: number) =>
  new Date(Date.UTC(2026, 0, 1) + hours * 3_600_000).toISOString().slice(0, 19);

type Summary = {
  total_hours: number;
  total_vcpus_usage: number;
  total_memory_mb_usage: number;
  server_usages: {
    instance_id: string;
    hours: number;
    state: string;
    ended_at: string | null;
    uptime: number;
  }[];
};

describe('os-simple-tenant-usage', () => {
  it('counts hours from launched_at to terminated_at within the period, times the flavor', () => {
    const cloud = newCloud();
    const small = boot(cloud, 'small', '1'); // launched in the first minute
    const big = boot(cloud, 'big', '2');
    cloud.clock.advance(2 * 3_600_000);
    call(cloud, 'DELETE', `servers/${small}`);
    cloud.clock.advance(3_600_000);
    const res = call(
      cloud,
      'GET',
      `os-simple-tenant-usage/${PROJECT}?start=${at(0)}&end=${at(10)}`,
    );
    expect(res.status).toBe(200);
    const usage = (res.body as { tenant_usage: Summary }).tenant_usage;
    const byId = new Map(usage.server_usages.map((u) => [u.instance_id, u]));
    const s = byId.get(small)!;
    const b = byId.get(big)!;
    expect(s.state).toBe('terminated');
    expect(s.ended_at).not.toBeNull();
    const server = cloud.compute.get(small)!;
    expect(s.hours).toBeCloseTo((server.terminatedAt! - server.launchedAt!) / 3_600_000, 9);
    expect(s.hours).toBeGreaterThan(2);
    expect(b.state).toBe('active');
    // The end is capped at now: three hours and a bit.
    expect(b.hours).toBeCloseTo(3, 1);
    expect(usage.total_hours).toBeCloseTo(s.hours + b.hours, 6);
    expect(usage.total_memory_mb_usage).toBeCloseTo(512 * s.hours + 2048 * b.hours, 3);
    expect(usage.total_vcpus_usage).toBeCloseTo(s.hours + b.hours, 6);
  });

  it('leaves out servers terminated before the start or launched after the end', () => {
    const cloud = newCloud();
    const early = boot(cloud, 'early');
    call(cloud, 'DELETE', `servers/${early}`);
    cloud.clock.advance(5 * 3_600_000);
    const late = boot(cloud, 'late');
    const ids = (start: number, end: number) => {
      const res = call(
        cloud,
        'GET',
        `os-simple-tenant-usage/${PROJECT}?start=${at(start)}&end=${at(end)}`,
      );
      const usage = (res.body as { tenant_usage: Partial<Summary> }).tenant_usage;
      return (usage.server_usages ?? []).map((u) => u.instance_id);
    };
    expect(ids(1, 4)).toEqual([]);
    expect(ids(0, 4)).toEqual([early]);
    expect(ids(4, 9)).toEqual([late]);
    expect(
      call(cloud, 'GET', `os-simple-tenant-usage/${PROJECT}?start=${at(1)}&end=${at(4)}`).body,
    ).toEqual({
      tenant_usage: {},
    });
  });

  it('lists every project for admins, detailed only with detailed=1', () => {
    const cloud = newCloud();
    boot(cloud, 'a');
    call(cloud, 'POST', 'servers', {
      projectId: 'other-project',
      body: {
        server: { name: 'o', imageRef: '70a599e0-31e7-49b7-b260-868f441e862b', flavorRef: '1' },
      },
    });
    cloud.clock.advance(3_600_000);
    const plain = call(cloud, 'GET', `os-simple-tenant-usage?start=${at(0)}`, { admin: true });
    const usages = (plain.body as { tenant_usages: Record<string, unknown>[] }).tenant_usages;
    expect(usages.map((u) => u.tenant_id)).toEqual([PROJECT, 'other-project']);
    expect(usages[0]).not.toHaveProperty('server_usages');
    const detailed = call(cloud, 'GET', `os-simple-tenant-usage?start=${at(0)}&detailed=1`, {
      admin: true,
    });
    const first = (detailed.body as { tenant_usages: Record<string, unknown>[] }).tenant_usages[0]!;
    expect(
      shapeDiff(
        sampleAt('os-simple-tenant-usage/simple-tenant-usage-get-detail.json'),
        detailed.body,
      ),
    ).toEqual([]);
    expect(first.server_usages).toHaveLength(1);
  });

  it('pages by instance from 2.40, with a next link when a page is full', () => {
    const cloud = newCloud();
    const ids = [boot(cloud, 'a'), boot(cloud, 'b'), boot(cloud, 'c')].sort();
    const page = (query: string) =>
      call(cloud, 'GET', `os-simple-tenant-usage?detailed=1&${query}`, {
        admin: true,
        version: '2.40',
      }).body as {
        tenant_usages: Summary[];
        tenant_usages_links?: { href: string; rel: string }[];
      };
    const first = page('limit=2');
    expect(first.tenant_usages[0]!.server_usages.map((u) => u.instance_id)).toEqual(
      ids.slice(0, 2),
    );
    expect(first.tenant_usages_links![0]!.href).toContain(`marker=${ids[1]}`);
    const second = page(`limit=2&marker=${ids[1]}`);
    expect(second.tenant_usages[0]!.server_usages.map((u) => u.instance_id)).toEqual([ids[2]]);
    expect(second.tenant_usages_links).toBeUndefined();
    const bad = call(cloud, 'GET', 'os-simple-tenant-usage?marker=nope', {
      admin: true,
      version: '2.40',
    });
    expect(bad.status).toBe(400);
    expect(messageOf(bad.body)).toBe('Marker nope could not be found.');
    // Before 2.40 limit is not a parameter: the whole list, no links.
    const old = call(cloud, 'GET', 'os-simple-tenant-usage?detailed=1&limit=1', { admin: true })
      .body as { tenant_usages: Summary[] };
    expect(old.tenant_usages[0]!.server_usages).toHaveLength(3);
  });

  it.each([
    ['start=yesterday', 'Invalid datetime string: Datetime is in invalid format'],
    [
      `start=${at(5)}&end=${at(1)}`,
      'Invalid start time. The start time cannot occur after the end time.',
    ],
  ])('refuses %s with a 400', (query, message) => {
    const cloud = newCloud();
    const res = call(cloud, 'GET', `os-simple-tenant-usage?${query}`, { admin: true });
    expect(res.status).toBe(400);
    expect(messageOf(res.body)).toBe(message);
  });

  it('keeps the list for admins and each project to itself; strict query from 2.75', () => {
    const cloud = newCloud();
    expect(call(cloud, 'GET', 'os-simple-tenant-usage').status).toBe(403);
    expect(call(cloud, 'GET', `os-simple-tenant-usage/${PROJECT}`).status).toBe(200);
    expect(call(cloud, 'GET', 'os-simple-tenant-usage/someone-else').status).toBe(403);
    expect(
      call(cloud, 'GET', 'os-simple-tenant-usage?x=1', { admin: true, version: '2.74' }).status,
    ).toBe(200);
    expect(
      call(cloud, 'GET', 'os-simple-tenant-usage?x=1', { admin: true, version: '2.75' }).status,
    ).toBe(400);
  });
});
