import { describe, expect, it } from 'vitest';
import { act, boot, call, newCloud } from '../api/extras/helpers.js';

// A resize's request spec carries the new flavor (master conductor
// _get_request_spec_for_cold_migrate sets request_spec.flavor): the scheduler's filters
// read the new flavor's extra specs, not the old one's.

describe("a resize is scheduled with the new flavor's extra specs", () => {
  it('ComputeCapabilitiesFilter refuses every host for the new flavor: NoValidHost', () => {
    const cloud = newCloud({ hosts: { count: 2 } });
    const made = call(cloud, 'POST', 'flavors', {
      admin: true,
      body: { flavor: { name: 'qemu-only', ram: 512, vcpus: 1, disk: 1, id: 'qemu-only' } },
    });
    expect(made.status).toBe(200);
    const specs = call(cloud, 'POST', 'flavors/qemu-only/os-extra_specs', {
      admin: true,
      body: { extra_specs: { 'capabilities:hypervisor_type': 'QEMU' } },
    });
    expect(specs.status).toBe(200);
    const id = boot(cloud);
    act(cloud, id, { resize: { flavorRef: 'qemu-only' } });
    const server = cloud.compute.get(id)!;
    expect(server.machine.vmState).toBe('active');
    expect(server.flavor.id).toBe('1');
    expect(server.fault?.message).toMatch(/^No valid host was found\./);
  });
});
