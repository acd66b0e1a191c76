import { describe, expect, it } from 'vitest';
import { createCloud } from '../../src/cloud.js';
import * as ops from '../../src/compute/operations.js';
import {
  admin,
  boot,
  ids,
  list,
  member,
  newCloud,
  PROJECT,
  settle,
} from '../api/listing/helpers.js';

const HOUR = 3_600_000;

function deleteOne(cloud: ReturnType<typeof newCloud>, name: string) {
  const [server] = boot(cloud, { name });
  settle(cloud);
  ops.deleteServer(cloud.compute, server!, member());
  settle(cloud);
  return server!;
}

function actionsOf(cloud: ReturnType<typeof newCloud>, id: string) {
  return cloud.request({
    method: 'GET',
    path: `/v2.1/servers/${id}/os-instance-actions`,
    headers: { 'OpenStack-API-Version': 'compute 2.21' },
    auth: { projectId: PROJECT, userId: 'alice', roles: ['member'] },
  });
}

describe('deleted servers are archived after deletedServerRetention', () => {
  it('stay visible to changes-since and os-instance-actions until the retention passes', () => {
    const cloud = newCloud({ deletedServerRetention: 3600 });
    const since = new Date(cloud.clock.now()).toISOString();
    const gone = deleteOne(cloud, 'gone');
    const query = `changes-since=${encodeURIComponent(since)}`;
    expect(ids(list(cloud, { query }))).toEqual([gone.id]);
    expect(actionsOf(cloud, gone.id).status).toBe(200);

    cloud.clock.advance(HOUR + 1000);
    expect(ids(list(cloud, { query }))).toEqual([]);
    expect(ids(list(cloud, { query: 'deleted=true', caller: admin(PROJECT) }))).toEqual([]);
    expect(actionsOf(cloud, gone.id).status).toBe(404);
    expect(cloud.compute.get(gone.id)).toBeUndefined();
  });

  it('keeps them forever with a negative retention', () => {
    const cloud = newCloud({ deletedServerRetention: -1 });
    const gone = deleteOne(cloud, 'kept');
    cloud.clock.advance(1000 * HOUR);
    expect(actionsOf(cloud, gone.id).status).toBe(200);
  });

  it('holds a flat number of rows under steady churn', () => {
    const cloud = newCloud({ deletedServerRetention: 60 });
    const sizes: number[] = [];
    for (let round = 0; round < 40; round++) {
      for (let i = 0; i < 5; i++) deleteOne(cloud, `churn-${round}-${i}`);
      list(cloud);
      if (round >= 20) sizes.push(cloud.compute.servers.size);
    }
    expect(Math.max(...sizes)).toBeLessThanOrEqual(Math.min(...sizes) + 5);
    expect(Math.max(...sizes)).toBeLessThan(50);
  });

  it('archives the same rows after a snapshot and restore', () => {
    const cloud = newCloud({ deletedServerRetention: 120 });
    // a is deleted at T, b at T + 80 s; the snapshot is taken at T + 110 s.
    const first = deleteOne(cloud, 'a');
    cloud.clock.advance(20_000);
    const second = deleteOne(cloud, 'b');
    const restored = createCloud({ restore: cloud.snapshot() });
    restored.clock.advance(15_000);
    list(restored);
    expect(restored.compute.get(first.id)).toBeUndefined();
    expect(restored.compute.get(second.id)?.deleted).toBe(true);
  });
});
