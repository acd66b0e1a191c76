import { expect } from 'vitest';
import { SAMPLE_PROJECT_ID } from '../../../src/catalog/defaults.js';
import { type Cloud, createCloud } from '../../../src/cloud.js';

export const IMAGE = '70a599e0-31e7-49b7-b260-868f441e862b';
export const ADMIN = { projectId: SAMPLE_PROJECT_ID, userId: 'admin-user', roles: ['admin'] };
export const V = { 'OpenStack-API-Version': 'compute latest' };

/** A public, active catalog image (`catalog.images` entry); `extra` overrides any field. */
export function catalogImage(id: string, extra: Record<string, unknown> = {}) {
  return {
    id,
    name: id.slice(-1),
    status: 'active',
    visibility: 'public',
    minDisk: 0,
    minRam: 0,
    size: 1024,
    properties: {},
    ownerProjectId: null,
    ...extra,
  };
}

/** A cloud with one ACTIVE server of the default caller; `config` adds cloud options. */
export function activeServer(config: Record<string, unknown> = {}): { cloud: Cloud; id: string } {
  const cloud = createCloud({ seed: 7, config: { jitter: 0, ...config } });
  const res = cloud.request({
    method: 'POST',
    path: '/v2.1/servers',
    headers: V,
    body: { server: { name: 'a', flavorRef: '1', imageRef: IMAGE, networks: 'none' } },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(202);
  cloud.clock.advance(60_000);
  return { cloud, id: res.body.server.id as string };
}

export function action(cloud: Cloud, id: string, body: unknown, auth?: typeof ADMIN) {
  return cloud.request({
    method: 'POST',
    path: `/v2.1/servers/${id}/action`,
    headers: V,
    body,
    ...(auth ? { auth } : {}),
  });
}

export function show(cloud: Cloud, id: string, auth?: typeof ADMIN) {
  return cloud.request({
    method: 'GET',
    path: `/v2.1/servers/${id}`,
    headers: V,
    ...(auth ? { auth } : {}),
  }).body.server;
}
