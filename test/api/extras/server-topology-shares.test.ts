import { describe, expect, it } from 'vitest';
import { act, boot, call, messageOf, newCloud } from './helpers.js';

const SHARE = 'e8debdc0-447a-4376-a10a-4cd9122d7986';

describe('GET /servers/{id}/topology (2.78)', () => {
  it('is the empty topology of a server without NUMA, for owner and admin alike', () => {
    const cloud = newCloud();
    const id = boot(cloud);
    for (const admin of [false, true]) {
      const res = call(cloud, 'GET', `servers/${id}/topology`, { version: '2.78', admin });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ nodes: [], pagesize_kb: null });
    }
  });

  it('does not exist before 2.78 and is 404 for other projects', () => {
    const cloud = newCloud();
    const id = boot(cloud);
    expect(call(cloud, 'GET', `servers/${id}/topology`, { version: '2.77' }).status).toBe(404);
    const other = call(cloud, 'GET', `servers/${id}/topology`, { version: '2.78', projectId: 'x' });
    expect(other.status).toBe(404);
  });
});

describe('/servers/{id}/shares (2.97) without Manila', () => {
  const v = { version: '2.97' };

  it('lists no shares and shows none', () => {
    const cloud = newCloud();
    const id = boot(cloud);
    expect(call(cloud, 'GET', `servers/${id}/shares`, v).body).toEqual({ shares: [] });
    const show = call(cloud, 'GET', `servers/${id}/shares/${SHARE}`, v);
    expect(show.status).toBe(404);
    expect(messageOf(show.body)).toBe(`Share ${SHARE} could not be found.`);
  });

  it('refuses to attach to a running server (409 state), then for want of virtiofs', () => {
    const cloud = newCloud();
    const id = boot(cloud);
    const body = { share: { share_id: SHARE } };
    const running = call(cloud, 'POST', `servers/${id}/shares`, { ...v, body });
    expect(running.status).toBe(409);
    expect(messageOf(running.body)).toBe(
      `Cannot 'create share' instance ${id} while it is in vm_state active`,
    );
    act(cloud, id, { 'os-stop': null });
    const stopped = call(cloud, 'POST', `servers/${id}/shares`, { ...v, body });
    expect(stopped.status).toBe(409);
    expect(messageOf(stopped.body)).toContain('not configured correctly');
    expect(call(cloud, 'GET', `servers/${id}/shares`, v).body).toEqual({ shares: [] });
  });

  it('validates the body and detaches nothing', () => {
    const cloud = newCloud();
    const id = boot(cloud);
    const bad = call(cloud, 'POST', `servers/${id}/shares`, {
      ...v,
      body: { share: { share_id: SHARE, tag: 'no spaces' } },
    });
    expect(bad.status).toBe(400);
    expect(call(cloud, 'DELETE', `servers/${id}/shares/${SHARE}`, v).status).toBe(409);
    act(cloud, id, { 'os-stop': null });
    expect(call(cloud, 'DELETE', `servers/${id}/shares/${SHARE}`, v).status).toBe(404);
  });

  it("targets the server's project: another project's member gets 403, not 404", () => {
    const cloud = newCloud();
    const id = boot(cloud);
    const res = call(cloud, 'GET', `servers/${id}/shares`, { ...v, projectId: 'x' });
    expect(res.status).toBe(403);
    const unknown = call(cloud, 'GET', 'servers/00000000-0000-4000-8000-000000000000/shares', v);
    expect(messageOf(unknown.body)).toContain('has no mapping to a cell');
    expect(call(cloud, 'GET', `servers/${id}/shares`, { version: '2.96' }).status).toBe(404);
  });
});
