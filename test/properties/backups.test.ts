import { describe, expect, it } from 'vitest';
import { createCloud } from '../../src/cloud.js';
import { BackupLedger } from '../../src/testing/invariants/backups.js';

const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
const member = { projectId: 'alpha', userId: 'alpha-user', roles: ['member'] };

function activeServer() {
  const cloud = createCloud({ seed: 9 });
  const ledger = new BackupLedger();
  ledger.attach(cloud);
  const created = cloud.request({
    method: 'POST',
    path: '/v2.1/servers',
    auth: member,
    body: { server: { name: 'a', imageRef: IMAGE, flavorRef: '1', networks: 'none' } },
    headers: { 'X-OpenStack-Nova-API-Version': '2.37' },
  });
  const serverId = (created.body as { server: { id: string } }).server.id;
  cloud.clock.advance(60_000);
  return { cloud, ledger, serverId };
}

function backup(env: ReturnType<typeof activeServer>, rotation: number): number {
  env.ledger.expectBackup(rotation);
  const res = env.cloud.request({
    method: 'POST',
    path: `/v2.1/servers/${env.serverId}/action`,
    auth: member,
    body: { createBackup: { name: 'nightly', backup_type: 'daily', rotation } },
  });
  env.ledger.expectBackup(undefined);
  env.cloud.clock.advance(60_000);
  return res.status;
}

function liveBackups(env: ReturnType<typeof activeServer>): number {
  return env.cloud.image
    .visibleImages(member)
    .filter(
      (i) => i.properties.image_type === 'backup' && i.properties.instance_uuid === env.serverId,
    ).length;
}

describe('the backup rotation invariant', () => {
  it('holds while Nova rotates: three backups with rotation 2 leave two', () => {
    const env = activeServer();
    for (let i = 0; i < 3; i++) expect(backup(env, 2)).toBe(202);
    expect(liveBackups(env)).toBe(2);
    expect(() => env.ledger.check(env.cloud)).not.toThrow();
  });

  it('holds when a smaller rotation follows a larger one', () => {
    const env = activeServer();
    for (let i = 0; i < 3; i++) expect(backup(env, 3)).toBe(202);
    expect(backup(env, 1)).toBe(202);
    expect(liveBackups(env)).toBe(1);
    expect(() => env.ledger.check(env.cloud)).not.toThrow();
  });

  it('catches backups that were not rotated', () => {
    const env = activeServer();
    const server = env.cloud.compute.get(env.serverId)!;
    // Glance rows that claim rotation 1 but were made without it: nothing rotates them.
    for (let i = 0; i < 2; i++) {
      env.ledger.expectBackup(1);
      env.cloud.image.createSnapshot({
        name: `b${i}`,
        owner: 'alpha',
        visibility: 'private',
        properties: { image_type: 'backup', backup_type: 'daily', instance_uuid: server.id },
        minDisk: 1,
        minRam: 0,
        size: 1,
        savingAfterMs: 0,
        uploadMs: 1000,
      });
      env.cloud.clock.advance(10_000);
    }
    expect(() => env.ledger.check(env.cloud)).toThrow(
      /\[images\] backup .* \(rotation 1\) went active, yet 2/,
    );
  });
});
