import { describe, expect, it } from 'vitest';
import { serve } from './helpers.js';

const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const ADMIN = { authorization: basic('admin', 'admin') };
const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';

describe('the live view under /_sim/view', () => {
  it('asks a browser to log in, refuses a member, lets the admin in by basic auth or token', async () => {
    const { call, token } = await serve();
    const browser = await call('/_sim/view', { headers: { accept: 'text/html' } });
    expect(browser.status).toBe(401);
    expect(browser.headers.get('www-authenticate')).toBe('Basic realm="nova-sim control"');
    // API clients keep Keystone's challenge.
    const api = await call('/_sim/view/state');
    expect(api.status).toBe(401);
    expect(api.headers.get('www-authenticate')).toMatch(/^Keystone uri=/);
    expect(
      (await call('/_sim/view', { headers: { authorization: basic('demo', 'demo') } })).status,
    ).toBe(401);
    expect(
      (await call('/_sim/view', { headers: { authorization: basic('admin', 'wrong') } })).status,
    ).toBe(401);
    const page = await call('/_sim/view', { headers: ADMIN });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.text).toContain('<title>nova-sim live view</title>');
    const byToken = await call('/_sim/view/state', {
      token: await token('admin', 'admin', 'admin'),
    });
    expect(byToken.status).toBe(200);
    // Basic auth opens the rest of the control API too: the page's buttons use it.
    expect((await call('/_sim/clock', { headers: ADMIN })).status).toBe(200);
    expect((await call('/_sim/view/state', { method: 'POST', headers: ADMIN })).status).toBe(405);
  });

  it('shows hosts with capacity and claims, servers by status, requests and events', async () => {
    const { call, token } = await serve({ cloud: { hosts: { count: 2 } } });
    const demo = await token('demo', 'demo', 'demo');
    const created = await call('/compute/v2.1/servers', {
      method: 'POST',
      token: demo,
      body: JSON.stringify({
        server: { name: 'web-1', imageRef: IMAGE, flavorRef: '1', networks: 'none' },
      }),
      headers: { 'openstack-api-version': 'compute latest' },
    });
    expect(created.status).toBe(202);
    await call('/_sim/clock/advance', { method: 'POST', headers: ADMIN, body: '{"seconds":60}' });
    await call('/_sim/hosts/compute-2/down', { method: 'POST', headers: ADMIN });
    const state = (await call('/_sim/view/state', { headers: ADMIN })).body;
    expect(state.clock.time).toBe('2026-01-01T00:01:00.000Z');
    expect(state.byStatus).toEqual({
      ACTIVE: [expect.objectContaining({ name: 'web-1', status: 'ACTIVE', flavor: 'm1.tiny' })],
    });
    const host = state.hosts.find((h: { claims: string[] }) => h.claims.length > 0);
    expect(host.claims).toEqual(['web-1']);
    expect(host.used).toEqual({ vcpus: 1, memoryMb: 512, diskGb: 1 });
    expect(state.hosts.find((h: { name: string }) => h.name === 'compute-2').alive).toBe(false);
    const urls = state.requests.map(
      (r: { method: string; url: string; status: number }) => `${r.method} ${r.url} ${r.status}`,
    );
    expect(urls).toContain('POST /compute/v2.1/servers 202');
    expect(urls).toContain('POST /_sim/hosts/compute-2/down 200');
    expect(urls.some((u: string) => u.includes('/_sim/view'))).toBe(false);
    expect(state.events.map((e: { type: string }) => e.type)).toEqual(
      expect.arrayContaining(['server.created', 'claim', 'server.status', 'host']),
    );
  });
});
