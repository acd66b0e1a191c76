import { describe, expect, it } from 'vitest';
import { ADMIN, action, activeServer, show } from './helpers.js';

// nova/compute/manager.py _shelve_offload_instance calls _nil_out_instance_obj_host_and_node,
// which sets availability_zone to None: the view's `az or ''` gives '' until the server
// spawns again.
describe('a shelved-offloaded server shows no availability zone', () => {
  it("shows '' once offloaded, and the host's zone again after unshelve", () => {
    const { cloud, id } = activeServer();
    expect(show(cloud, id, ADMIN)['OS-EXT-AZ:availability_zone']).toBe('nova');
    expect(action(cloud, id, { shelve: null }).status).toBe(202);
    cloud.clock.advance(120_000);
    const offloaded = show(cloud, id, ADMIN);
    expect(offloaded.status).toBe('SHELVED_OFFLOADED');
    expect(offloaded['OS-EXT-AZ:availability_zone']).toBe('');
    expect(offloaded['OS-EXT-SRV-ATTR:host']).toBeNull();
    expect(action(cloud, id, { unshelve: null }).status).toBe(202);
    cloud.clock.advance(120_000);
    expect(show(cloud, id, ADMIN)['OS-EXT-AZ:availability_zone']).toBe('nova');
  });
});
