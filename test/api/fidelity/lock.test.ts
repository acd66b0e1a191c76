import { describe, expect, it } from 'vitest';
import { createCloud } from '../../../src/cloud.js';
import { action, activeServer, IMAGE, show, V } from './helpers.js';

const OTHER_ADMIN = { projectId: 'admin-project', userId: 'root', roles: ['admin'] };

function lockActions(cloud: ReturnType<typeof activeServer>['cloud'], id: string) {
  const res = cloud.request({
    method: 'GET',
    path: `/v2.1/servers/${id}/os-instance-actions`,
    headers: V,
  });
  return (res.body.instanceActions as { action: string }[]).filter((a) => a.action === 'lock');
}

describe('lock as nova/compute/api.py does it (#9.6)', () => {
  it('records nothing when the owner locks an already-locked server', () => {
    const { cloud, id } = activeServer();
    expect(action(cloud, id, { lock: { locked_reason: 'first' } }).status).toBe(202);
    expect(action(cloud, id, { lock: { locked_reason: 'second' } }).status).toBe(202);
    expect(lockActions(cloud, id)).toHaveLength(1);
    expect(show(cloud, id).locked_reason).toBe('first');
  });

  it('lets an admin of another project take an owner lock over; the owner cannot unlock', () => {
    const { cloud, id } = activeServer();
    action(cloud, id, { lock: null });
    expect(action(cloud, id, { lock: { locked_reason: 'ops' } }, OTHER_ADMIN).status).toBe(202);
    expect(lockActions(cloud, id)).toHaveLength(2);
    const unlock = action(cloud, id, { unlock: null });
    expect(unlock.status).toBe(403);
    expect(unlock.body.forbidden.message).toBe(
      "Policy doesn't allow os_compute_api:os-lock-server:unlock:unlock_override to be performed.",
    );
    expect(show(cloud, id).locked_reason).toBe('ops');
  });
});

describe('forceDelete in os-instance-actions (#9.7)', () => {
  it("is recorded as 'delete', as Nova's _delete records it", () => {
    const { cloud, id } = createSoftDeleting();
    expect(
      cloud.request({ method: 'DELETE', path: `/v2.1/servers/${id}`, headers: V }).status,
    ).toBe(204);
    cloud.clock.advance(60_000);
    expect(action(cloud, id, { forceDelete: null }).status).toBe(202);
    const res = cloud.request({
      method: 'GET',
      path: `/v2.1/servers/${id}/os-instance-actions`,
      headers: V,
    });
    const names = (res.body.instanceActions as { action: string }[]).map((a) => a.action);
    expect(names.filter((n) => n === 'delete')).toHaveLength(2);
    expect(names).not.toContain('forceDelete');
  });
});

function createSoftDeleting() {
  const cloud = createCloud({ seed: 7, config: { jitter: 0, reclaimInstanceInterval: 3600 } });
  const res = cloud.request({
    method: 'POST',
    path: '/v2.1/servers',
    headers: V,
    body: { server: { name: 'a', flavorRef: '1', imageRef: IMAGE, networks: 'none' } },
  });
  cloud.clock.advance(60_000);
  return { cloud, id: res.body.server.id as string };
}
