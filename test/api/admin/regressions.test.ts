import { describe, expect, it } from 'vitest';
import { normalizeIpv6 } from '../../../src/api/validation/ipv6.js';
import { createCloud } from '../../../src/cloud.js';
import { call } from '../catalog/helpers.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';

describe('bugs Tempest found', () => {
  it('regression: accessIPv6 is stored in its normalised form (create, update, rebuild)', () => {
    const cloud = createCloud({ seed: 4 });
    const created = call(cloud, 'POST', 'servers', {
      body: {
        server: {
          name: 'v6',
          imageRef: IMAGE,
          flavorRef: '1',
          accessIPv6: '2001:0DB8:0000:0000:0000:0000:0000:0001',
        },
      },
    });
    const id = (created.body as { server: { id: string } }).server.id;
    const show = () =>
      (call(cloud, 'GET', `servers/${id}`).body as { server: { accessIPv6: string } }).server
        .accessIPv6;
    expect(show()).toBe('2001:db8::1');
    call(cloud, 'PUT', `servers/${id}`, { body: { server: { accessIPv6: '0:0:0:0:0:0:0:1' } } });
    expect(show()).toBe('::1');
    cloud.clock.advance(120_000);
    call(cloud, 'POST', `servers/${id}/action`, {
      body: { rebuild: { imageRef: IMAGE, accessIPv6: 'fe80:0:0:1:0:0:0:2' } },
    });
    expect(show()).toBe('fe80:0:0:1::2');
  });

  it('normalises like netaddr: left-most longest zero run of two or more, mapped IPv4', () => {
    expect(normalizeIpv6('1:0:0:2:0:0:0:3')).toBe('1:0:0:2::3');
    expect(normalizeIpv6('1:0:0:2:0:0:3:4')).toBe('1::2:0:0:3:4');
    expect(normalizeIpv6('1:0:2:3:4:5:6:7')).toBe('1:0:2:3:4:5:6:7');
    expect(normalizeIpv6('::FFFF:192.0.2.1')).toBe('::ffff:192.0.2.1');
    expect(normalizeIpv6('::')).toBe('::');
  });

  it('regression: unshelve to a named host (2.91) lands on that host', () => {
    // The weigher prefers `big` (most free RAM): only the named host puts it on `small`.
    const cloud = createCloud({
      seed: 4,
      hosts: [
        { name: 'big', memoryMb: 65536 },
        { name: 'small', memoryMb: 8192 },
      ],
      config: { jitter: 0 },
    });
    const created = call(cloud, 'POST', 'servers', {
      body: { server: { name: 'sh', imageRef: IMAGE, flavorRef: '1' } },
    });
    const id = (created.body as { server: { id: string } }).server.id;
    cloud.clock.advance(120_000);
    const hostOf = () =>
      (
        call(cloud, 'GET', `servers/${id}`, { admin: true }).body as {
          server: Record<string, unknown>;
        }
      ).server;
    expect(hostOf()['OS-EXT-SRV-ATTR:host']).toBe('big');
    const target = 'small';
    expect(call(cloud, 'POST', `servers/${id}/action`, { body: { shelve: null } }).status).toBe(
      202,
    );
    cloud.clock.advance(120_000);
    expect(hostOf().status).toBe('SHELVED_OFFLOADED');
    const res = call(cloud, 'POST', `servers/${id}/action`, {
      admin: true,
      version: '2.91',
      body: { unshelve: { host: target } },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    cloud.clock.advance(120_000);
    expect(hostOf()).toMatchObject({ status: 'ACTIVE', 'OS-EXT-SRV-ATTR:host': target });
    // A snapshot taken afterwards carries no leftover request.
    expect(JSON.stringify(cloud.snapshot())).not.toContain('unshelveHost');
  });
});
