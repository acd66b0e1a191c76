import { describe, expect, it } from 'vitest';
import { call, expectFault, newCloud, PROJECT } from '../catalog/helpers.js';

const GONE = 'This resource is no longer available.  No forwarding address is given.';

describe('removed APIs answer as Nova master does', () => {
  const cases: [string, string, unknown?][] = [
    ['GET', 'os-agents'],
    ['POST', 'os-agents', { agent: {} }],
    ['DELETE', 'os-agents/1'],
    ['GET', 'os-cells/detail'],
    ['POST', 'os-certificates'],
    ['GET', 'os-cloudpipe'],
    ['GET', 'os-fixed-ips/192.168.1.1'],
    ['GET', 'os-floating-ip-dns'],
    ['GET', 'os-floating-ips-bulk'],
    ['GET', 'os-fping'],
    ['GET', 'os-security-group-default-rules'],
    ['POST', 'os-networks/add', { id: 'x' }],
    ['POST', 'os-networks/1/action', { disassociate_host: null }],
    ['GET', 'servers/abc/consoles'],
  ];
  for (const [method, path, body] of cases) {
    it(`${method} /${path} is 410 Gone at 2.1 and at the latest microversion`, () => {
      const cloud = newCloud();
      for (const version of ['2.1', '2.100']) {
        expectFault(call(cloud, method, path, { version, admin: true, body }), 410, GONE);
      }
    });
  }

  it('os-networks actions: an unknown action is a 400 before the 410', () => {
    const res = call(newCloud(), 'POST', 'os-networks/1/action', { body: { frobnicate: 1 } });
    expectFault(res, 400, 'There is no such action: frobnicate');
  });

  it('os-baremetal-nodes writes point at Ironic up to 2.35, then 404', () => {
    const cloud = newCloud();
    expectFault(
      call(cloud, 'POST', 'os-baremetal-nodes', { admin: true, body: { node: {} } }),
      400,
      'Command not supported. Please use Ironic command node-create to perform this action.',
    );
    expectFault(
      call(cloud, 'POST', 'os-baremetal-nodes/n1/action', {
        admin: true,
        body: { remove_interface: {} },
      }),
      400,
      'Command not supported. Please use Ironic command port-delete to perform this action.',
    );
    const later = call(cloud, 'DELETE', 'os-baremetal-nodes/n1', { admin: true, version: '2.36' });
    expect(later.status).toBe(404);
  });

  it('os-baremetal-nodes reads answer as Nova in front of an Ironic with no nodes', () => {
    const cloud = newCloud();
    const list = call(cloud, 'GET', 'os-baremetal-nodes', { admin: true });
    expect(list.status).toBe(200);
    expect(list.body).toEqual({ nodes: [] });
    expectFault(
      call(cloud, 'GET', 'os-baremetal-nodes/n1', { admin: true }),
      404,
      'Node n1 could not be found.',
    );
    expect(call(cloud, 'GET', 'os-baremetal-nodes').status).toBe(403);
    expect(call(cloud, 'GET', 'os-baremetal-nodes', { admin: true, version: '2.36' }).status).toBe(
      404,
    );
  });
});

describe("the project id segment follows Nova's ProjectMapper ([0-9a-f-]+)", () => {
  it('an unknown resource is 404, not a project id mismatch', () => {
    const res = call(newCloud(), 'GET', 'os-no-such-thing');
    expectFault(res, 404, 'The resource could not be found.');
  });

  it('a hex segment that is not the caller’s project is the 400 mismatch', () => {
    const res = call(newCloud(), 'GET', 'abcdef0123/servers');
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toContain("URL's project_id 'abcdef0123' doesn't match");
  });

  it('the caller’s own project segment still works', () => {
    expect(call(newCloud(), 'GET', `${PROJECT}/servers`).status).toBe(200);
  });
});
