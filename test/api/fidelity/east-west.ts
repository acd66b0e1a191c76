import { expect } from 'vitest';
import { type Cloud, createCloud } from '../../../src/cloud.js';
import type { HostSpec } from '../../../src/scheduler/index.js';
import { call, IMAGE } from '../extras/helpers.js';

type Json = Record<string, unknown>;

/**
 * Two zones, one host each (west-1 shaped by `west`); an ACTIVE m1.tiny (512 MB) pinned to
 * `east`, on east-1.
 */
export function eastServer(west: Partial<HostSpec> = {}): { cloud: Cloud; id: string } {
  const cloud = createCloud({
    seed: 5,
    config: { jitter: 0 },
    hosts: [
      { name: 'east-1', availabilityZone: 'east' },
      { name: 'west-1', availabilityZone: 'west', ...west },
    ],
  });
  const res = call(cloud, 'POST', 'servers', {
    body: { server: { name: 'x', imageRef: IMAGE, flavorRef: '1', availability_zone: 'east' } },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  cloud.clock.advance(60_000);
  return { cloud, id: (res.body as { server: { id: string } }).server.id };
}

/** The server as an admin sees it at 2.90. */
export function show(cloud: Cloud, id: string): Json {
  return (
    call(cloud, 'GET', `servers/${id}`, { admin: true, version: '2.90' }).body as {
      server: Json;
    }
  ).server;
}
