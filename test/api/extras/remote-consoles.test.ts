import { describe, expect, it } from 'vitest';
import { act, boot, call, messageOf, newCloud } from './helpers.js';

const ALL = { consoles: ['vnc', 'spice', 'serial', 'mks'] } as const;

function remote(
  cloud: ReturnType<typeof newCloud>,
  id: string,
  protocol: string,
  type: string,
  version = '2.8',
) {
  return call(cloud, 'POST', `servers/${id}/remote-consoles`, {
    version,
    body: { remote_console: { protocol, type } },
  });
}

const url = (res: { body: unknown }) =>
  (res.body as { remote_console?: { url: string }; console?: { url: string } }).remote_console
    ?.url ?? (res.body as { console: { url: string } }).console.url;

const tokenOf = (link: string) => /token(?:%3D|=)([0-9a-f-]{36})/.exec(link)![1]!;

describe('POST /servers/{id}/remote-consoles', () => {
  it('gives a noVNC URL whose token resolves for an admin', () => {
    const cloud = newCloud();
    const id = boot(cloud);
    const res = remote(cloud, id, 'vnc', 'novnc', '2.6');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      remote_console: { protocol: 'vnc', type: 'novnc', url: expect.any(String) },
    });
    expect(url(res)).toMatch(/^http:\/\/127\.0\.0\.1:6080\/vnc_auto\.html\?path=%3Ftoken%3D/);
    const token = tokenOf(url(res));
    const shown = call(cloud, 'GET', `os-console-auth-tokens/${token}`, {
      version: '2.31',
      admin: true,
    });
    expect(shown.status).toBe(200);
    expect(shown.body).toEqual({
      console: {
        instance_uuid: id,
        host: expect.any(String),
        port: 5900,
        internal_access_path: null,
      },
    });
  });

  it("follows Nova's defaults: only VNC is enabled", () => {
    const cloud = newCloud();
    const id = boot(cloud);
    const spice = remote(cloud, id, 'spice', 'spice-html5');
    expect(spice.status).toBe(400);
    expect(messageOf(spice.body)).toBe('Unavailable console type spice-html5.');
    expect(remote(cloud, id, 'serial', 'serial').status).toBe(400);
  });

  it('serves every enabled protocol with its proxy URL', () => {
    const cloud = newCloud({ config: ALL });
    const id = boot(cloud);
    expect(url(remote(cloud, id, 'spice', 'spice-html5'))).toMatch(
      /^http:\/\/127\.0\.0\.1:6082\/spice_auto\.html\?token=/,
    );
    expect(url(remote(cloud, id, 'serial', 'serial'))).toMatch(
      /^ws:\/\/127\.0\.0\.1:6083\/\?token=/,
    );
    expect(url(remote(cloud, id, 'mks', 'webmks'))).toMatch(
      /^http:\/\/127\.0\.0\.1:6090\/\?token=/,
    );
    const direct = remote(cloud, id, 'spice', 'spice-direct', '2.99');
    expect(direct.status).toBe(200);
    const info = call(cloud, 'GET', `os-console-auth-tokens/${tokenOf(url(direct))}`, {
      version: '2.99',
      admin: true,
    });
    expect(info.body).toMatchObject({ console: { tls_port: 5901 } });
  });

  it('applies the microversion gates of its schema', () => {
    const cloud = newCloud({ config: ALL });
    const id = boot(cloud);
    expect(remote(cloud, id, 'vnc', 'novnc', '2.5').status).toBe(404);
    expect(remote(cloud, id, 'mks', 'webmks', '2.7').status).toBe(400);
    expect(remote(cloud, id, 'spice', 'spice-direct', '2.98').status).toBe(400);
    const rdp = remote(cloud, id, 'rdp', 'rdp-html5');
    expect(rdp.status).toBe(400);
    expect(messageOf(rdp.body)).toBe('Unavailable console type rdp.');
    const mismatch = remote(cloud, id, 'vnc', 'spice-html5');
    expect(mismatch.status).toBe(400);
    expect(messageOf(mismatch.body)).toBe('Invalid console type spice-html5');
  });

  it('answers 409 for a server without a host and 404 for an unknown one', () => {
    const cloud = newCloud();
    const id = boot(cloud);
    act(cloud, id, { shelve: null });
    const res = remote(cloud, id, 'vnc', 'novnc');
    expect(res.status).toBe(409);
    expect(messageOf(res.body)).toBe(`Instance ${id} is not ready`);
    expect(remote(cloud, '00000000-0000-4000-8000-000000000000', 'vnc', 'novnc').status).toBe(404);
  });
});

describe('the pre-2.6 console actions', () => {
  const action = (cloud: ReturnType<typeof newCloud>, id: string, body: unknown, version = '2.1') =>
    call(cloud, 'POST', `servers/${id}/action`, { body, version });

  it('os-getVNCConsole answers {console: {type, url}} until 2.5 and is gone at 2.6', () => {
    const cloud = newCloud();
    const id = boot(cloud);
    const res = action(cloud, id, { 'os-getVNCConsole': { type: 'novnc' } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ console: { type: 'novnc', url: expect.stringContaining('6080') } });
    expect(action(cloud, id, { 'os-getVNCConsole': { type: 'novnc' } }, '2.6').status).toBe(404);
    const xvp = action(cloud, id, { 'os-getVNCConsole': { type: 'xvpvnc' } });
    expect(xvp.status).toBe(400);
    expect(messageOf(xvp.body)).toBe('Invalid console type xvpvnc');
  });

  it('os-getSPICEConsole and os-getSerialConsole need their proxies enabled', () => {
    const off = newCloud();
    const id = boot(off);
    expect(action(off, id, { 'os-getSPICEConsole': { type: 'spice-html5' } }).status).toBe(400);
    const on = newCloud({ config: ALL });
    const id2 = boot(on);
    expect(action(on, id2, { 'os-getSPICEConsole': { type: 'spice-html5' } }).status).toBe(200);
    expect(action(on, id2, { 'os-getSerialConsole': { type: 'serial' } }).status).toBe(200);
  });

  it('os-getRDPConsole is a bare 400 whatever the body (RDP left with Hyper-V)', () => {
    const cloud = newCloud();
    const id = boot(cloud);
    const res = action(cloud, id, { 'os-getRDPConsole': { type: 'rdp-html5' } });
    expect(res.status).toBe(400);
    expect(messageOf(res.body)).toContain('could not comply');
  });

  it('checks the policy before the lookup: a reader gets 403 even for an unknown server', () => {
    const cloud = newCloud();
    const res = cloud.request({
      method: 'POST',
      path: '/v2.1/servers/00000000-0000-4000-8000-000000000000/action',
      body: { 'os-getVNCConsole': { type: 'novnc' } },
      auth: { projectId: 'p', userId: 'u', roles: ['reader'] },
    });
    expect(res.status).toBe(403);
  });
});

describe('GET /os-console-auth-tokens/{token}', () => {
  function issued() {
    const cloud = newCloud();
    const id = boot(cloud);
    const token = tokenOf(url(remote(cloud, id, 'vnc', 'novnc')));
    return { cloud, id, token };
  }

  it('is a bare 400 before 2.31 and admin-only from it', () => {
    const { cloud, token } = issued();
    expect(call(cloud, 'GET', `os-console-auth-tokens/${token}`, { admin: true }).status).toBe(400);
    const member = call(cloud, 'GET', `os-console-auth-tokens/${token}`, { version: '2.31' });
    expect(member.status).toBe(403);
    expect(messageOf(member.body)).toContain('os_compute_api:os-console-auth-tokens');
  });

  it('expires with [consoleauth] token_ttl on the virtual clock', () => {
    const { cloud, token } = issued();
    const show = () =>
      call(cloud, 'GET', `os-console-auth-tokens/${token}`, { version: '2.31', admin: true });
    cloud.clock.advance(599_000);
    expect(show().status).toBe(200);
    cloud.clock.advance(1_000);
    const gone = show();
    expect(gone.status).toBe(404);
    expect(messageOf(gone.body)).toBe('Token not found');
  });

  it('no longer resolves once the server is deleted, and survives a snapshot', () => {
    const { cloud, id, token } = issued();
    const restored = newCloud({ restore: cloud.snapshot() });
    expect(JSON.stringify(restored.snapshot())).toBe(JSON.stringify(cloud.snapshot()));
    const show = (c: typeof cloud) =>
      call(c, 'GET', `os-console-auth-tokens/${token}`, { version: '2.31', admin: true }).status;
    expect(show(restored)).toBe(200);
    call(cloud, 'DELETE', `servers/${id}`);
    cloud.clock.advance(60_000);
    expect(show(cloud)).toBe(404);
  });

  it('refuses unknown query parameters from 2.99', () => {
    const { cloud, token } = issued();
    const res = call(cloud, 'GET', `os-console-auth-tokens/${token}?x=1`, {
      version: '2.99',
      admin: true,
    });
    expect(res.status).toBe(400);
    expect(
      call(cloud, 'GET', `os-console-auth-tokens/${token}?x=1`, { version: '2.98', admin: true })
        .status,
    ).toBe(200);
  });
});
