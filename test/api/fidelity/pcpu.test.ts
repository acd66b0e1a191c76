import { describe, expect, it } from 'vitest';
import type { Cloud } from '../../../src/cloud.js';
import { call, IMAGE, messageOf, newCloud } from '../extras/helpers.js';

// Master's hardware.numa_get_constraints (run by compute.API on a create's and a resize's
// flavor) refuses explicit VCPU/PCPU resources mixed with hw:cpu_policy, with each other,
// or a PCPU count other than the flavor's vCPUs (+1 with emulator threads isolated): 400
// InvalidRequest. An explicit resources:PCPU gets no VCPU fallback in the scheduler, and
// no host reports PCPU inventory (nor does the fake driver): NoValidHost. hw:cpu_policy
// alone falls back to VCPU ([workarounds] disable_fallback_pcpu_query is False) and boots.

function flavorWith(cloud: Cloud, id: string, vcpus: number, specs: Record<string, string>) {
  const made = call(cloud, 'POST', 'flavors', {
    admin: true,
    body: { flavor: { name: id, ram: 512, vcpus, disk: 1, id } },
  });
  expect(made.status, JSON.stringify(made.body)).toBe(200);
  const set = call(cloud, 'POST', `flavors/${id}/os-extra_specs`, {
    admin: true,
    body: { extra_specs: specs },
  });
  expect(set.status, JSON.stringify(set.body)).toBe(200);
}

function create(cloud: Cloud, flavorRef: string) {
  return call(cloud, 'POST', 'servers', {
    version: '2.37',
    body: { server: { name: 'p', imageRef: IMAGE, flavorRef, networks: 'none' } },
  });
}

function serverCount(cloud: Cloud): number {
  return (call(cloud, 'GET', 'servers').body as { servers: unknown[] }).servers.length;
}

const WITH_POLICY =
  "It is not possible to use the 'resources:VCPU' or 'resources:PCPU' extra specs in combination with the 'hw:cpu_policy' extra spec or 'hw_cpu_policy' image metadata property; use one or the other";

describe('explicit PCPU and VCPU requests', () => {
  it.each([
    [{ 'hw:cpu_policy': 'dedicated', 'resources:PCPU': '1' }, 1, WITH_POLICY],
    [{ 'hw:cpu_policy': 'shared', 'resources1:VCPU': '1' }, 1, WITH_POLICY],
    [
      { 'resources:VCPU': '1', 'resources:PCPU': '1' },
      1,
      "It is not possible to specify both 'resources:VCPU' and 'resources:PCPU' extra specs; use one or the other",
    ],
    [
      { 'resources:PCPU': '2' },
      1,
      "There is a mismatch between the number of PCPUs requested via 'resourcesNN:PCPU' and the flavor); you must allocate exactly flavor.vcpus PCPUs",
    ],
    [
      { 'resources:PCPU': '2', 'hw:emulator_threads_policy': 'isolate' },
      2,
      "You have requested 'hw:emulator_threads_policy=isolate' but have not requested sufficient PCPUs to handle this policy; you must allocate exactly flavor.vcpus + 1 PCPUs.",
    ],
  ])('%j on %i vCPUs: 400, nothing created', (specs, vcpus, message) => {
    const cloud = newCloud();
    flavorWith(cloud, 'f', vcpus, specs);
    const before = serverCount(cloud);
    const res = create(cloud, 'f');
    expect(res.status).toBe(400);
    expect(messageOf(res.body)).toBe(message);
    expect(serverCount(cloud)).toBe(before);
  });

  it('resources:PCPU = vcpus passes the API, then no host has PCPU: ERROR, NoValidHost', () => {
    const cloud = newCloud();
    flavorWith(cloud, 'pinned', 2, { 'resources:PCPU': '2' });
    const res = create(cloud, 'pinned');
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    cloud.clock.advance(60_000);
    const id = (res.body as { server: { id: string } }).server.id;
    const shown = call(cloud, 'GET', `servers/${id}`).body as {
      server: { status: string; fault: { message: string } };
    };
    expect(shown.server.status).toBe('ERROR');
    expect(shown.server.fault.message).toBe('No valid host was found. ');
  });

  it('hw:cpu_policy=dedicated alone falls back to VCPU and boots', () => {
    const cloud = newCloud();
    flavorWith(cloud, 'dedicated', 1, { 'hw:cpu_policy': 'dedicated' });
    const res = create(cloud, 'dedicated');
    expect(res.status).toBe(202);
    cloud.clock.advance(60_000);
    const id = (res.body as { server: { id: string } }).server.id;
    expect(cloud.compute.get(id)!.machine.vmState).toBe('active');
  });

  it('a resize to such a flavor is refused the same way, and to resources:PCPU finds no host', () => {
    const cloud = newCloud();
    const made = create(cloud, '1');
    cloud.clock.advance(60_000);
    const id = (made.body as { server: { id: string } }).server.id;
    flavorWith(cloud, 'mixed', 1, { 'hw:cpu_policy': 'dedicated', 'resources:PCPU': '1' });
    const refused = call(cloud, 'POST', `servers/${id}/action`, {
      body: { resize: { flavorRef: 'mixed' } },
    });
    expect(refused.status).toBe(400);
    expect(messageOf(refused.body)).toBe(WITH_POLICY);
    expect(cloud.compute.get(id)!.actions.map((a) => a.action)).toEqual(['create']);
    flavorWith(cloud, 'pinned', 1, { 'resources:PCPU': '1' });
    const accepted = call(cloud, 'POST', `servers/${id}/action`, {
      body: { resize: { flavorRef: 'pinned' } },
    });
    expect(accepted.status).toBe(202);
    cloud.clock.advance(60_000);
    const server = cloud.compute.get(id)!;
    expect(server.machine.vmState).toBe('active');
    expect(server.flavor.id).toBe('1');
    expect(server.fault?.message).toBe('No valid host was found. ');
  });
});
