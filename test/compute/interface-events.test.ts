import { describe, expect, it } from 'vitest';
import { usageTime } from '../../src/api/views/time.js';
import { type Cloud, createCloud } from '../../src/cloud.js';
import { SAMPLE_NETWORK_ID } from '../../src/network/defaults.js';
import { bootWithoutNetworks as boot, call, PROJECT } from '../api/extras/helpers.js';

// The compute's attach_interface (an RPC call) and detach_interface (a cast) are
// `wrap_instance_event(prefix='compute')` and `wrap_instance_fault` methods (master
// nova/compute/manager.py): their event runs on the server's host; an exception closes it
// with Error (details, traceback), sets the action's message to Error and is recorded as
// the instance fault with the exception's own code. A port that does not exist is refused
// by the API (compute/api.py show_port) before any compute runs.

type Json = Record<string, unknown>;

function setUp(): { cloud: Cloud; id: string; host: string } {
  const cloud = createCloud({ seed: 3, config: { jitter: 0 } });
  const id = boot(cloud);
  return { cloud, id, host: cloud.compute.get(id)!.host! };
}

function attach(cloud: Cloud, id: string, attachment: Json, admin = false) {
  return call(cloud, 'POST', `servers/${id}/os-interface`, {
    body: { interfaceAttachment: attachment },
    admin,
  });
}

/** The newest action as an admin sees it at `version`, with its events. */
function lastAction(cloud: Cloud, id: string, version = '2.84', admin = true): Json {
  const list = call(cloud, 'GET', `servers/${id}/os-instance-actions`, { version, admin });
  expect(list.status, JSON.stringify(list.body)).toBe(200);
  const newest = (list.body as { instanceActions: Json[] }).instanceActions[0]!;
  const shown = call(
    cloud,
    'GET',
    `servers/${id}/os-instance-actions/${String(newest.request_id)}`,
    { version, admin },
  );
  expect(shown.status, JSON.stringify(shown.body)).toBe(200);
  return (shown.body as { instanceAction: Json }).instanceAction;
}

function userPort(cloud: Cloud, projectId = PROJECT): string {
  const res = cloud.request({
    service: 'network',
    method: 'POST',
    path: '/v2.0/ports',
    body: { port: { network_id: SAMPLE_NETWORK_ID } },
    auth: { projectId, userId: 'u', roles: projectId === PROJECT ? ['member'] : ['admin'] },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return (res.body as { port: { id: string } }).port.id;
}

describe('interface attach and detach events', () => {
  it('attach: compute_attach_interface on the host, Success, no fault', () => {
    const { cloud, id, host } = setUp();
    const at = cloud.clock.now();
    expect(attach(cloud, id, { net_id: SAMPLE_NETWORK_ID }).status).toBe(200);
    const action = lastAction(cloud, id);
    expect(action).toMatchObject({ action: 'attach_interface', message: null });
    expect(action.events).toEqual([
      {
        event: 'compute_attach_interface',
        start_time: usageTime(at),
        finish_time: usageTime(at),
        result: 'Success',
        traceback: null,
        host,
        hostId: expect.any(String),
        details: null,
      },
    ]);
    expect(cloud.compute.get(id)!.fault).toBeNull();
  });

  it('detach: compute_detach_interface on the host, Success', () => {
    const { cloud, id, host } = setUp();
    const port = userPort(cloud);
    expect(attach(cloud, id, { port_id: port }).status).toBe(200);
    expect(call(cloud, 'DELETE', `servers/${id}/os-interface/${port}`).status).toBe(202);
    const action = lastAction(cloud, id);
    expect(action.action).toBe('detach_interface');
    expect((action.events as Json[]).map((e) => [e.event, e.host, e.result])).toEqual([
      ['compute_detach_interface', host, 'Success'],
    ]);
  });

  it('a port in use: 409, the event in Error, the fault PortInUse with its own 400', () => {
    const { cloud, id, host } = setUp();
    const port = userPort(cloud);
    expect(attach(cloud, id, { port_id: port }).status).toBe(200);
    const again = attach(cloud, id, { port_id: port });
    expect(again.status).toBe(409);
    const message = `Port ${port} is still in use.`;
    expect(again.body).toEqual({ conflictingRequest: { code: 409, message } });
    const action = lastAction(cloud, id);
    expect(action).toMatchObject({ action: 'attach_interface', message: 'Error' });
    expect(action.events).toEqual([
      expect.objectContaining({
        event: 'compute_attach_interface',
        result: 'Error',
        host,
        details: message,
        traceback:
          '  File "nova/compute/manager.py", in attach_interface\n' +
          '  File "nova/network/neutron.py", in _validate_requested_port_ids\n',
      }),
    ]);
    expect(cloud.compute.get(id)!.fault).toMatchObject({ code: 400, message, details: '' });
    // The owner sees the event from 2.51, without its traceback or host; not before.
    const owned = lastAction(cloud, id, '2.62', false);
    const [seen] = owned.events as Json[];
    expect(Object.keys(seen!).sort()).toEqual([
      'event',
      'finish_time',
      'hostId',
      'result',
      'start_time',
    ]);
    expect(seen).toMatchObject({ event: 'compute_attach_interface', result: 'Error' });
    expect(lastAction(cloud, id, '2.50', false).events).toBeUndefined();
  });

  it('a port that does not exist: refused by the API, no compute event, no fault', () => {
    const { cloud, id } = setUp();
    const nope = '00000000-0000-4000-8000-000000000000';
    const res = attach(cloud, id, { port_id: nope });
    expect(res.status).toBe(404);
    expect(lastAction(cloud, id)).toMatchObject({
      action: 'attach_interface',
      message: null,
      events: [],
    });
    expect(cloud.compute.get(id)!.fault).toBeNull();
  });

  it('a fixed IP in use: 409 in the words of _create_port_minimal, a 500 fault with its traceback', () => {
    const { cloud, id } = setUp();
    expect(
      attach(cloud, id, { net_id: SAMPLE_NETWORK_ID, fixed_ips: [{ ip_address: '192.168.1.50' }] })
        .status,
    ).toBe(200);
    const res = attach(cloud, id, {
      net_id: SAMPLE_NETWORK_ID,
      fixed_ips: [{ ip_address: '192.168.1.50' }],
    });
    const message = 'Fixed IP 192.168.1.50 is already in use.';
    expect(res.body).toEqual({ conflictingRequest: { code: 409, message } });
    const fault = cloud.compute.get(id)!.fault!;
    expect(fault).toMatchObject({ code: 500, message });
    expect(fault.details).toBe(
      'Traceback (most recent call last):\n' +
        '  File "nova/network/neutron.py", in _create_port_minimal\n' +
        `nova.exception.FixedIpAlreadyInUse: ${message}\n`,
    );
  });

  it("an admin attaching another project's port: 400 PortNotUsable", () => {
    const { cloud, id } = setUp();
    const port = userPort(cloud, 'someone-else');
    const res = attach(cloud, id, { port_id: port }, true);
    expect(res.body).toEqual({
      badRequest: { code: 400, message: `Port ${port} not usable for instance ${id}.` },
    });
    const vifs = cloud.compute.get(id)!.ports ?? [];
    expect(vifs.map((p) => p.id)).not.toContain(port);
    expect((lastAction(cloud, id).events as Json[])[0]).toMatchObject({ result: 'Error' });
  });

  it('no network named and two available: NetworkAmbiguous in the attach path words', () => {
    const { cloud, id } = setUp();
    const made = cloud.request({
      service: 'network',
      method: 'POST',
      path: '/v2.0/networks',
      body: { network: { name: 'second' } },
      auth: { projectId: PROJECT, userId: 'fake', roles: ['member'] },
    });
    expect(made.status).toBe(201);
    const res = call(cloud, 'POST', `servers/${id}/os-interface`, {});
    expect(res.body).toEqual({
      badRequest: {
        code: 400,
        message: 'Multiple possible networks found, use a Network ID to be more specific.',
      },
    });
  });

  it('detach of a port the server lacks: 202, then the compute records PortNotFound', () => {
    const { cloud, id, host } = setUp();
    const port = userPort(cloud);
    expect(call(cloud, 'DELETE', `servers/${id}/os-interface/${port}`).status).toBe(202);
    const message = `Port ${port} is not attached`;
    const action = lastAction(cloud, id);
    expect(action).toMatchObject({ action: 'detach_interface', message: 'Error' });
    expect(action.events).toEqual([
      expect.objectContaining({
        event: 'compute_detach_interface',
        result: 'Error',
        host,
        details: message,
        traceback:
          '  File "nova/compute/manager.py", in detach_interface\n' +
          '  File "nova/compute/manager.py", in _detach_interface\n',
      }),
    ]);
    expect(cloud.compute.get(id)!.fault).toMatchObject({ code: 404, message });
  });
});
